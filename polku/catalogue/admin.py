"""Curators edit the catalogue in the Django admin: the three languages side by side, the
route structure inline, and every change kept in the history (django-simple-history)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from polku.core.admin_privacy import ClientSafeAdmin

from . import matching
from .models import Prerequisite, Provider, PtvSyncRun, Service, ServiceChannel


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
    list_display = [
        "slug",
        "name_fi",
        "kind",
        "provider",
        "source",
        "verified",
        "last_checked",
        "is_active",
    ]
    list_filter = ["source", "kind", "provider__kind", "verified", "is_active", "valid_until"]
    readonly_fields = ["ptv_modified", "ptv_synced_at", "municipalities", "classifications"]
    change_list_template = "admin/catalogue/service/change_list.html"
    search_fields = ["slug", "name_fi", "name_sv", "name_en"]
    filter_horizontal = ["exclusions", "next_steps"]
    autocomplete_fields = ["replaced_by"]
    inlines = [PrerequisiteInline]
    fieldsets = [
        (None, {"fields": ["slug", "kind", "provider", "is_active"]}),
        (
            _("Suomi.fi-palvelutietovaranto"),
            {
                "fields": [
                    ("source", "ptv_id"),
                    ("ptv_modified", "ptv_synced_at"),
                    "municipalities",
                    "classifications",
                ],
                "description": _(
                    "A PTV entry's texts, areas, classes and channels come from the sync; "
                    "the plain-language summary, the income effect, the route structure, "
                    "rules and processing times are curated here and kept through every sync."
                ),
            },
        ),
        (_("Plain-language summary"), {"fields": [_side_by_side("plain_summary")]}),
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

    def get_urls(self):
        extra = [
            path(
                "ptv-matches/",
                self.admin_site.admin_view(self.ptv_matches),
                name="catalogue_service_ptv_matches",
            )
        ]
        return extra + super().get_urls()

    def ptv_matches(self, request: HttpRequest):
        """Curated entries and PTV services that look alike; a curator links them."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            curated = get_object_or_404(Service, pk=request.POST.get("curated"))
            ptv = get_object_or_404(Service, pk=request.POST.get("ptv"))
            try:
                matching.link(curated, ptv)
            except matching.LinkError:
                messages.error(request, gettext("These two entries cannot be linked."))
            else:
                messages.success(
                    request,
                    gettext("“%(curated)s” now carries the PTV service “%(ptv)s”.")
                    % {"curated": curated.name_fi, "ptv": ptv.name_fi},
                )
            return redirect("admin:catalogue_service_ptv_matches")
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Matches with Suomi.fi-palvelutietovaranto"),
            "candidates": matching.candidates(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalogue/service/ptv_matches.html", context)


@admin.register(ServiceChannel)
class ServiceChannelAdmin(ClientSafeAdmin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "ptv_id", "ptv_modified", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["ptv_id"]

    def has_add_permission(self, request: HttpRequest):
        return False

    def has_change_permission(self, request: HttpRequest, obj=None):
        return False


@admin.register(PtvSyncRun)
class PtvSyncRunAdmin(ClientSafeAdmin, admin.ModelAdmin):
    list_display = [
        "started_at",
        "succeeded",
        "full",
        "created",
        "updated",
        "retired",
        "finished_at",
    ]
    list_filter = ["succeeded", "full"]

    def has_add_permission(self, request: HttpRequest):
        return False

    def has_change_permission(self, request: HttpRequest, obj=None):
        return False


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
