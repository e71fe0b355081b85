"""Reads for the worklist, the team view and the digest. Every list of client items is
limited to the clients the professional may see (the access rule: Client.objects.visible_to)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from polku.accounts.models import User
from polku.clients.models import Client, ClientStatus, NetworkMember, NetworkRole
from polku.handover.models import Handover, HandoverStatus
from polku.meetings.models import Agreement, AgreementStatus, NextContact
from polku.plans.models import OPEN_STEP_STATUSES, GoalStatus, Step

from .alerts import (
    RULES,
    _coordinator_of,
    future_next_contact,
)
from .models import Alert


def horizon_days() -> int:
    """Agreements and next contacts due within this many days appear on the worklist."""
    return settings.POLKU_WORKLIST_HORIZON_DAYS


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _visible(user: User, day: dt.date, visible: QuerySet[Client] | None) -> QuerySet[Client]:
    """The clients `user` may see on `day`: `visible` when the caller built it once for a
    whole page (the worklist asks eight selectors), else built here."""
    return Client.objects.visible_to(user, on=day) if visible is None else visible


def agreements_due(
    user: User, *, today: dt.date | None = None, visible: QuerySet[Client] | None = None
) -> QuerySet[Agreement]:
    """Open agreements I own, overdue or due within the horizon, oldest first."""
    day = _today(today)
    return (
        Agreement.objects.filter(
            owner=user,
            status=AgreementStatus.OPEN,
            due_on__lte=day + dt.timedelta(days=horizon_days()),
            client__in=_visible(user, day, visible),
        )
        .select_related("client")
        .order_by("due_on", "pk")
    )


def next_contacts_due(
    user: User, *, today: dt.date | None = None, visible: QuerySet[Client] | None = None
) -> QuerySet[NextContact]:
    """Next contacts I must make, not done, overdue or due within the horizon."""
    day = _today(today)
    return (
        NextContact.objects.filter(
            contact_by=user,
            done_at__isnull=True,
            due_on__lte=day + dt.timedelta(days=horizon_days()),
            client__in=_visible(user, day, visible),
        )
        .select_related("client")
        .order_by("due_on", "pk")
    )


def _open_steps() -> QuerySet[Step]:
    """Open steps (planned or in progress) of active goals, with their client as
    `client_id` and what the worklist shows."""
    return (
        Step.objects.filter(status__in=OPEN_STEP_STATUSES, goal__status=GoalStatus.ACTIVE)
        .annotate(client_id=F("goal__plan__client"))
        .select_related("goal__plan__client", "organisation", "service")
    )


def steps_due(
    user: User, *, today: dt.date | None = None, visible: QuerySet[Client] | None = None
) -> QuerySet[Step]:
    """Open plan steps I am responsible for, overdue or with a target date within the
    horizon (the same as agreements), of clients I may see; oldest first."""
    day = _today(today)
    return (
        _open_steps()
        .filter(
            responsible=user,
            target_date__lte=day + dt.timedelta(days=horizon_days()),
            goal__plan__client__in=_visible(user, day, visible),
        )
        .order_by("target_date", "pk")
    )


def steps_to_assign(
    user: User, *, today: dt.date | None = None, visible: QuerySet[Client] | None = None
) -> QuerySet[Step]:
    """Open plan steps nobody is responsible for yet (the organisation that provides them is
    known, nobody of it is in the network) of the clients I coordinate and may see: I assign
    them on the plan page. Whatever their target date: an open step has no owner to wait for."""
    day = _today(today)
    seat = (
        NetworkMember.objects.coordinators()
        .of(OuterRef("goal__plan__client"))
        .filter(professional=user)
    )
    return (
        _open_steps()
        .filter(
            Exists(seat),
            responsible__isnull=True,
            responsible_is_client=False,
            goal__plan__client__in=_visible(user, day, visible),
        )
        .order_by("target_date", "pk")
    )


def handovers_waiting(
    user: User, *, today: dt.date | None = None, visible: QuerySet[Client] | None = None
) -> QuerySet[Handover]:
    """Handovers proposed to me, with `client_visible`: the receiver may not be in the
    client's network yet, and then the client's identity is not shown."""
    day = _today(today)
    return (
        Handover.objects.filter(to_professional=user, status=HandoverStatus.PROPOSED)
        .annotate(
            client_visible=Exists(_visible(user, day, visible).filter(pk=OuterRef("client_id")))
        )
        .select_related("client", "from_coordinator__organisation")
        .order_by("proposed_at")
    )


def clients_without_next_contact(
    user: User, *, today: dt.date | None = None, visible: QuerySet[Client] | None = None
) -> QuerySet[Client]:
    """Active clients I coordinate with no open next contact due today or later (rule 1)."""
    day = _today(today)
    seat = NetworkMember.objects.coordinators().of(OuterRef("pk")).filter(professional=user)
    grace = RULES["no_next_contact"].threshold
    return (
        _visible(user, day, visible)
        .filter(Exists(seat), status=ClientStatus.ACTIVE)
        .filter(~future_next_contact(day, grace))
        .order_by("last_name", "first_names", "pk")
    )


def open_alerts(
    user: User, *, today: dt.date | None = None, visible: QuerySet[Client] | None = None
) -> QuerySet[Alert]:
    day = _today(today)
    return (
        Alert.objects.filter(
            assigned_to=user,
            resolved_on__isnull=True,
            client__in=_visible(user, day, visible),
        )
        .annotate(problem_began=problem_since())
        .select_related("client")
        .order_by("problem_began", "raised_on", "pk")
    )


def digest_counts(user: User, *, today: dt.date | None = None) -> dict[str, int]:
    """What the e-mail digest tells: counts only, no client identity."""
    day = _today(today)
    visible = Client.objects.visible_to(user, on=day)
    agreements = Agreement.objects.filter(
        owner=user, status=AgreementStatus.OPEN, client__in=visible
    ).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=day)),
        due=Count("pk", filter=Q(due_on__gte=day, due_on__lte=day + dt.timedelta(horizon_days()))),
    )
    return {
        "agreements_overdue": agreements["overdue"],
        "agreements_due": agreements["due"],
        "next_contacts_due": NextContact.objects.filter(
            contact_by=user, done_at__isnull=True, due_on__lte=day, client__in=visible
        ).count(),
        "handovers_waiting": Handover.objects.filter(
            to_professional=user, status=HandoverStatus.PROPOSED
        ).count(),
        "new_alerts": Alert.objects.filter(
            assigned_to=user, resolved_on__isnull=True, notified_at__isnull=True, client__in=visible
        ).count(),
    }


def digest_recipients(*, today: dt.date | None = None) -> QuerySet[User]:
    """Professionals with an e-mail address and anything that may be due (a cheap
    pre-filter; each digest is then counted through the access rule)."""
    day = _today(today)
    horizon = day + dt.timedelta(days=horizon_days())
    has = Q(
        Exists(
            Agreement.objects.filter(
                owner=OuterRef("pk"), status=AgreementStatus.OPEN, due_on__lte=horizon
            )
        )
    )
    has |= Q(
        Exists(
            NextContact.objects.filter(
                contact_by=OuterRef("pk"), done_at__isnull=True, due_on__lte=day
            )
        )
    )
    has |= Q(
        Exists(
            Handover.objects.filter(to_professional=OuterRef("pk"), status=HandoverStatus.PROPOSED)
        )
    )
    has |= Q(
        Exists(
            Alert.objects.filter(
                assigned_to=OuterRef("pk"), resolved_on__isnull=True, notified_at__isnull=True
            )
        )
    )
    return (
        User.objects.filter(is_active=True, organisation__isnull=False)
        .exclude(profession="")
        .exclude(email="")
        .filter(has)
        .order_by("pk")
    )


# --- team view -------------------------------------------------------------------------------


def caseload(
    organisation_id: int,
    *,
    today: dt.date | None = None,
    coordinators: list[User] | None = None,
) -> list[dict]:
    """Per coordinator of the organisation: active clients coordinated, overdue agreements
    and clients without a future next contact among them, open alerts assigned to them.
    Counts only (grouped queries), no client identity. `coordinators`, if given, is
    `coordinators_of(organisation_id)` already read by the caller.

    Driven from the coordinators' own seats (the index on the professional), never from every
    client of the region: the figures cost what the organisation's caseload costs (issue 20:
    the grouped queries over every coordinator seat took seconds at 100 000 clients)."""
    day = _today(today)
    people = list(coordinators_of(organisation_id)) if coordinators is None else coordinators
    ids = [person.pk for person in people]
    if not ids:
        return []
    grace = RULES["no_next_contact"].threshold
    # Each client has at most one coordinator seat (a database constraint), so counting seats
    # counts clients. The seats are read from their index alone, every seat once, and those
    # of the few clients not active (closed, in intake; an index of their own) subtracted:
    # the client table is never scanned for its status.
    seats = NetworkMember.objects.coordinators().filter(professional_id__in=ids)

    def _counts(rows: QuerySet[NetworkMember]) -> dict[int, tuple[int, int]]:
        return {
            row["professional_id"]: (row["seats"], row["without"])
            for row in rows.order_by()
            .values("professional_id")
            .annotate(
                seats=Count("client_id"),
                without=Count(
                    "client_id", filter=~future_next_contact(day, grace, client_ref="client_id")
                ),
            )
        }

    every = _counts(seats)
    inactive = _counts(seats.exclude(client__status=ClientStatus.ACTIVE))
    counts = {
        pk: (n - inactive.get(pk, (0, 0))[0], without - inactive.get(pk, (0, 0))[1])
        for pk, (n, without) in every.items()
    }
    overdue = dict(
        Agreement.objects.filter(
            status=AgreementStatus.OPEN,
            due_on__lt=day,
            client__status=ClientStatus.ACTIVE,
            client__network__role=NetworkRole.COORDINATOR,
            client__network__ended_at__isnull=True,
            client__network__professional_id__in=ids,
        )
        .values("client__network__professional_id")
        .annotate(n=Count("pk"))
        .values_list("client__network__professional_id", "n")
    )
    alerts = dict(
        Alert.objects.filter(resolved_on__isnull=True, assigned_to_id__in=ids)
        .values("assigned_to_id")
        .annotate(n=Count("pk"))
        .values_list("assigned_to_id", "n")
    )
    return [
        {
            "coordinator": person,
            "active_clients": counts[person.pk][0],
            "overdue_agreements": overdue.get(person.pk, 0),
            "without_next_contact": counts[person.pk][1],
            "open_alerts": alerts.get(person.pk, 0),
        }
        for person in people
        if counts.get(person.pk, (0, 0))[0] > 0
    ]


def coordinators_of(organisation_id: int) -> QuerySet[User]:
    """Professionals of the organisation who coordinate at least one client now."""
    return User.objects.filter(
        Exists(NetworkMember.objects.coordinators().filter(professional=OuterRef("pk"))),
        organisation_id=organisation_id,
    ).order_by("last_name", "first_name", "pk")


def at_risk(
    organisation_id: int, *, rule: str = "", coordinator_id: int | None = None
) -> QuerySet[Alert]:
    """Open alerts of clients coordinated in the organisation, annotated with
    `coordinator_id` (the client's current coordinator). The caller decides, through the
    access rule, whose identity may be shown."""
    seats = NetworkMember.objects.coordinators()
    if coordinator_id:
        seats = seats.filter(professional_id=coordinator_id)
    # From the organisation's coordinator seats, not by asking every open alert of the
    # region for its client's coordinator.
    alerts = Alert.objects.filter(
        resolved_on__isnull=True,
        client_id__in=seats.filter(professional__organisation_id=organisation_id).values(
            "client_id"
        ),
    ).annotate(coordinator_id=_coordinator_of("client_id"))
    if rule:
        alerts = alerts.filter(rule=rule)
    return alerts.annotate(problem_began=problem_since()).order_by(
        "problem_began", "raised_on", "rule", "pk"
    )


def problem_since() -> Coalesce:
    """The day an alert's problem began, for its age and order: the day its rule's own data
    tell (Alert.since, set by the scan: an overdue agreement's due date, the last contact, a
    pending handover's day of proposal...), else the day the daily scan first noticed it
    (`raised_on`: kept while the alert stays open, the scan never raises an open alert again)."""
    return Coalesce(F("since"), F("raised_on"), output_field=DateField())


def work_ability_warnings(
    user: User, *, today: dt.date | None = None, visible: QuerySet[Client] | None = None
) -> list[dict]:
    """Early warnings of declining work ability (polku.assessment.early_warnings) of the active
    clients I coordinate, through the access rule: for each client whose latest assessment
    raises a signpost, the client, that assessment and its signposts (translated).

    One query, whatever the caseload: each client's latest assessment with the previous
    version's score and the domains the rules read (early_warnings.DOMAINS_READ) beside it,
    not every domain of the last two versions by a list of the caseload's ids (issue 20),
    and what the client's plan already has (signposts.in_plan_annotations): a warning does
    not suggest it again."""
    from django.db.models import FilteredRelation

    from polku.assessment import early_warnings, signposts
    from polku.assessment.models import Assessment

    day = _today(today)
    seat = NetworkMember.objects.coordinators().of(OuterRef("client_id")).filter(professional=user)
    newer = Assessment.objects.filter(
        client_id=OuterRef("client_id"), version__gt=OuterRef("version")
    )
    previous = (
        Assessment.objects.order_by()
        .filter(client_id=OuterRef("client_id"), version=OuterRef("version") - 1)
        .values("work_ability_score")[:1]
    )  # one row at most: (client, version) is unique
    domains = {f"domain_{i}": name for i, name in enumerate(early_warnings.DOMAINS_READ)}
    columns = ("pk", "client_status", "professional_status", "support_needed")
    rows = (
        Assessment.objects.filter(
            Exists(seat),
            ~Exists(newer),
            client__in=_visible(user, day, visible),
            client__status=ClientStatus.ACTIVE,
        )
        .alias(
            **{
                alias: FilteredRelation("domains", condition=Q(domains__domain=name))
                for alias, name in domains.items()
            }
        )
        .annotate(
            previous_score=Subquery(previous),
            **signposts.in_plan_annotations(OuterRef("client_id"), day),
            **{
                f"{alias}_{column}": F(f"{alias}__{column}")
                for alias in domains
                for column in columns
            },
        )
        .select_related("client")
        .only(
            "client__first_names",
            "client__last_name",
            "version",
            "assessed_on",
            "work_ability_score",
            "sickness_absence_days",
        )
        .order_by()
    )
    found: list[dict] = []
    for current in rows:
        facts = early_warnings.Facts(
            in_plan=signposts.in_plan_of(current),
            score=current.work_ability_score,
            previous_score=current.previous_score,  # type: ignore[attr-defined]  # annotated
            absence_days=current.sickness_absence_days,
            domains={
                name: early_warnings.DomainFacts(
                    client_status=getattr(current, f"{alias}_client_status"),
                    professional_status=getattr(current, f"{alias}_professional_status"),
                    support_needed=getattr(current, f"{alias}_support_needed"),
                )
                for alias, name in domains.items()
                if getattr(current, f"{alias}_pk") is not None  # the assessment has that domain
            },
        )
        shown = signposts.for_facts(facts)
        if shown:
            found.append({"client": current.client, "assessment": current, "signposts": shown})
    found.sort(
        key=lambda row: (row["client"].last_name, row["client"].first_names, row["client"].pk)
    )
    return found
