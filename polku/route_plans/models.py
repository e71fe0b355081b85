"""The route planner's own data: the facts about a client that the rules engine needs and
Polku does not otherwise hold, the routes chosen, and population screening (runs and the
"likely eligible, not applied" flags per coordinator).

Every fact is nullable: empty means *unknown* ("needs information"), never false or zero.
Who changed a fact and when is kept in the history table (django-simple-history) and in the
audit trail (polku.route_plans.services).

The household (issue #17) is gathered with the least data needed, on the client's own row:
whether a partner lives in the household, the partner's gross wage and unemployment benefit,
the birth YEARS of the children living at home (never names or identity codes), the tenure
and the client's own withholding percentage. No other person gets a record: a fact about
the partner or a child is the client's data, seen and changed under the client's consent
through the one access rule (polku.access.policy) and audited like every other fact. An age
is derived from a birth year as if born on 1 July of that year (polku.route_plans.facts)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from polku.core.models import FetchModeManager


class Tenure(models.TextChoices):
    RENT = "rent", _("Rented home")
    OWNER = "owner", _("Owner-occupied home")
    RIGHT_OF_OCCUPANCY = "right_of_occupancy", _("Right-of-occupancy home")


class ClientFacts(models.Model):
    """What the rules need to know about one client (one row per client)."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.PROTECT, related_name="route_facts"
    )
    adults_in_household = models.PositiveSmallIntegerField(
        _("adults in the household"), null=True, blank=True
    )
    children_in_household = models.PositiveSmallIntegerField(
        _("children in the household"), null=True, blank=True
    )
    housing_cost = models.DecimalField(
        _("housing cost per month (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    annual_earned_income = models.DecimalField(
        _("earned income in the last calendar year (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    monthly_earnings = models.DecimalField(
        _("earnings now per month, gross (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    expected_wage = models.DecimalField(
        _("expected gross wage in pay-subsidised work per month (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    jobseeker_registered = models.BooleanField(
        _("registered as a jobseeker"), null=True, blank=True
    )
    unemployment_benefit = models.BooleanField(
        _("entitled to the basic unemployment benefit now"), null=True, blank=True
    )
    unemployed_months = models.PositiveSmallIntegerField(
        _("months unemployed"), null=True, blank=True
    )
    on_sick_leave = models.BooleanField(_("on sick leave now"), null=True, blank=True)
    sickness_days_used = models.PositiveSmallIntegerField(
        _("sickness allowance days already paid"), null=True, blank=True
    )
    work_ability_threatened = models.BooleanField(
        _("work ability threatened by an illness (doctor's view)"), null=True, blank=True
    )
    medical_statement = models.BooleanField(
        _("has a medical statement (B statement)"), null=True, blank=True
    )
    psychiatrist_statement = models.BooleanField(
        _("has a psychiatrist's statement"), null=True, blank=True
    )
    treatment_months = models.PositiveSmallIntegerField(
        _("months of psychiatric treatment so far"), null=True, blank=True
    )
    in_studies = models.BooleanField(_("studying now"), null=True, blank=True)
    multi_agency_need = models.BooleanField(
        _("needs services of several agencies (TYP)"), null=True, blank=True
    )
    # What the eligibility rules need besides (issue #17, the screening): each condition of
    # a benefit known before "likely eligible".
    in_employment_service = models.BooleanField(
        _("taking part in an employment service or rehabilitative work activity now"),
        null=True,
        blank=True,
    )
    active_before_illness = models.BooleanField(
        _(
            "in the 3 months before falling ill: working, an entrepreneur, a full-time "
            "student, an unemployed jobseeker or looking after the home"
        ),
        null=True,
        blank=True,
    )
    pension_provider_responsible = models.BooleanField(
        _(
            "an established work history: the earnings-related pension provider arranges "
            "vocational rehabilitation"
        ),
        null=True,
        blank=True,
    )
    assets = models.DecimalField(
        _("the household's assets: savings, shares, property other than the home (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # The household (issue #17). Empty = unknown.
    partner_in_household = models.BooleanField(
        _("a spouse or partner lives in the same household"), null=True, blank=True
    )
    partner_gross_wage = models.DecimalField(
        _("the partner's gross wage per month (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    partner_unemployment_benefit = models.BooleanField(
        _("the partner receives unemployment benefit"), null=True, blank=True
    )
    # Birth years of the children living in the household, the oldest first ([] = none);
    # children 18 or older are adults living with their parent.
    children_birth_years = models.JSONField(
        _("birth years of the children living at home"), null=True, blank=True
    )
    tenure = models.CharField(
        _("form of housing"), max_length=20, choices=Tenure.choices, blank=True
    )
    withholding_percent = models.DecimalField(
        _("withholding percentage on the client's tax card"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)  # optimistic locking (polku.core.locking)
    history = HistoricalRecords()

    objects = FetchModeManager()

    class Meta:
        verbose_name = _("client facts for the rules")
        verbose_name_plural = _("client facts for the rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(tenure__in=["", *Tenure.values]), name="routes_facts_tenure_valid"
            )
        ]

    def __str__(self) -> str:
        return f"Facts of client {self.client_id}"


class RouteChoice(models.Model):
    """A route the coordinator and the client chose together; its steps became plan steps."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="route_choices"
    )
    route = models.CharField(_("route"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    goal = models.ForeignKey(
        "plans.Goal", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(default=timezone.now)
    # Not stored: what was still unknown when a route needing information was chosen
    # (set by services.choose_route for the page's warning).
    unknown: tuple[str, ...] = ()

    objects = FetchModeManager()

    class Meta:
        ordering = ["-chosen_at", "-id"]
        verbose_name = _("chosen route")
        verbose_name_plural = _("chosen routes")

    def __str__(self) -> str:
        return f"{self.route} ({self.client_id})"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ScreeningRun(models.Model):
    """One population screening: progress and figures."""

    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    month = models.CharField(_("month screened"), max_length=7, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    clients_total = models.PositiveIntegerField(default=0)
    clients_done = models.PositiveIntegerField(default=0)
    flags_total = models.PositiveIntegerField(default=0)
    flags_added = models.PositiveIntegerField(default=0)
    flags_removed = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    objects = FetchModeManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values), name="routes_run_status_valid"
            ),
            # One run at a time (issue #18, finding 13): at most one row queued or running,
            # enforced by the database so two starts at the same moment cannot both pass.
            models.UniqueConstraint(
                models.Value(1),
                condition=Q(status__in=["queued", "running"]),
                name="routes_one_screening_under_way",
            ),
        ]

    def __str__(self) -> str:
        return f"Screening {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.clients_total:
            return 100 if self.status == RunStatus.DONE else 0
        return int(100 * self.clients_done / self.clients_total)


class ScreeningFlag(models.Model):
    """A client likely eligible under `rule` who has not applied: on the coordinator's list."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="screening_flags"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="screening_flags",
        null=True,
    )
    rule = models.CharField(_("eligibility rule"), max_length=100)
    month = models.CharField(_("month screened"), max_length=7)
    found_at = models.DateTimeField(default=timezone.now)

    objects = FetchModeManager()

    class Meta:
        ordering = ["client_id", "rule"]
        verbose_name = _("screening flag")
        verbose_name_plural = _("screening flags")
        constraints = [
            models.UniqueConstraint(fields=["client", "rule"], name="routes_one_flag_per_rule")
        ]
        indexes = [models.Index(fields=["coordinator", "client"])]

    def __str__(self) -> str:
        return f"{self.rule} ({self.client_id})"
