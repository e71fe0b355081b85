from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from polku.core.admin_privacy import ClientSafeAdmin

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(ClientSafeAdmin):
    list_display = ["name", "kind", "is_public_authority", "municipality"]
    list_filter = ["kind", "is_public_authority"]
    search_fields = ["name"]


@admin.register(User)
class ProfessionalAdmin(ClientSafeAdmin, UserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "organisation",
        "profession",
        "is_active",
    ]
    list_filter = ["profession", "organisation__kind", "is_active"]
    list_select_related = ["organisation"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Polku", {"fields": ("organisation", "profession", "phone", "is_demo")}),
    )
