"""A client's benefit and service applications and what each waits for (its blockers)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .analysis import CLOSED, awaits_decision


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PENDING = "pending", _("Pending")
    FURTHER_INFORMATION = "further_information_requested", _("Further information requested")
    GRANTED = "decided_granted", _("Decided: granted")
    PARTLY_GRANTED = "decided_partly_granted", _("Decided: partly granted")
    REFUSED = "decided_refused", _("Decided: refused")
    APPEALED = "appealed", _("Appealed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BlockerKind(models.TextChoices):
    DECISION = "decision", _("Waits for another application's decision")
    FURTHER_INFORMATION = "further_information", _("Further information")
    CLIENT_ACTION = "client_action", _("The client's own action")
    STATEMENT = "statement", _("Another organisation's statement")
    MEETING = "meeting", _("A meeting")


class Application(models.Model):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="applications"
    )
    service = models.ForeignKey(
        "catalogue.Service",
        verbose_name=_("benefit or service"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    deciding_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted = models.DateField(_("submitted"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=40, choices=ApplicationStatus.choices, default="draft"
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["submitted", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True)
                | Q(status__in=[*sorted(CLOSED - {"withdrawn"}), "appealed"]),
                name="decision_date_only_when_decided",
            )
        ]

    def __str__(self) -> str:
        return f"application {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    @property
    def awaits_decision(self) -> bool:
        """Drafted or sent, no decision yet (polku.knots.analysis.awaits_decision)."""
        return awaits_decision(self.status)

    @property
    def target_days(self) -> int | None:
        """The benefit's published target processing time while the decision is awaited;
        None once decided (an appeal pending too) or withdrawn: then the decision and its
        date are what is said, never an expected time."""
        return self.service.processing_time_days if self.awaits_decision else None


class Blocker(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="blockers")
    kind = models.CharField(_("kind"), max_length=30, choices=BlockerKind.choices)
    waits_for = models.ForeignKey(
        Application,
        verbose_name=_("waits for the decision on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waited_by",
    )
    what = models.CharField(_("what"), max_length=300, blank=True)
    from_whom = models.CharField(_("from whom"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who acts"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_is_client = models.BooleanField(_("the client acts"), default=False)
    due = models.DateField(_("by when"), null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The agreement the blocker became (on its owner's worklist); done → the blocker resolved.
    agreement = models.ForeignKey(
        "meetings.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blockers",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("blocker")
        verbose_name_plural = _("blockers")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="decision", waits_for__isnull=False)
                | (~Q(kind="decision") & Q(waits_for__isnull=True)),
                name="decision_blocker_names_the_application",
            ),
            models.CheckConstraint(
                condition=~Q(waits_for=models.F("application")), name="blocker_not_self_wait"
            ),
        ]

    def __str__(self) -> str:
        return f"blocker {self.pk} ({self.kind})"


class KnotOpening(models.Model):
    """ "Open the knot" meeting mode: a meeting that walks through the client's open blockers
    one by one. The figures at the start are kept for the research indicators."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="knot_opening"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="knot_openings"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    blockers_at_start = models.PositiveIntegerField()
    deadlocks_at_start = models.PositiveIntegerField()
    pending_at_start = models.PositiveIntegerField()  # open applications

    class Meta:
        ordering = ["-started_at", "pk"]
        verbose_name = _("knot opening")
        verbose_name_plural = _("knot openings")

    def __str__(self) -> str:
        return f"knot opening {self.pk}"


class StepOutcome(models.TextChoices):
    PENDING = "pending", _("Not yet discussed")
    RESOLVED = "resolved", _("Resolved in the meeting")
    AGREED = "agreed", _("Agreed who does it and by when")
    SKIPPED = "skipped", _("Left for later")


class KnotStep(models.Model):
    """One blocker on the meeting's walk, in the order that opens the knot."""

    opening = models.ForeignKey(KnotOpening, on_delete=models.CASCADE, related_name="steps")
    blocker = models.ForeignKey(Blocker, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    deadlocked = models.BooleanField(default=False)
    outcome = models.CharField(
        max_length=10, choices=StepOutcome.choices, default=StepOutcome.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("knot step")
        verbose_name_plural = _("knot steps")
        ordering = ["opening", "position"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "blocker"], name="knot_step_once"),
            models.UniqueConstraint(fields=["opening", "position"], name="knot_step_position"),
            models.CheckConstraint(
                condition=Q(outcome="pending", decided_at__isnull=True)
                | (~Q(outcome="pending") & Q(decided_at__isnull=False)),
                name="knot_step_decided_when_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"step {self.position} of {self.opening_id}"
