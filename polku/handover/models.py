"""Warm handover (saattaen siirto): the coordinator proposes, a joint meeting with the client
takes place, the receiver accepts or declines. Until acceptance the old coordinator stays
responsible; acceptance moves the role with polku.clients.services.transfer_coordinator."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.models import FetchModeManager
from polku.core.validators import free_text


class HandoverStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Handover(models.Model):
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="handovers")
    from_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="handovers_given"
    )
    to_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    reason = models.CharField(_("reason"), max_length=500, validators=free_text())
    summary = models.TextField(_("handover summary"), max_length=8000, validators=free_text(8000))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("joint meeting"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=HandoverStatus.choices, default=HandoverStatus.PROPOSED
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True, validators=free_text())

    objects = FetchModeManager()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="proposed"),
                name="one_open_handover_per_client",
            ),
            models.CheckConstraint(
                condition=~Q(from_coordinator=models.F("to_professional")),
                name="handover_to_someone_else",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.from_coordinator_id} → {self.to_professional_id}"


class Settlement(models.Model):
    """How one open agreement, next contact or plan step of the leaving coordinator is
    settled in a handover: reassigned to a network member (the receiver or another), or kept
    by her, in which case she stays in the client's network as a member. Decided before
    acceptance and applied at acceptance (polku.handover.services.accept_handover)."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="settlements")
    agreement = models.ForeignKey(
        "meetings.Agreement", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    next_contact = models.ForeignKey(
        "meetings.NextContact", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    step = models.ForeignKey(
        "plans.Step", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    keep = models.BooleanField(_("kept by the former coordinator"), default=False)
    to_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reassigned to"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    objects = FetchModeManager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False, next_contact__isnull=True, step__isnull=True)
                | Q(agreement__isnull=True, next_contact__isnull=False, step__isnull=True)
                | Q(agreement__isnull=True, next_contact__isnull=True, step__isnull=False),
                name="settlement_of_one_item",
            ),
            models.CheckConstraint(
                condition=Q(keep=True, to_professional__isnull=True)
                | Q(keep=False, to_professional__isnull=False),
                name="settlement_kept_or_reassigned",
            ),
            models.UniqueConstraint(
                fields=["handover", "agreement"],
                condition=Q(agreement__isnull=False),
                name="one_settlement_per_agreement",
            ),
            models.UniqueConstraint(
                fields=["handover", "next_contact"],
                condition=Q(next_contact__isnull=False),
                name="one_settlement_per_next_contact",
            ),
            models.UniqueConstraint(
                fields=["handover", "step"],
                condition=Q(step__isnull=False),
                name="one_settlement_per_plan_step",
            ),
        ]

    def __str__(self) -> str:
        if self.agreement_id:
            item = f"agreement:{self.agreement_id}"
        elif self.next_contact_id:
            item = f"next_contact:{self.next_contact_id}"
        else:
            item = f"plan_step:{self.step_id}"
        return f"{self.handover_id} {item}: {'keep' if self.keep else self.to_professional_id}"
