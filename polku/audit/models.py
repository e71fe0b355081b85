"""The audit trail: one append-only, hash-chained event per read or change of client data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    LIST = "list", _("listed")
    SEARCH = "search", _("searched")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    REVEAL = "reveal", _("showed the full personal identity code")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("signed in")
    LOGOUT = "logout", _("signed out")
    LOGIN_FAILED = "login_failed", _("failed sign-in")


class AuditEvent(models.Model):
    """Never updated or deleted: database triggers refuse it on PostgreSQL and SQLite.

    `hash` = HMAC-SHA256 under the audit key `key_id` (kept outside the database) over
    `prev_hash`, `key_id` and the event's canonical content (polku.audit.chain), so a changed,
    removed or inserted event breaks the chain at that point, and re-hashing needs the key.
    Signed checkpoints outside the database (polku.audit.anchors) reveal a removed tail."""

    occurred_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    actor_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    actor_profession = models.CharField(_("role"), max_length=40, blank=True)
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        null=True,
        related_name="audit_events",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target = models.CharField(_("what"), max_length=120, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["client", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_id} {self.action} {self.target}"
