"""The holistic assessment (kokonaistilanteen arviointi): the client's whole situation over
the life domains, the client's own view and the professional's view side by side.

Versions are immutable: each reassessment is a new Assessment with the next version number of
that client (polku.assessment.services.record_assessment)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.models import FetchModeManager

SCORE_MIN, SCORE_MAX = 0, 10
ABSENCE_MAX_DAYS = 366


class Domain(models.TextChoices):
    HEALTH_FUNCTIONING = "health_functioning", _("Health and functioning")
    WORK_ABILITY = "work_ability", _("Work ability")
    SKILLS_EDUCATION = "skills_education", _("Skills and education")
    WORK_HISTORY = "work_history", _("Work history")
    INCOME_BENEFITS = "income_benefits", _("Income and benefits")
    HOUSING = "housing", _("Housing")
    FAMILY_SOCIAL = "family_social", _("Family and social network")
    LIFE_MANAGEMENT = "life_management", _("Life management")
    DIGITAL_ACCESS = "digital_access", _("Digital access")
    MOTIVATION = "motivation", _("Motivation and readiness for change")
    STRENGTHS = "strengths", _("Strengths")
    GOALS_DREAMS = "goals_dreams", _("The client's own goals and dreams")


class DomainStatus(models.IntegerChoices):
    SERIOUS_DIFFICULTY = 1, _("1 – serious difficulty")
    SOME_DIFFICULTY = 2, _("2 – some difficulty")
    MANAGEABLE = 3, _("3 – manageable")
    STRENGTH = 4, _("4 – a strength")


class ImmutableModel(models.Model):
    """Saved once; a change is a new version, never an update."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} is immutable: record a new version.")
        super().save(*args, **kwargs)


class Assessment(ImmutableModel):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="assessments"
    )
    version = models.PositiveIntegerField(_("version"))
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    work_ability_score = models.PositiveSmallIntegerField(
        _("self-rated work ability (0–10)"), null=True, blank=True
    )
    sickness_absence_days = models.PositiveSmallIntegerField(
        _("sickness absence days in the last 12 months"), null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FetchModeManager()

    class Meta:
        ordering = ["client", "-version"]
        verbose_name = _("holistic assessment")
        verbose_name_plural = _("holistic assessments")
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="assessment_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="assessment_version_positive"),
            models.CheckConstraint(
                condition=Q(work_ability_score__isnull=True)
                | Q(work_ability_score__gte=SCORE_MIN, work_ability_score__lte=SCORE_MAX),
                name="assessment_score_0_10",
            ),
            models.CheckConstraint(
                condition=Q(sickness_absence_days__isnull=True)
                | Q(sickness_absence_days__gte=0, sickness_absence_days__lte=ABSENCE_MAX_DAYS),
                name="assessment_absence_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} v{self.version}"


class DomainAssessment(ImmutableModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    client_status = models.PositiveSmallIntegerField(
        _("status as the client sees it"), choices=DomainStatus.choices, null=True, blank=True
    )
    professional_status = models.PositiveSmallIntegerField(
        _("status as the professional sees it"),
        choices=DomainStatus.choices,
        null=True,
        blank=True,
    )
    support_needed = models.BooleanField(_("support needed"), default=False)
    client_view = models.TextField(_("the client's own view"), blank=True, max_length=4000)
    professional_view = models.TextField(_("the professional's view"), blank=True, max_length=4000)

    objects = FetchModeManager()

    class Meta:
        ordering = ["assessment", "id"]
        verbose_name = _("domain of an assessment")
        verbose_name_plural = _("domains of an assessment")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="assessment_domain_unique"
            ),
            models.CheckConstraint(
                condition=Q(domain__in=Domain.values), name="assessment_domain_valid"
            ),
            models.CheckConstraint(
                condition=Q(client_status__isnull=True)
                | Q(client_status__gte=1, client_status__lte=4),
                name="assessment_client_status_1_4",
            ),
            models.CheckConstraint(
                condition=Q(professional_status__isnull=True)
                | Q(professional_status__gte=1, professional_status__lte=4),
                name="assessment_professional_status_1_4",
            ),
        ]

    def __str__(self) -> str:
        return self.domain
