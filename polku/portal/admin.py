"""Staff keep the client council in the admin: sessions (who is invited — only clients who
opted in) and the fate of each proposal, which the portal publishes back to clients."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CouncilMembership, CouncilSession, Proposal


@admin.register(CouncilSession)
class CouncilSessionAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "theme", "place")
    filter_horizontal = ("invited",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "invited":
            from polku.clients.models import Client

            kwargs["queryset"] = Client.objects.filter(
                pk__in=CouncilMembership.objects.values("client_id")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Moderation: a new proposal is "waiting for moderation" and only its writer sees it.
    Publish it (other clients then see it, under consideration) or leave it unpublished
    with the reason the writer is shown."""

    list_display = ("text", "status", "created_at", "moderated_at", "decided_at")
    list_filter = ("status",)
    fields = ("text", "session", "status", "reason")
    readonly_fields = ("text",)
    actions = ["publish"]

    @admin.action(description=_("Publish the chosen proposals to clients"))
    def publish(self, request, queryset):
        services.moderate(proposals=queryset.filter(status="pending"), publish=True)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            if obj.status in ("considering", "rejected") and obj.moderated_at is None:
                obj.moderated_at = timezone.now()
            if obj.status in ("done", "not_done"):
                obj.decided_at = timezone.now()
        super().save_model(request, obj, form, change)
