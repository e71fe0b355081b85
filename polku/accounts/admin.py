from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from polku.core.admin_privacy import ClientSafeAdmin

from . import enrolment
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
    actions = ["make_enrolment_link"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Polku", {"fields": ("organisation", "profession", "phone", "is_demo")}),
    )

    @admin.action(description=_("Create a one-time link to enrol the authenticator"))
    def make_enrolment_link(self, request, queryset):
        """One link per selected active professional, shown once in the message (only the
        token's hash is stored); give it to the person through another channel."""
        for user in queryset.filter(is_active=True):
            link, path = enrolment.create_link(user, created_by=request.user, request=request)
            messages.warning(
                request,
                _("Enrolment link for %(user)s (once, until %(until)s): %(url)s")
                % {
                    "user": user.username,
                    "until": formats.date_format(
                        timezone.localtime(link.expires_at), "SHORT_DATETIME_FORMAT"
                    ),
                    "url": request.build_absolute_uri(path),
                },
            )
