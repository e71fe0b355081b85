"""The client, their consents, and the network of professionals around them."""

import datetime as dt
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.dates import short_date
from polku.core.models import FetchModeManager

from . import crypto
from . import hetu as hetu_rules

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from polku.accounts.models import User


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class ClientStatus(models.TextChoices):
    INTAKE = "intake", _("Intake (no consent yet)")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user: "User | AnonymousUser | None", *, on: dt.date | None = None) -> Self:
        """Those of these clients `user` may see today (or on the day `on`). The access rule
        decides it, as one query (polku.access.policy.visible_clients); this only lets it be
        chained: `Client.objects.filter(status=...).visible_to(user)`."""
        from polku.access.policy import visible_clients  # the rule imports these models

        visible: models.QuerySet[Any] = visible_clients(user, on=on)
        return self & visible


ClientManager = FetchModeManager.from_queryset(ClientQuerySet)


class Client(models.Model):
    """A person the network works with. The henkilötunnus is stored encrypted with a keyed
    search hash; the birth date is derived from it."""

    first_names = models.CharField(_("first names"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    hetu_encrypted = models.TextField(editable=False)
    hetu_hash = models.CharField(max_length=64, unique=True, editable=False)
    hetu_masked = models.CharField(_("personal identity code"), max_length=11, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(_("interpreter language"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    has_online_credentials = models.BooleanField(
        _("has online banking credentials"),
        default=False,
        help_text=_("Needed to sign in to Kela's and other authorities' e-services."),
    )
    can_read_kela_messages = models.BooleanField(_("can read Kela's e-messages"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ClientStatus.choices, default=ClientStatus.INTAKE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking of the details (polku.core.locking): a save from a stale page is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ClientManager()

    class Meta:
        ordering = ["last_name", "first_names", "id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [
            models.Index(fields=["last_name", "first_names"]),
            # The few clients not active (closed, in intake): the team view counts a
            # caseload's seats and subtracts these, instead of reading every client.
            models.Index(fields=["id"], condition=~Q(status="active"), name="client_not_active"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClientStatus.values), name="client_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(needs_interpreter=True) | Q(interpreter_language=""),
                name="client_interpreter_language_only_if_needed",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}"

    def set_hetu(self, text: str) -> None:
        """Validate and store a henkilötunnus (raises hetu.InvalidHetu)."""
        parsed = hetu_rules.parse(text)
        self.hetu_encrypted = crypto.encrypt(parsed.value)
        self.hetu_hash = crypto.search_hash(parsed.value)
        self.hetu_masked = parsed.masked
        self.birth_date = parsed.birth_date

    def reveal_hetu(self) -> str:
        """The full code. Call only through polku.clients.services.reveal_hetu (audited)."""
        return crypto.decrypt(self.hetu_encrypted)

    def age_on(self, day: dt.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class ConsentPurpose(models.TextChoices):
    SERVICE_COORDINATION = "coordination", _("Multi-agency service coordination and planning")
    BENEFITS = "benefits", _("Benefit and service applications")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    REFERRAL = "referral", _("Referral between organisations")


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    WRITTEN = "written", _("In writing")
    PORTAL = "portal", _("In the client portal")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid_on(self, day: dt.date) -> Self:
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            valid_from__lte=day,
            withdrawn_at__isnull=True,
        )


ConsentManager = FetchModeManager.from_queryset(ConsentQuerySet)


class Consent(models.Model):
    """Which organisations may exchange this client's information, for what, and when."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    organisations = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("organisations"), related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    description = models.CharField(_("details of the purpose"), max_length=500, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    given_how = models.CharField(_("given how"), max_length=10, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    withdrawn_by_client = models.BooleanField(default=False)  # in the client portal

    objects = ConsentManager()

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="consent_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | Q(withdrawn_by__isnull=False)
                | Q(withdrawn_by_client=True),
                name="consent_withdrawal_has_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({short_date(self.valid_from)})"

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
        )

    @property
    def in_force(self) -> bool:
        """Valid today (the client's page marks the consents not in force)."""
        return self.is_valid_on(timezone.localdate())


class NetworkRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Personal coordinator")
    MEMBER = "member", _("Network member")


class NetworkMemberQuerySet(models.QuerySet["NetworkMember"]):
    """The network as a read model: say "the active network", "the coordinator" and "is a
    member" with these, not with inline filters on `ended_at` and `role`."""

    def active(self) -> Self:
        """Memberships that have not ended: the network now (ended rows are its history)."""
        return self.filter(ended_at__isnull=True)

    def ended(self) -> Self:
        """Ended memberships: the network's history."""
        return self.filter(ended_at__isnull=False)

    def of(self, client: "Client | int | F") -> Self:
        """The active network of `client` (a client, its id, or an OuterRef in a subquery)."""
        return self.active().filter(client=client)

    def coordinators(self) -> Self:
        """Personal coordinators now: each client's one active coordinator seat (the database
        holds that there is at most one). Combine: `.coordinators().of(client)`."""
        return self.coordinator_periods().active()

    def coordinator_periods(self) -> Self:
        """Every period in the coordinator role, ended ones included (the role's history)."""
        return self.filter(role=NetworkRole.COORDINATOR)

    def includes(self, client: "Client | int", professional: "User | int") -> bool:
        """Whether `professional` is an active member of `client`'s network; on
        `.coordinators()`, whether they are the client's personal coordinator."""
        return self.of(client).filter(professional=professional).exists()

    def professional_ids(self) -> set[int]:
        """The ids of these memberships' professionals: `.of(client).professional_ids()` is
        who is in the client's network now."""
        return set(self.values_list("professional_id", flat=True))


NetworkMemberManager = FetchModeManager.from_queryset(NetworkMemberQuerySet)


class NetworkMember(models.Model):
    """A professional in the client's network for a period. Membership ends at once when
    `ended_at` is set; ended rows are the network's history."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="network")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=12, choices=NetworkRole.choices)
    responsibility = models.CharField(_("responsibility"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    objects = NetworkMemberManager()

    class Meta:
        ordering = ["client", "-role", "started_at"]
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(role="coordinator", ended_at__isnull=True),
                name="one_active_coordinator_per_client",
            ),
            models.UniqueConstraint(
                fields=["client", "professional"],
                condition=Q(ended_at__isnull=True),
                name="one_active_membership_per_professional",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="network_member_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(role__in=NetworkRole.values), name="network_member_role_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["professional", "ended_at"]),
            # A professional's coordinator seats now, read from the index alone (the team
            # view's caseload per coordinator).
            models.Index(
                fields=["professional", "client"],
                condition=Q(role="coordinator", ended_at__isnull=True),
                name="coordinator_seats",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.professional} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the coordinator")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")


class AccessRequest(models.Model):
    """A professional tried to record a person who is already a client. Polku does not tell
    them so: the attempt becomes this request, which the client's personal coordinator
    grants (the asker joins the network; the client's consent still decides what they see)
    or declines. The asker is never told which happened (polku.clients.services)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="access_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=500, blank=True)

    objects = FetchModeManager()

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "requested_by"],
                condition=Q(status="pending"),
                name="one_pending_access_request_per_asker",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AccessRequestStatus.values),
                name="access_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="access_request_decided_when_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requested_by} → {self.client_id} ({self.get_status_display()})"


class RecordAttempt(models.Model):
    """One attempt to record a client by personal identity code, whatever its outcome: the
    per-professional limit counts these rows (in the database, shared by every process), so
    reaching the limit tells nothing about whether the people asked for were clients."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["professional", "at"])]

    def __str__(self) -> str:
        return f"{self.professional_id} {self.at:%Y-%m-%d %H:%M}"
