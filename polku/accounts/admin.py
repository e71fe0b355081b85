from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.core.admin_privacy import ClientSafeAdmin
from polku.core.http import SignedInRequest

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
    def make_enrolment_link(
        self, request: SignedInRequest, queryset: QuerySet[User]
    ) -> TemplateResponse:
        """One link per selected active professional, shown once on the answer page itself
        (not through the message storage, which may be a cookie; only the token's hash is
        stored). The administrator gives it to the person through another channel."""
        links = []
        for user in queryset.filter(is_active=True):
            link, path = enrolment.create_link(user, created_by=request.user, request=request)
            links.append(
                {
                    "user": user,
                    "until": timezone.localtime(link.expires_at),
                    "url": request.build_absolute_uri(path),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Enrolment links"),
            "links": links,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "accounts/admin_enrolment_links.html", context)
