"""The "no one falls off the path" alert rules — each in one place, with its threshold and
the reason it exists.

Every rule is one ORM query over all clients at once (no per-client Python loop). It yields
rows of `client_id`, `subject` (what the alert is about, e.g. "agreement:12"),
`assigned_to_id` (who must act: the client's coordinator, or the agreement's owner) and
`since` (the day the problem began, from the data the rule reads: an agreement's due date,
the last contact; None when the data tell no such day — the alert then counts from the day
the scan first noticed it). Only active clients raise alerts.

Thresholds can be changed in settings without touching the code (config/settings/base.py;
from the environment as POLKU_ALERT_THRESHOLDS=no_contact=45,handover_pending=7):

    POLKU_ALERT_THRESHOLDS = {"no_contact": 45, "handover_pending": 7}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, Least, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.clients.models import ClientStatus, NetworkMember
from polku.handover.models import Handover, HandoverStatus
from polku.meetings.models import Agreement, AgreementStatus, Meeting, MeetingStatus, NextContact
from polku.meetings.selectors import DEFAULT_GRACE_DAYS, NO_NEXT_CONTACT_RULE, future_next_contact

NO_NEXT_CONTACT = NO_NEXT_CONTACT_RULE
AGREEMENT_OVERDUE = "agreement_overdue"
NO_CONTACT = "no_contact"
HANDOVER_PENDING = "handover_pending"
PING_PONG = "ping_pong"
REFERRAL_OVERDUE = "referral_overdue"
OWNER_CANNOT_SEE = "owner_cannot_see"


@dataclass(frozen=True)
class Rule:
    code: str
    title: object  # lazy translated string: the short name shown in lists
    default_threshold: int
    unit: object  # what the threshold counts (lazy translated)
    reason: str  # why the rule exists (for developers and the team view's help text)
    compute: Callable[[dt.date, int], QuerySet]  # (today, threshold) -> rows

    @property
    def threshold(self) -> int:
        configured = settings.POLKU_ALERT_THRESHOLDS
        return int(configured.get(self.code, self.default_threshold))

    def matches(self, *, today: dt.date | None = None) -> QuerySet:
        """Rows (client_id, subject, assigned_to_id, since) for which the rule holds today."""
        return self.compute(today or timezone.localdate(), self.threshold)


def _coordinator_of(client_ref: str = "pk") -> Subquery:
    """The client's current coordinator (the one active seat)."""
    return Subquery(
        NetworkMember.objects.coordinators()
        .of(OuterRef(client_ref))
        .order_by()  # the one seat (a constraint): no join to sort by the client's name
        .values("professional_id")[:1]
    )


def _start_of(day: dt.date) -> dt.datetime:
    """The first moment of `day` in the local time zone (Europe/Helsinki)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# A rule whose data tell no day the problem began: the alert counts from the first scan.
_UNKNOWN = Value(None, output_field=DateField())


def _client_rows(clients: QuerySet, since: Any = None) -> QuerySet:
    return clients.annotate(
        client_id=F("pk"),
        subject=Concat(Value("client:"), Cast("pk", CharField()), output_field=CharField()),
        assigned_to_id=_coordinator_of("pk"),
        since=_UNKNOWN if since is None else since,
    ).values("client_id", "subject", "assigned_to_id", "since")


def _latest_day(model: Any, day: Any, *, client: str = "client", **filters: Any) -> Subquery:
    """The latest `day` (an expression giving a date) among the client's `model` rows that
    match `filters` (`client`: the path to the client; OuterRef("pk") is the client);
    NULL when there is none."""
    return Subquery(
        model.objects.filter(**{client: OuterRef("pk")}, **filters)
        .order_by()
        .values(client)
        .annotate(latest=Max(day))
        .values("latest")[:1],
        output_field=DateField(),
    )


def _latest_of(*days: Any, fallback: Any) -> Greatest:
    """The latest of `days` (each may be NULL) and `fallback` (never NULL): SQLite's MAX of
    a NULL is NULL, PostgreSQL's GREATEST skips it; Coalesce makes both agree."""
    return Greatest(
        *[Coalesce(day, fallback, output_field=DateField()) for day in days],
        fallback,
        output_field=DateField(),
    )


def _active_clients() -> QuerySet:
    from polku.clients.models import Client

    return Client.objects.filter(status=ClientStatus.ACTIVE)


# --- (1) active client with no future next contact -------------------------------------------


def _no_next_contact(today: dt.date, grace_days: int) -> QuerySet:
    """Since: nothing has been agreed after the latest of the last contact (a closed meeting,
    a next contact or a referral follow-up done) and the last agreed contact's date that
    passed undone; a client with none of these since they were recorded."""
    from polku.referrals.models import FollowUp

    followup = "plan__referral__client"
    # A follow-up stops counting when the client withdraws the referral's consent.
    withdrawn = TruncDate("plan__referral__consent_withdrawn_at")
    since = _latest_of(
        _latest_day(Meeting, TruncDate("starts_at"), status=MeetingStatus.CLOSED),
        _latest_day(NextContact, TruncDate("done_at"), done_at__isnull=False),
        _latest_day(NextContact, F("due_on"), done_at__isnull=True),
        _latest_day(FollowUp, TruncDate("done_at"), client=followup, done_at__isnull=False),
        _latest_day(
            FollowUp,
            Least(F("due_on"), Coalesce(withdrawn, F("due_on")), output_field=DateField()),
            client=followup,
            done_at__isnull=True,
        ),
        fallback=TruncDate("created_at"),
    )
    return _client_rows(_active_clients().filter(~future_next_contact(today, grace_days)), since)


# --- (2) agreement overdue -------------------------------------------------------------------


def _agreement_overdue(today: dt.date, grace_days: int) -> QuerySet:
    return (
        Agreement.objects.filter(
            status=AgreementStatus.OPEN,
            due_on__lt=today - dt.timedelta(days=grace_days),
            client__status=ClientStatus.ACTIVE,
        )
        .annotate(
            subject=Concat(Value("agreement:"), Cast("pk", CharField()), output_field=CharField()),
            # The owner acts; when the client owns it, their coordinator follows it up.
            assigned_to_id=Coalesce(
                F("owner_id"), _coordinator_of("client_id"), output_field=BigIntegerField()
            ),
            since=F("due_on"),
        )
        .values("client_id", "subject", "assigned_to_id", "since")
    )


# --- (3) no contact for N days ---------------------------------------------------------------


def _no_contact(today: dt.date, days: int) -> QuerySet:
    since = _start_of(today - dt.timedelta(days=days))
    met = Meeting.objects.filter(
        client=OuterRef("pk"), status=MeetingStatus.CLOSED, starts_at__gte=since
    )
    contacted = NextContact.objects.filter(client=OuterRef("pk"), done_at__gte=since)
    # Since the last contact (a closed meeting or a next contact done), or since the client
    # was recorded when there was none.
    last_contact = _latest_of(
        _latest_day(Meeting, TruncDate("starts_at"), status=MeetingStatus.CLOSED),
        _latest_day(NextContact, TruncDate("done_at"), done_at__isnull=False),
        fallback=TruncDate("created_at"),
    )
    return _client_rows(
        # A client recorded less than N days ago has not yet been without contact for N days.
        _active_clients().filter(created_at__lt=since).filter(~Exists(met), ~Exists(contacted)),
        last_contact,
    )


# --- (4) handover pending more than N days ---------------------------------------------------


def _handover_pending(today: dt.date, days: int) -> QuerySet:
    # Proposed on day D, it has been pending (today - D) days; more than N means D < today - N.
    before = _start_of(today - dt.timedelta(days=days))
    return (
        Handover.objects.filter(
            status=HandoverStatus.PROPOSED,
            proposed_at__lt=before,
            client__status=ClientStatus.ACTIVE,
        )
        .annotate(
            subject=Concat(Value("handover:"), Cast("pk", CharField()), output_field=CharField()),
            # Until acceptance the old coordinator stays responsible, so they chase it.
            assigned_to_id=F("from_coordinator_id"),
            since=TruncDate("proposed_at"),
        )
        .values("client_id", "subject", "assigned_to_id", "since")
    )


# --- (5) ping-pong between organisations -----------------------------------------------------

PING_PONG_WINDOW_DAYS = 90


def coordinator_organisation_changes(
    today: dt.date, *, window_days: int = PING_PONG_WINDOW_DAYS
) -> QuerySet[NetworkMember]:
    """Coordinator periods (NetworkMember rows with the coordinator role, ended ones
    included) that started within the window and whose professional's organisation differs
    from the previous period's — i.e. each one is a change of coordinating organisation."""
    since = _start_of(today - dt.timedelta(days=window_days))
    periods = NetworkMember.objects.coordinator_periods()
    previous_org = Subquery(
        periods.filter(client=OuterRef("client_id"))
        .filter(
            Q(started_at__lt=OuterRef("started_at"))
            | Q(started_at=OuterRef("started_at"), pk__lt=OuterRef("pk"))
        )
        .order_by("-started_at", "-pk")
        .values("professional__organisation_id")[:1]
    )
    return (
        periods.filter(started_at__gte=since)
        .annotate(previous_org=previous_org)
        .filter(previous_org__isnull=False)
        .exclude(previous_org=F("professional__organisation_id"))
    )


def _ping_pong(today: dt.date, changes: int) -> QuerySet:
    bouncing = (
        coordinator_organisation_changes(today)
        .values("client_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=changes)
        .values("client_id")
    )
    # Since the first change of organisation within the window: the passing around began.
    first_change = Subquery(
        coordinator_organisation_changes(today)
        .filter(client_id=OuterRef("pk"))
        .order_by()
        .values("client_id")
        .annotate(day=Min(TruncDate("started_at")))
        .values("day")[:1],
        output_field=DateField(),
    )
    return _client_rows(_active_clients().filter(pk__in=bouncing), first_change)


# --- (6) partner referral past its deadline (polku.referrals) --------------------------------


def _referral_overdue(today: dt.date, grace_days: int) -> QuerySet:
    """Referrals attached to an active client's case, still without a first contact past
    their deadline (Finnish working days, computed when the referral arrived). Escalated to
    the receiving team's service manager. Referrals not yet attached to a case escalate on
    the manager's worklist and referral queue (polku.referrals), as an alert needs a client."""
    from polku.referrals.models import Referral, ReferralStatus

    return (
        Referral.objects.filter(
            client__isnull=False,
            client__status=ClientStatus.ACTIVE,
            consent_withdrawn_at__isnull=True,
            status__in=[ReferralStatus.RECEIVED, ReferralStatus.CLAIMED],
            deadline__lt=today - dt.timedelta(days=grace_days),
        )
        .annotate(
            subject=Concat(Value("referral:"), Cast("pk", CharField()), output_field=CharField()),
            assigned_to_id=F("team__service_manager_id"),
            since=F("deadline"),
        )
        .values("client_id", "subject", "assigned_to_id", "since")
    )


# --- (7) open work owned by someone who cannot see the client ---------------------------------


def _owner_cannot_see(today: dt.date, days_ahead: int) -> QuerySet:
    """Open agreements, next contacts and plan steps (of active goals) of active clients whose
    owner (the professional who must act, a step's responsible professional) cannot see the
    client under the access rule on `today + days_ahead`: they left the network, the consent
    no longer covers their organisation, or their account was closed. The work is then on
    nobody's worklist; the client's coordinator reassigns it.
    The access rule itself decides (polku.access.policy.sees), not a copy of it; so no day of
    its own (when the owner stopped seeing is the access rule's, not copied here): the alert
    counts from the day the scan first noticed it."""
    from polku.access.policy import sees

    day = today + dt.timedelta(days=days_ahead)
    agreements = (
        Agreement.objects.filter(
            status=AgreementStatus.OPEN,
            owner__isnull=False,
            client__status=ClientStatus.ACTIVE,
        )
        .filter(~sees("owner", on=day))
        .annotate(
            subject=Concat(Value("agreement:"), Cast("pk", CharField()), output_field=CharField()),
            assigned_to_id=_coordinator_of("client_id"),
            since=_UNKNOWN,
        )
        .values("client_id", "subject", "assigned_to_id", "since")
    )
    contacts = (
        NextContact.objects.filter(
            done_at__isnull=True,
            contact_by__isnull=False,
            client__status=ClientStatus.ACTIVE,
        )
        .filter(~sees("contact_by", on=day))
        .annotate(
            subject=Concat(
                Value("next_contact:"), Cast("pk", CharField()), output_field=CharField()
            ),
            assigned_to_id=_coordinator_of("client_id"),
            since=_UNKNOWN,
        )
        .values("client_id", "subject", "assigned_to_id", "since")
    )
    from polku.plans.models import OPEN_STEP_STATUSES, GoalStatus, Step

    steps = (
        Step.objects.filter(
            status__in=OPEN_STEP_STATUSES,
            goal__status=GoalStatus.ACTIVE,
            responsible__isnull=False,
            goal__plan__client__status=ClientStatus.ACTIVE,
        )
        .filter(~sees("responsible", "goal__plan__client", on=day))
        .annotate(
            client_id=F("goal__plan__client"),
            subject=Concat(Value("plan_step:"), Cast("pk", CharField()), output_field=CharField()),
            assigned_to_id=_coordinator_of("goal__plan__client"),
            since=_UNKNOWN,
        )
        .values("client_id", "subject", "assigned_to_id", "since")
    )
    return agreements.order_by().union(contacts.order_by(), steps.order_by(), all=True).order_by()


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            code=NO_NEXT_CONTACT,
            title=_("No future next contact"),
            default_threshold=DEFAULT_GRACE_DAYS,
            unit=_("grace days"),
            reason=(
                "Every meeting ends with when we hear from each other next. An active client "
                "with no open next contact due today or later has nobody holding the thread."
            ),
            compute=_no_next_contact,
        ),
        Rule(
            code=AGREEMENT_OVERDUE,
            title=_("Agreement overdue"),
            default_threshold=0,
            unit=_("grace days"),
            reason=(
                "An agreement is a promise to the client: who does what by when. Open past its "
                "date (due_on < today - grace), the client is waiting on someone."
            ),
            compute=_agreement_overdue,
        ),
        Rule(
            code=NO_CONTACT,
            title=_("No contact for a long time"),
            default_threshold=60,
            unit=_("days"),
            reason=(
                "No closed meeting and no next contact done in N days: the client may have "
                "dropped off the path without anyone noticing."
            ),
            compute=_no_contact,
        ),
        Rule(
            code=HANDOVER_PENDING,
            title=_("Handover pending"),
            default_threshold=14,
            unit=_("days"),
            reason=(
                "A warm handover proposed more than N days ago and neither accepted nor "
                "declined leaves the client between two coordinators."
            ),
            compute=_handover_pending,
        ),
        Rule(
            code=PING_PONG,
            title=_("Passed between organisations"),
            default_threshold=3,
            unit=_("changes of coordinating organisation in 90 days"),
            reason=(
                "Ping-pong (pingispeli): the coordinating organisation changed 3 or more times "
                "in 90 days. The client is being passed around instead of helped."
            ),
            compute=_ping_pong,
        ),
        Rule(
            code=REFERRAL_OVERDUE,
            title=_("Referral past its deadline"),
            default_threshold=0,
            unit=_("grace days"),
            reason=(
                "A partner referred the client with the client present and was promised a "
                "first contact within N Finnish working days. Past the deadline without a "
                "contact, the team's service manager is told (escalation)."
            ),
            compute=_referral_overdue,
        ),
        Rule(
            code=OWNER_CANNOT_SEE,
            title=_("Open work owned by someone who cannot see the client"),
            default_threshold=0,
            unit=_("days ahead"),
            reason=(
                "An open agreement, next contact or plan step belongs on its owner's worklist, "
                "which lists only clients the owner may see (the access rule). If the owner left "
                "the network, lost the consent's cover or left the service, the work falls "
                "off every worklist. Checked on today + N days, so a consent about to end is "
                "caught in time; the client's coordinator reassigns the work."
            ),
            compute=_owner_cannot_see,
        ),
    )
}


def rule_choices() -> list[tuple[str, object]]:
    return [(rule.code, rule.title) for rule in RULES.values()]
