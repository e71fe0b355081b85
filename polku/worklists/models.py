"""Alerts raised by the daily scan (polku.worklists.scan) and the log of e-mail digests."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from polku.core.models import FetchModeManager


class Alert(models.Model):
    """One rule holding for one subject (a client, an agreement or a handover).

    An alert stays open while its rule holds; the scan resolves it when the rule no longer
    holds. At most one open alert per (rule, subject), and at most one raised per day, so
    running the scan twice creates nothing new."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="alerts")
    rule = models.CharField(_("rule"), max_length=30)
    subject = models.CharField(max_length=60)  # e.g. "client:7", "agreement:12", "handover:3"
    raised_on = models.DateField(_("raised"))  # the day the scan first noticed it
    # The day the problem began, from the rule's own data (an agreement's due date, the last
    # contact): set by the scan and kept true while the alert is open. None when the rule's
    # data tell no such day: the problem then counts from raised_on (`problem_since`).
    since = models.DateField(_("problem began"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="alerts",
        null=True,
        blank=True,
    )
    notified_at = models.DateTimeField(null=True, blank=True)  # in an e-mail digest

    objects = FetchModeManager()

    class Meta:
        ordering = ["raised_on", "id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject"],
                condition=Q(resolved_on__isnull=True),
                name="one_open_alert_per_rule_and_subject",
            ),
            models.UniqueConstraint(
                fields=["rule", "subject", "raised_on"], name="one_alert_per_rule_subject_day"
            ),
        ]
        indexes = [
            models.Index(fields=["assigned_to", "resolved_on"]),
            models.Index(fields=["client", "resolved_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject} ({self.raised_on})"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None

    @property
    def problem_since(self) -> dt.date:
        """The day the problem began, or the day it was first noticed if that is unknown."""
        return self.since or self.raised_on


class DigestLog(models.Model):
    """One e-mail digest per professional per day: the row is claimed before sending."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    counts = models.JSONField(default=dict)

    objects = FetchModeManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["professional", "sent_on"], name="one_digest_per_professional_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.professional_id} {self.sent_on}"
