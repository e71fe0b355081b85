"""Organisations and the professionals who work in them."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    KELA = "kela", _("Kela")
    EMPLOYMENT = "employment", _("Municipal employment services")
    SOCIAL = "social", _("Municipal social services")
    HEALTH = "health", _("Health care")
    EDUCATION = "education", _("Education provider")
    NGO = "ngo", _("NGO / shelter")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    is_public_authority = models.BooleanField(
        _("public authority"),
        help_text=_("NGOs are not authorities: they refer with the client present."),
    )
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Profession(models.TextChoices):
    KELA_BENEFIT_EXPERT = "kela_expert", _("Kela benefit expert")
    WORK_ABILITY_COORDINATOR = "work_ability_coordinator", _("Work-ability coordinator")
    NURSE = "nurse", _("Nurse")
    DOCTOR = "doctor", _("Doctor")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    EDUCATION_COUNSELLOR = "education_counsellor", _("Education counsellor")
    EMPLOYMENT_COUNSELLOR = "employment_counsellor", _("Employment counsellor")
    THERAPIST = "therapist", _("Therapist")
    EXPERIENCE_EXPERT = "experience_expert", _("Experience expert")
    LIFESTYLE_COACH = "lifestyle_coach", _("Lifestyle coach")
    PARTNER_WORKER = "partner_worker", _("Partner worker")
    SERVICE_MANAGER = "service_manager", _("Service manager")
    RESEARCHER = "researcher", _("Researcher")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Serves the clients' right-of-access requests (polku.privacy); not in any network.
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data-protection officer")


class User(AbstractUser):
    """A person who signs in to Polku: a professional of one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    profession = models.CharField(
        _("profession"), max_length=40, choices=Profession.choices, blank=True
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_demo = models.BooleanField(
        _("demo user"),
        default=False,
        help_text=_("Demo users may skip the second factor, but only in demo mode."),
    )

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(profession="") | models.Q(organisation__isnull=False),
                name="professional_has_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_professional(self) -> bool:
        return bool(self.profession and self.organisation_id)


class FailedAttempt(models.Model):
    """One counted attempt against a sign-in limit (polku.accounts.throttle): shared by every
    process through the database, counted by inserting a row first and then counting rows, so
    concurrent attempts cannot all slip under the limit. The key is stored hashed (an address,
    a user name or a code's id)."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="accounts_attempt_lookup")]

    def __str__(self) -> str:
        return f"{self.scope} attempt at {self.at:%Y-%m-%d %H:%M}"


class EnrolmentLink(models.Model):
    """A one-time link an administrator makes for a professional to enrol their first
    authenticator (polku.accounts.enrolment). Only the SHA-256 of the random token is stored;
    the link is bound to one user, expires, and is used up by a confirmed enrolment."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="enrolment_links",
        verbose_name=_("professional"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"enrolment link {self.pk} for {self.user_id}"
