"""Curators edit the catalogue in the Django admin: the three languages side by side, the
route structure inline, and every change kept in the history (django-simple-history)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from polku.core.admin_privacy import ClientSafeAdmin

from .models import Prerequisite, Provider, Service


def _side_by_side(field: str) -> tuple[str, str, str]:
    return (f"{field}_fi", f"{field}_sv", f"{field}_en")


class PrerequisiteInline(admin.TabularInline):
    model = Prerequisite
    fk_name = "service"
    extra = 0
    autocomplete_fields = ["required"]
    fields = ["required", "note_fi", "note_sv", "note_en"]


@admin.register(Service)
class ServiceAdmin(ClientSafeAdmin, SimpleHistoryAdmin):
    list_display = ["slug", "name_fi", "kind", "provider", "verified", "last_checked", "is_active"]
    list_filter = ["kind", "provider__kind", "verified", "is_active", "valid_until"]
    search_fields = ["slug", "name_fi", "name_sv", "name_en"]
    filter_horizontal = ["exclusions", "next_steps"]
    autocomplete_fields = ["replaced_by"]
    inlines = [PrerequisiteInline]
    fieldsets = [
        (None, {"fields": ["slug", "kind", "provider", "is_active"]}),
        (_("Name"), {"fields": [_side_by_side("name")]}),
        (_("Who it is for"), {"fields": [_side_by_side("audience")]}),
        (_("What happens"), {"fields": [_side_by_side("description")]}),
        (_("What it means for your income"), {"fields": [_side_by_side("income_effect")]}),
        (
            _("How to apply"),
            {"fields": [_side_by_side("how_to_apply"), ("application_form", "application_url")]},
        ),
        (
            _("Facts and sources"),
            {
                "fields": [
                    "processing_time_days",
                    (
                        "processing_time_source",
                        "processing_time_source_sv",
                        "processing_time_source_en",
                    ),
                    _side_by_side("legal_basis"),
                    "source_url",
                    ("last_checked", "verified"),
                    _side_by_side("verification_note"),
                ]
            },
        ),
        (
            _("Validity"),
            {
                "fields": [
                    ("valid_from", "valid_until"),
                    _side_by_side("validity_source"),
                    "replaced_by",
                ]
            },
        ),
        (_("Where and for whom"), {"fields": ["area", "life_situations", "languages"]}),
        (
            _("Route structure"),
            {"fields": ["exclusions", "next_steps", ("eligibility_rule", "income_component")]},
        ),
    ]


@admin.register(Provider)
class ProviderAdmin(ClientSafeAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name"]
    fields = [
        "name",
        "kind",
        _side_by_side("description"),
        ("website", "email", "phone"),
        "business_id",
        "organisation",
    ]
