"""Reads for referrals. Two views of one referral, never mixed:

* the receiving team (members and the service manager of the referral's team) sees the
  referral whole: who the client is, the situation, how to reach them;
* the referring partner organisation sees only the status, the named worker and the outcome
  category, and nothing at all once the client has withdrawn the consent;
* once the client has withdrawn the consent, the receiving team keeps only the record that
  the referral was received and answered (WITHDRAWN_FIELDS, read-only, audited): never again
  the client's name, identity code, situation, contacts or discharge plan (issue #18,
  finding 15; docs/security.md).

Anyone else gets "not found" (404), like a client outside the access rule. Who is on a team
and which referrals a team or a partner sees are decided in polku.access.resolver
(teams_of, referrals_for_team, referrals_for_partner); the reads here start from those."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access import resolver
from polku.clients.models import Client

from . import working_days
from .models import (
    URGENCY_ORDER,
    WAITING_FOR_CONTACT,
    FollowUp,
    Referral,
    ReferralEvent,
    ReferralStatus,
)

if TYPE_CHECKING:  # annotations only
    from polku.accounts.models import User

PARTNER_FIELDS = (
    "pk",
    "team__name",
    "team__organisation__name",
    "status",
    "outcome",
    "urgency",
    "received_at",
    "deadline",
    "claimed_at",
    "contacted_at",
    "closed_at",
    "named_worker__first_name",
    "named_worker__last_name",
    "partner_organisation_id",
    "client_id",
    "language",
    "team__phone",
    "team__email",
    "named_worker__phone",
    "named_worker__email",
    # The client's name: the partner referred this client, with the client present, and sees
    # the name while the client's consent to the referral is in force (for_partner); never
    # the henkilötunnus, the situation or the contact details.
    "first_names",
    "last_name",
)


def partner_view(user: User, referral_id) -> dict:
    """The partner's limited view of one referral (a dict, so nothing else can leak)."""
    try:
        row = resolver.referrals_for_partner(user).values(*PARTNER_FIELDS).get(pk=int(referral_id))
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such referral.")) from None
    return _partner_row(row)


def _partner_row(row: dict) -> dict:
    status = ReferralStatus(row["status"])
    from .models import Outcome, Urgency

    first, last = row["named_worker__first_name"], row["named_worker__last_name"]
    return {
        "pk": row["pk"],
        "reference": f"L-{row['pk']:06d}",
        "client_name": f"{row['first_names']} {row['last_name']}".strip(),
        "team": row["team__name"],
        "organisation": row["team__organisation__name"],
        "status": status.value,
        "status_label": status.label,
        "outcome": row["outcome"],
        "outcome_label": Outcome(row["outcome"]).label if row["outcome"] else "",
        "urgency": row["urgency"],
        "urgency_label": Urgency(row["urgency"]).label,
        "named_worker": f"{first} {last}".strip() if first or last else "",
        "received_at": row["received_at"],
        "deadline": row["deadline"],
        # When the client was contacted, and whether within the deadline (as the team sees it).
        **first_contact(row["deadline"], row["contacted_at"]),
        # The same lateness the receiving team sees in its queue (time_left, working days).
        **time_left(
            row["deadline"],
            waiting=status in WAITING_FOR_CONTACT,
            today=timezone.localdate(),
        ),
        "claimed_at": row["claimed_at"],
        "contacted_at": row["contacted_at"],
        "closed_at": row["closed_at"],
        "language": row["language"],
        "team_phone": row["team__phone"],
        "team_email": row["team__email"],
        "worker_phone": row["named_worker__phone"] or "",
        "worker_email": row["named_worker__email"] or "",
        # For the audit trail only; never shown to the partner.
        "audit_client_id": row["client_id"],
    }


def partner_view_of(referral: Referral) -> dict:
    """The same limited view built for the team (the handout the client takes home)."""
    return _partner_row(Referral.objects.filter(pk=referral.pk).values(*PARTNER_FIELDS).get())


def referral_by_pk(pk: int) -> Referral:
    """For services, after a selector has already decided that the user may act on it."""
    return Referral.objects.get(pk=pk)


def partner_list(user: User) -> list[dict]:
    rows = (
        resolver.referrals_for_partner(user).values(*PARTNER_FIELDS).order_by("-received_at", "-pk")
    )
    return [_partner_row(row) for row in rows]


def team_referral(user: User, referral_id) -> Referral:
    """The whole referral for its team, while the client's consent to it is in force."""
    try:
        return (
            resolver.referrals_for_team(user)
            .filter(resolver.referral_consent_in_force())
            .select_related(
                "team__organisation", "partner_organisation", "referred_by", "named_worker"
            )
            .get(pk=int(referral_id))
        )
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such referral.")) from None


# What the receiving team keeps of a referral after the client has withdrawn the consent: that
# a referral was received from an organisation, when, how it was answered (status, outcome,
# the named worker and the dates) and when the consent was withdrawn: the service's duty to
# document what it received and did (for a social or health service 703/2023, 17 §; other
# teams are not bound by that act — docs/security.md). The withdrawal does not erase that
# record, but nothing requires showing the team who the person was afterwards. The other
# columns stay stored only until the retention task anonymises the referral
# (polku.privacy.retention); no page or API shows them.
WITHDRAWN_FIELDS = (
    "pk",
    "team__name",
    "team__organisation__name",
    "partner_organisation__name",
    "urgency",
    "received_at",
    "deadline",
    "status",
    "outcome",
    "claimed_at",
    "contacted_at",
    "closed_at",
    "consent_withdrawn_at",
    "consent__withdrawn_at",
    "named_worker__first_name",
    "named_worker__last_name",
    "client_id",
)


def withdrawn_record(user: User, referral_id) -> dict:
    """The record the team keeps of a referral whose consent the client has withdrawn (a dict
    of WITHDRAWN_FIELDS only, so nothing else can leak); Http404 when there is none."""
    from .models import Outcome

    try:
        row = (
            resolver.referrals_for_team(user)
            .exclude(resolver.referral_consent_in_force())
            .values(*WITHDRAWN_FIELDS)
            .get(pk=int(referral_id))
        )
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such referral.")) from None
    first, last = row["named_worker__first_name"], row["named_worker__last_name"]
    events = ReferralEvent.objects.filter(referral_id=row["pk"]).select_related("by")
    return {
        "pk": row["pk"],
        "reference": f"L-{row['pk']:06d}",
        "team": row["team__name"],
        "organisation": row["team__organisation__name"],
        "partner_organisation": row["partner_organisation__name"],
        "received_at": row["received_at"],
        "deadline": row["deadline"],
        "status_label": ReferralStatus(row["status"]).label,
        "outcome_label": Outcome(row["outcome"]).label if row["outcome"] else "",
        "named_worker": f"{first} {last}".strip() if first or last else "",
        "claimed_at": row["claimed_at"],
        "contacted_at": row["contacted_at"],
        "closed_at": row["closed_at"],
        "withdrawn_at": row["consent_withdrawn_at"] or row["consent__withdrawn_at"],
        # The history without its notes: a note may name the person or their situation.
        "events": [
            {
                "at": e.at,
                "by": e.by.get_full_name() or e.by.username,
                "what": e.what_label,
                "to_status": e.to_status_label if e.to_status else "",
            }
            for e in events.order_by("at", "pk")
        ],
        # For the audit trail only; never shown.
        "audit_client_id": row["client_id"],
    }


def urgency_rank():
    return Case(
        *(When(urgency=code, then=Value(rank)) for code, rank in URGENCY_ORDER.items()),
        default=Value(9),
        output_field=IntegerField(),
    )


def queue(user: User, *, include_closed: bool = False) -> QuerySet[Referral]:
    """The team's queue: open referrals whose consent is in force, the most urgent first,
    then by deadline and arrival."""
    referrals = resolver.referrals_for_team(user).filter(resolver.referral_consent_in_force())
    if not include_closed:
        referrals = referrals.exclude(status=ReferralStatus.CLOSED)
    return (
        referrals.annotate(urgency_rank=urgency_rank())
        .select_related("team", "partner_organisation", "named_worker")
        .order_by("urgency_rank", "deadline", "received_at", "pk")
    )


def time_left(deadline: dt.date, *, waiting: bool, today: dt.date) -> dict:
    """The time left to the first contact, as both sides are shown it (the receiving team's
    queue and the referring partner's view): `days_left`, working days until the deadline
    (negative: overdue) while the referral waits for the first contact, None once the client
    has been contacted; `overdue` and `days_overdue` (working days past the deadline)."""
    days_left = working_days.working_days_between(today, deadline) if waiting else None
    late = days_left is not None and deadline < today
    return {
        "days_left": days_left,
        "overdue": late,
        "days_overdue": -days_left if late and days_left is not None else 0,
    }


def first_contact(deadline: dt.date, contacted_at: dt.datetime | None) -> dict:
    """The first contact as both sides are shown it: `contacted_on` (the local day, None
    before the contact), `contact_in_time` (on or before the deadline) and `contact_days_late`
    (Finnish working days past the deadline, as time_left counts them; a contact on a
    weekend or holiday after the deadline is one day late, not zero)."""
    if contacted_at is None:
        return {"contacted_on": None, "contact_in_time": False, "contact_days_late": 0}
    day = timezone.localdate(contacted_at)
    late = 0 if day <= deadline else max(1, working_days.working_days_between(deadline, day))
    return {"contacted_on": day, "contact_in_time": late == 0, "contact_days_late": late}


def with_time_left(referrals, *, today: dt.date | None = None) -> list[Referral]:
    """Each referral with time_left()'s `days_left`, `overdue` and `days_overdue`, and
    first_contact()'s `contacted_on`, `contact_in_time` and `contact_days_late`."""
    day = today or timezone.localdate()
    shown = list(referrals)
    for referral in shown:
        for name, value in time_left(
            referral.deadline, waiting=referral.waiting_for_contact, today=day
        ).items():
            setattr(referral, name, value)
        for name, value in first_contact(referral.deadline, referral.contacted_at).items():
            setattr(referral, name, value)
    return shown


def overdue(*, today: dt.date | None = None) -> QuerySet[Referral]:
    """Referrals past their deadline without a first contact (consent in force)."""
    day = today or timezone.localdate()
    return Referral.objects.filter(
        resolver.referral_consent_in_force(),
        status__in=WAITING_FOR_CONTACT,
        deadline__lt=day,
    )


def escalated_to(user: User, *, today: dt.date | None = None) -> QuerySet[Referral]:
    """Overdue referrals of the teams `user` manages: the escalation to the service manager."""
    return (
        overdue(today=today)
        .filter(team__in=resolver.managed_teams(user).values("pk"))
        .select_related("team", "named_worker")
        .order_by("deadline", "pk")
    )


def events(referral: Referral) -> QuerySet[ReferralEvent]:
    return referral.events.select_related("by").order_by("at", "pk")


def follow_ups_due(
    user: User,
    *,
    today: dt.date | None = None,
    horizon: int = 7,
    visible: QuerySet[Client] | None = None,
    team_ids: Iterable[int] | None = None,
):
    """Follow-ups after discharge that `user` makes, not done, overdue or due soon: of the
    user's teams' referrals, or — for the home municipality's social worker — of clients the
    access rule lets them see. `visible` (the access rule's clients of `user` on the day) and
    `team_ids` (the pks of resolver.teams_of(user)), when the caller has them for its page
    already (the worklist), are used instead of building them again."""
    day = today or timezone.localdate()
    teams = resolver.teams_of(user).values("pk") if team_ids is None else list(team_ids)
    clients = Client.objects.visible_to(user, on=day) if visible is None else visible
    return (
        FollowUp.objects.filter(
            Q(plan__referral__team__in=teams) | Q(plan__referral__client__in=clients),
            contact_by=user,
            done_at__isnull=True,
            due_on__lte=day + dt.timedelta(days=horizon),
            plan__referral__consent_withdrawn_at__isnull=True,
        )
        .select_related("plan__referral")
        .order_by("due_on", "pk")
    )


def client_referrals(client: Client) -> QuerySet[Referral]:
    """Referrals attached to a client's case (for the client's page, through client_for)."""
    return (
        Referral.objects.filter(client=client)
        .select_related("team", "partner_organisation", "named_worker")
        .order_by("-received_at", "-pk")
    )


def client_follow_ups(client: Client):
    """Follow-ups agreed in the discharge plans of a client's referrals (consent in force)."""
    return (
        FollowUp.objects.filter(
            plan__referral__client=client, plan__referral__consent_withdrawn_at__isnull=True
        )
        .select_related("contact_by", "plan__referral")
        .order_by("due_on", "pk")
    )
