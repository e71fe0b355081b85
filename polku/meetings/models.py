"""Network meetings, the agreements made in them, and the next contact.

A meeting cannot be closed without at least one agreement (who does what by when) and the
next contact (who contacts whom, when): polku.meetings.services.close_meeting enforces it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core import channels
from polku.core.channels import NEXT_CONTACT_CHANNELS
from polku.core.dates import short_date
from polku.core.models import FetchModeManager
from polku.core.validators import free_text


class MeetingKind(models.TextChoices):
    # The first contact: a worker (e.g. the municipality's work-ability coordinator) calls or
    # meets the client for the first time, before the network meets (seed 001).
    FIRST_CONTACT = "first_contact", _("First contact")
    FIRST_JOINT = "first_joint", _("First joint meeting")
    FOLLOW_UP = "follow_up", _("Follow-up meeting")
    HANDOVER = "handover", _("Handover meeting")
    NETWORK_CALL = "network_call", _("Network call")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=MeetingMode.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True, validators=free_text())
    video_link = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, max_length=4000, validators=free_text(4000))
    notes = models.TextField(_("notes"), blank=True, max_length=20000, validators=free_text(20000))
    client_present = models.BooleanField(_("the client takes part"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)  # optimistic locking (polku.core.locking)

    objects = FetchModeManager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False) | ~Q(status="closed"),
                name="meeting_closed_has_time",
            ),
        ]
        indexes = [models.Index(fields=["client", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {short_date(self.starts_at)}"


class MeetingParticipant(models.Model):
    """A professional at the table (the client's own presence is Meeting.client_present)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_participations"
    )

    objects = FetchModeManager()

    class Meta:
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "professional"], name="participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.professional_id} @ {self.meeting_id}"


class AgreementStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Agreement(models.Model):
    """Who does what by when. The owner is a professional, or the client themself."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agreements")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="agreements"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        related_name="agreements",
        null=True,
        blank=True,
    )
    owner_is_client = models.BooleanField(_("the client does it"), default=False)
    what = models.CharField(_("what"), max_length=500, validators=free_text())
    due_on = models.DateField(_("by when"))
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = FetchModeManager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_is_client=True, owner__isnull=True)
                | Q(owner_is_client=False, owner__isnull=False),
                name="agreement_has_exactly_one_owner",
            )
        ]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.what} ({short_date(self.due_on)})"


class NextContact(models.Model):
    """When we hear from each other next: who contacts whom, when, how."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="next_contact")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="next_contacts"
    )
    contact_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who contacts"),
        on_delete=models.PROTECT,
        related_name="next_contacts",
        null=True,
        blank=True,
    )
    client_contacts = models.BooleanField(_("the client makes the contact"), default=False)
    contact_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whom"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty: the client is contacted."),
    )
    due_on = models.DateField(_("when"))
    channel = models.CharField(
        _("how"), max_length=10, choices=channels.choices(NEXT_CONTACT_CHANNELS)
    )
    done_at = models.DateTimeField(null=True, blank=True)

    objects = FetchModeManager()

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("next contact")
        verbose_name_plural = _("next contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(client_contacts=True, contact_by__isnull=True)
                | Q(client_contacts=False, contact_by__isnull=False),
                name="next_contact_has_one_contacter",
            )
        ]
        indexes = [models.Index(fields=["client", "done_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {short_date(self.due_on)}"
