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
    """Never updated or deleted: database triggers refuse it on PostgreSQL and SQLite, but
    for the sequencer filling in the chain columns of an unsequenced event once.

    `hash` = HMAC-SHA256 under the audit key `key_id` (kept outside the database) over
    `prev_hash`, `key_id` and the event's canonical content (polku.audit.chain), so a changed,
    removed or inserted event breaks the chain at that point, and re-hashing needs the key.
    Appended with an empty `prev_hash` (unsequenced, its MAC over the empty string), then
    linked by polku.audit.sequencer. Signed checkpoints outside the database
    (polku.audit.anchors) reveal a removed tail.

    On PostgreSQL the table is partitioned by month of `occurred_at` (migration 0005) and its
    primary key is (id, occurred_at), as a partitioned table's must include the partition
    key; Django keeps `id` as the model's primary key (ids come from one identity sequence,
    so they stay unique), which keeps the model, the admin and `.pk` as they were."""

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
    prev_hash = models.CharField(max_length=64, blank=True)  # empty: not yet sequenced
    key_id = models.CharField(max_length=16, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["client", "occurred_at"]),
            # The sequencer's tail: small, as events leave it when they are linked.
            models.Index(
                fields=["id"], condition=models.Q(prev_hash=""), name="audit_event_unsequenced"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_id} {self.action} {self.target}"


class RetentionCut(models.Model):
    """A retention cut: the oldest events of the chain, up to and including `last_event_id`,
    were removed because their retention period had passed (polku.audit.cuts). Append-only
    like the events (triggers); the chain's verification starts from the latest cut instead
    of the genesis hash.

    `position` counts the events from the chain's very start up to the last removed one, so
    checkpoints outside the database (which count from the start) still compare; `removed`
    is how many this cut removed; `before` is the moment every removed event preceded. The
    signature is an HMAC under the audit key `key_id` over all of them: without the key a
    cut cannot be forged, so the oldest events cannot be dropped unnoticed."""

    last_event_id = models.BigIntegerField(unique=True)
    last_hash = models.CharField(max_length=64)
    position = models.BigIntegerField(unique=True)
    removed = models.BigIntegerField()
    before = models.DateTimeField()
    made_at = models.DateTimeField()
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["position"]
        verbose_name = _("audit retention cut")
        verbose_name_plural = _("audit retention cuts")

    def __str__(self) -> str:
        return f"{self.made_at:%Y-%m-%d} up to event {self.last_event_id} ({self.position})"
