"""Outcome events (what became of a client after entry) and the record of every research
export (purpose, permit, what was asked and what was written)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.dates import short_date


class OutcomeKind(models.TextChoices):
    OPEN_MARKET_WORK = "open_market_work", _("Work in the open labour market")
    PAY_SUBSIDISED_WORK = "pay_subsidised_work", _("Pay-subsidised work")
    EDUCATION = "education", _("Education")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    PENSION = "pension", _("Pension")
    UNEMPLOYED = "unemployed", _("Still unemployed")
    UNKNOWN = "unknown", _("Unknown")


class OutcomeEvent(models.Model):
    """The client's situation from a date on (a new event supersedes the earlier one)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="outcome_events"
    )
    kind = models.CharField(_("situation"), max_length=20, choices=OutcomeKind.choices)
    date = models.DateField(_("from"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["client", "date", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        indexes = [models.Index(fields=["client", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OutcomeKind.values), name="outcome_kind_valid"
            )
        ]
        permissions = [
            ("view_dashboard", "Can view the management dashboard and reports"),
            ("export_cohort", "Can make pseudonymised research exports"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {short_date(self.date)}"


class ResearchExport(models.Model):
    """One pseudonymised cohort export: who, why (purpose, permit), what was asked, what the
    k-anonymity guard did, and where the files are."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    purpose = models.CharField(_("purpose"), max_length=500)
    permit_reference = models.CharField(_("research permit reference"), max_length=100)
    columns = models.JSONField(default=list)
    quasi_identifiers = models.JSONField(default=list)
    k = models.PositiveIntegerField(default=5)
    date_precision = models.CharField(max_length=5, default="month")
    generalised = models.JSONField(default=list)  # the steps the guard took
    suppressed_rows = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    directory = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("research export")
        verbose_name_plural = _("research exports")

    def __str__(self) -> str:
        return f"export {self.pk}"


class Cohort(models.Model):
    """A named group of clients followed on their own — a pilot such as the South Savo
    work-ability pilot (100 partially work-able unemployed clients). The dashboard, the
    monthly report, the indicators API and research exports can be filtered to it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    clients = models.ManyToManyField("clients.Client", related_name="research_cohorts")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pilot or cohort")
        verbose_name_plural = _("pilots and cohorts")

    def __str__(self) -> str:
        return self.name
