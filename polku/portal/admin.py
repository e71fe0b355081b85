"""Staff keep the client council in the admin: sessions (who is invited — only clients who
opted in) and the fate of each proposal, which the portal publishes back to clients."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.access import policy
from polku.clients.models import Client
from polku.core.admin_privacy import ClientSafeAdmin

from . import disclosure, services
from .models import CouncilMembership, CouncilSession, Proposal


@admin.register(CouncilSession)
class CouncilSessionAdmin(ClientSafeAdmin):
    """Invitations offer only the council members (clients who opted in) that the signed-in
    user may see under the access rule, and every listing of them is audited (issue #18,
    finding 14). Invitations made by others, of clients this user may not see, are neither
    shown nor dropped when the session is saved."""

    list_display = ("starts_at", "theme", "place")
    filter_horizontal = ("invited",)

    def _invitable(self, request: HttpRequest):
        return (
            Client.objects.filter(pk__in=CouncilMembership.objects.values("client_id"))
            .visible_to(request.user)
            .order_by("last_name", "first_names", "pk")
        )

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "invited":
            kwargs["queryset"] = self._invitable(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_exclude(self, request: HttpRequest, obj=None):
        # Read-only, Django would list every invited client's name, outside the rule.
        if not self.has_change_permission(request, obj):
            return ("invited",)
        return super().get_exclude(request, obj)

    def render_change_form(self, request: HttpRequest, context, *args, **kwargs):
        field = context["adminform"].form.fields.get("invited")
        if field is not None:
            shown = list(field.queryset.values_list("pk", flat=True))
            if shown:
                policy.audit_listed_ids(request, shown, purpose=disclosure.CLIENT_COUNCIL)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_related(self, request: HttpRequest, form, formsets, change):
        hidden: list[int] = []
        if change and "invited" in form.fields:
            hidden = list(
                form.instance.invited.exclude(
                    pk__in=form.fields["invited"].queryset.values("pk")
                ).values_list("pk", flat=True)
            )
        super().save_related(request, form, formsets, change)
        if hidden:
            form.instance.invited.add(*hidden)


@admin.register(Proposal)
class ProposalAdmin(ClientSafeAdmin):
    """Moderation: a new proposal is "waiting for moderation" and only its writer sees it.
    Publish it (other clients then see it, under consideration) or leave it unpublished
    with the reason the writer is shown."""

    list_display = ("text", "status", "created_at", "moderated_at", "decided_at")
    list_filter = ("status",)
    fields = ("text", "session", "status", "reason")
    readonly_fields = ("text",)
    actions = ["publish"]

    @admin.action(description=_("Publish the chosen proposals to clients"))
    def publish(self, request: HttpRequest, queryset):
        services.moderate(proposals=queryset.filter(status="pending"), publish=True)

    def save_model(self, request: HttpRequest, obj, form, change):
        if "status" in form.changed_data:
            if obj.status in ("considering", "rejected") and obj.moderated_at is None:
                obj.moderated_at = timezone.now()
            if obj.status in ("done", "not_done"):
                obj.decided_at = timezone.now()
        super().save_model(request, obj, form, change)
