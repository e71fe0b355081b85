"""The plan towards work (suunnitelma kohti työelämää): one plan per client, goals in the
client's own words, and steps under each goal (what, who, which organisation, by when).

Every write goes through polku.plans.services, which checks the plan's `version`
(optimistic locking, polku.core.locking): a save made from a stale page is refused."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from polku.core.dates import short_date
from polku.core.models import FetchModeManager
from polku.core.validators import free_text


class Plan(models.Model):
    client = models.OneToOneField("clients.Client", on_delete=models.PROTECT, related_name="plan")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking (polku.core.locking)

    objects = FetchModeManager()

    class Meta:
        verbose_name = _("plan towards work")
        verbose_name_plural = _("plans towards work")

    def __str__(self) -> str:
        # Read by people (the admin, the client's access export): no ids.
        return gettext("Plan, version %(version)s") % {"version": self.version}


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(models.Model):
    """A goal in the client's own words."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    text = models.CharField(
        _("goal in the client's own words"), max_length=500, validators=free_text()
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = FetchModeManager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GoalStatus.values), name="goal_status_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="goal_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text


class StepStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STEP_STATUSES = (StepStatus.PLANNED, StepStatus.IN_PROGRESS)


class Step(models.Model):
    """What is done towards a goal, who is responsible (a professional or the client
    themself, never both; nobody yet while the step waits for the coordinator to assign it
    in the organisation that provides it), in which organisation, by when, and which
    service of the map it uses (free text only for something not on the map)."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="steps")
    what = models.CharField(_("what"), max_length=500, validators=free_text())
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible professional"),
        on_delete=models.PROTECT,
        related_name="plan_steps",
        null=True,
        blank=True,
    )
    responsible_is_client = models.BooleanField(_("the client is responsible"), default=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    service = models.ForeignKey(
        "catalogue.Service",
        verbose_name=_("service on the map"),
        on_delete=models.PROTECT,
        related_name="plan_steps",
        null=True,
        blank=True,
    )
    # Free text only for a service or benefit that is not on the map.
    service_name = models.CharField(
        _("service not on the map"), max_length=200, blank=True, validators=free_text()
    )
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=12, choices=StepStatus.choices, default=StepStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = FetchModeManager()

    class Meta:
        ordering = ["target_date", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_is_client=False) | Q(responsible__isnull=True),
                name="step_responsible_not_both",
            ),
            models.CheckConstraint(
                condition=Q(service__isnull=True) | Q(service_name=""),
                name="step_service_on_map_or_text",
            ),
            models.CheckConstraint(
                condition=Q(status__in=StepStatus.values), name="step_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="step_done_on_only_when_done",
            ),
            models.CheckConstraint(condition=~Q(what=""), name="step_what_not_empty"),
        ]
        indexes = [
            models.Index(fields=["responsible", "status", "target_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.what} ({short_date(self.target_date)})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STEP_STATUSES

    @property
    def is_unassigned(self) -> bool:
        """Nobody is responsible yet: the coordinator assigns it (see the plan page)."""
        return not self.responsible_is_client and self.responsible_id is None

    @property
    def service_label(self) -> str:
        """The service in the reader's language: the map entry's name, else the free text."""
        if self.service_id is not None and self.service is not None:
            return self.service.name
        return self.service_name
