"""Partner referrals: a partner (a non-authority organisation such as a shelter) refers a
client, with the client present, to a receiving organisation's team (such as Kela's special
services); a named worker answers within a deadline in Finnish working days, and the loop
closes with an outcome the partner sees."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from polku.clients.models import Language
from polku.core import channels
from polku.core.channels import REFERRAL_CHANNELS
from polku.core.dates import short_date
from polku.core.models import FetchModeManager
from polku.core.validators import free_text


class ReceivingTeam(models.Model):
    """A team of any organisation that takes referrals, e.g. "Kela special services"."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="receiving_teams",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("what the team does"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="referral_teams"
    )
    service_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("service manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_referral_teams",
        help_text=_("Overdue referrals are escalated to the service manager."),
    )
    is_active = models.BooleanField(_("takes referrals"), default=True)

    objects = FetchModeManager()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("receiving team")
        verbose_name_plural = _("receiving teams")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="one_team_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.contrib.auth import get_user_model
        from django.core.exceptions import ValidationError

        if self.service_manager_id and not (
            get_user_model()
            .objects.filter(pk=self.service_manager_id, organisation_id=self.organisation_id)
            .exists()
        ):
            raise ValidationError(
                {"service_manager": _("The service manager must work in the team's organisation.")}
            )


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    SOON = "soon", _("Soon")
    NORMAL = "normal", _("Normal")


URGENCY_ORDER = {Urgency.URGENT: 0, Urgency.SOON: 1, Urgency.NORMAL: 2}


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CLAIMED = "claimed", _("Named worker assigned")
    CONTACTED = "contacted", _("Client contacted")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


# The statuses in which a referral still waits for the first contact (its deadline runs).
WAITING_FOR_CONTACT = (ReferralStatus.RECEIVED, ReferralStatus.CLAIMED)


class Outcome(models.TextChoices):
    DECISIONS_MADE = "decisions_made", _("Decisions made")
    SERVICES_STARTED = "services_started", _("Services started")
    REFERRED_ON = "referred_on", _("Referred on")
    CLIENT_DECLINED = "client_declined", _("Client declined")
    UNREACHABLE = "unreachable", _("Client could not be reached")


class Referral(models.Model):
    """One referral. The client's identity is confirmed by the partner worker with the client
    present; the henkilötunnus is kept encrypted with a search hash, like a client's, until
    the receiving worker opens (or joins) the client's case in Polku (`client`)."""

    team = models.ForeignKey(
        ReceivingTeam,
        verbose_name=_("receiving team"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    partner_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referring organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner worker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Who the client is (confirmed with the client present).
    first_names = models.CharField(_("first names"), max_length=100, validators=free_text())
    last_name = models.CharField(_("last name"), max_length=100, validators=free_text())
    hetu_encrypted = models.TextField(editable=False)
    hetu_hash = models.CharField(max_length=64, editable=False, db_index=True)
    hetu_masked = models.CharField(_("personal identity code"), max_length=11, editable=False)
    identity_confirmed = models.BooleanField(
        _("identity confirmed with the client present"), default=False
    )
    # The situation in the client's words, and how urgent it is.
    situation = models.TextField(
        _("the situation in the client's words"), max_length=4000, validators=free_text(4000)
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    # The client's consent to this referral, given in person with the partner worker.
    consent_in_person = models.BooleanField(_("the client consented in person"), default=False)
    consent_scope = models.CharField(
        _("what the client agreed to share"),
        max_length=500,
        validators=free_text(),
        help_text=_("The scope of the consent in the client's own terms."),
    )
    consent_covers_partner = models.BooleanField(
        _("the partner may see the case"),
        default=False,
        help_text=_(
            "The client agrees that the referring organisation may see the case in Polku. "
            "Without it the partner sees only the status, the named worker and the outcome."
        ),
    )
    consent_given_at = models.DateTimeField(_("consent given"), default=timezone.now)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    # How to reach the client.
    contact_channel = models.CharField(
        _("preferred contact channel"), max_length=12, choices=channels.choices(REFERRAL_CHANNELS)
    )
    contact_details = models.CharField(
        _("how to reach the client"),
        max_length=200,
        validators=free_text(),
        blank=True,
        help_text=_("Phone number, e-mail or where the client can be met."),
    )
    language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    partner_present = models.BooleanField(
        _("the partner worker takes part in the first contact"), default=False
    )
    # Details the client gave for their record; carried into the client's record when the
    # case is opened or joined (services.open_case), without overwriting newer data.
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=free_text())
    email = models.EmailField(_("e-mail"), blank=True)
    municipality = models.CharField(
        _("home municipality"), max_length=100, blank=True, validators=free_text()
    )
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=50, blank=True, validators=free_text()
    )
    has_online_credentials = models.BooleanField(_("has online banking credentials"), default=False)
    can_read_kela_messages = models.BooleanField(_("can read Kela's e-messages"), default=False)
    # Deadline and the loop.
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    deadline = models.DateField(_("first contact at the latest"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReferralStatus.choices,
        default=ReferralStatus.RECEIVED,
    )
    named_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="named_referrals",
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # The client's case in Polku, once the receiving worker has opened or joined it.
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    consent = models.ForeignKey(
        "clients.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = FetchModeManager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["team", "status", "deadline"]),
            models.Index(fields=["partner_organisation", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values), name="referral_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="received") | Q(named_worker__isnull=False),
                name="referral_claimed_has_named_worker",
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & ~Q(outcome=""))
                | (~Q(status="closed") & Q(outcome="")),
                name="referral_outcome_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(consent_in_person=True) & Q(identity_confirmed=True),
                name="referral_consent_and_identity_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"L-{self.pk:06d}" if self.pk else "L-new"

    @property
    def is_open(self) -> bool:
        return self.status != ReferralStatus.CLOSED

    @property
    def waiting_for_contact(self) -> bool:
        return self.status in WAITING_FOR_CONTACT

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}"


class ReferralEvent(models.Model):
    """The referral's history: every change of status (and every other change) by whom."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    what = models.CharField(max_length=40)
    note = models.CharField(max_length=500, blank=True, validators=free_text())

    objects = FetchModeManager()

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.what_label} {short_date(self.at)}"

    @property
    def what_label(self) -> str:
        return str(EVENT_LABELS.get(self.what, self.what))

    @property
    def note_text(self) -> str:
        """The note as people read it: a follow-up's date (stored as YYYY-MM-DD) as d.m.yyyy."""
        if self.what == "follow_up":
            try:
                day = dt.date.fromisoformat(self.note)
            except ValueError:
                return self.note
            return formats.date_format(day, "SHORT_DATE_FORMAT")
        return self.note

    @property
    def to_status_label(self) -> str:
        return str(ReferralStatus(self.to_status).label) if self.to_status else ""


EVENT_LABELS = {
    "created": _("Referral made"),
    "claimed": _("Claimed"),
    "status": _("Status changed"),
    "consent_withdrawn": _("Consent withdrawn"),
    "case_opened": _("Client's case opened in Polku"),
    "discharge_plan": _("Discharge plan saved"),
    "follow_up": _("Follow-up contact agreed"),
    "follow_up_done": _("Follow-up contact done"),
}


class DischargePlan(models.Model):
    """After discharge (kotiutuminen) from the shelter, home or unit: where the client goes
    and who keeps in touch."""

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="discharge_plan"
    )
    discharge_on = models.DateField(_("discharge date"))
    destination = models.CharField(
        _("where the client goes"), max_length=300, validators=free_text()
    )
    municipality = models.CharField(
        _("home municipality"), max_length=100, blank=True, validators=free_text()
    )
    # The home municipality's social worker: a professional in Polku (who joins the client's
    # network with the client's consent, so follow-ups land on their worklist), or — only
    # when that organisation is not in Polku — named in free text.
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("home municipality's social worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    social_services_contact = models.CharField(
        _("home municipality's social services contact"),
        max_length=300,
        blank=True,
        validators=free_text(),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FetchModeManager()

    class Meta:
        verbose_name = _("discharge plan")
        constraints = [
            models.CheckConstraint(
                condition=Q(social_worker__isnull=False) | ~Q(social_services_contact=""),
                name="discharge_plan_has_social_services_contact",
            )
        ]

    def __str__(self) -> str:
        return f"{short_date(self.discharge_on)} {self.destination}"


class FollowUp(models.Model):
    """A contact agreed after discharge: who contacts the client and when."""

    plan = models.ForeignKey(DischargePlan, on_delete=models.CASCADE, related_name="follow_ups")
    contact_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who contacts the client"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral_follow_ups",
    )
    contact_by_other = models.CharField(
        _("or someone else (e.g. the municipality's social worker)"),
        max_length=200,
        blank=True,
        validators=free_text(),
    )
    due_on = models.DateField(_("when"))
    channel = models.CharField(_("how"), max_length=12, choices=channels.choices(REFERRAL_CHANNELS))
    note = models.CharField(_("about what"), max_length=300, blank=True, validators=free_text())
    done_at = models.DateTimeField(null=True, blank=True)

    objects = FetchModeManager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up contact")
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_by__isnull=False) | ~Q(contact_by_other=""),
                name="follow_up_has_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{short_date(self.due_on)} {self.get_channel_display()}"
