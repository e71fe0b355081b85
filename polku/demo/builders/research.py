"""Demo data of the follow-up study.

* Outcomes for the follow-up indicators: for clients who entered three months ago or
  earlier, the situation recorded at some of the 3-, 6- and 12-month follow-ups (more often in
  rehabilitation or still unemployed early, more often in work or education later; now and
  then nothing recorded).
* The South Savo work-ability pilot (seed 004): 100 partially work-able unemployed clients
  living in Mikkeli, Savonlinna and Pieksämäki, each with a personal worker (their
  coordinator), a multi-professional team and lifestyle coaching as steps of their plan —
  a cohort the dashboard, the monthly report and exports can be filtered to. The demo's
  clients with a plan and the largest networks are chosen (and moved to South Savo).

Deterministic for a seed; idempotent; a few bulk queries (load_demo stays fast)."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count, Q
from django.utils import timezone

from polku.clients.models import Client, ClientStatus, NetworkMember, NetworkRole
from polku.demo.dates import working_day
from polku.handover.models import Handover
from polku.plans.models import Goal, GoalStatus, Plan, Step, StepStatus
from polku.research.models import Cohort, OutcomeEvent

PILOT_NAME = "Etelä-Savon työkykypilotti"
PILOT_DESCRIPTION = (
    "100 osatyökykyistä työtöntä pilottiasiakasta: omatyöntekijä, moniammatillisen tiimin "
    "tuki ja tarvittaessa elintapavalmennus (Kela sote-keskuksissa, Etelä-Savo)."
)
PILOT_SIZE = 100
SOUTH_SAVO = (("Mikkeli", "50100", 60), ("Savonlinna", "57100", 25), ("Pieksämäki", "76100", 15))
PILOT_GOAL = "Haluan jaksaa arjessa ja löytää työn, joka sopii terveydelleni."
PILOT_STEPS = (  # (what, days to the target date, who: coordinator / team / client)
    ("Omatyöntekijän tapaamiset kahden viikon välein", 14, "coordinator"),
    ("Moniammatillisen tiimin työkykyarvio", 45, "team"),
    ("Elintapavalmennus (liikunta, uni, ravinto)", 90, "client"),
)

EARLY = (
    ("rehabilitation", 30),
    ("unemployed", 35),
    ("education", 10),
    ("pay_subsidised_work", 10),
    ("open_market_work", 5),
    ("pension", 2),
)
LATE = (
    ("open_market_work", 20),
    ("pay_subsidised_work", 18),
    ("education", 15),
    ("rehabilitation", 15),
    ("unemployed", 25),
    ("pension", 5),
)


# Situations that end the service: a client still active in it is not in them now (an earlier
# follow-up may have found a job that has since ended).
LEFT_SERVICE = {"open_market_work", "pension"}


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def build(*, seed: int, now: dt.datetime | None = None) -> None:
    build_pilot(seed=seed, now=now)
    build_outcomes(seed=seed, now=now)


def build_outcomes(*, seed: int, now: dt.datetime | None = None) -> None:
    if OutcomeEvent.objects.exists():
        return
    rng = random.Random(seed + 9)
    today = timezone.localdate(now) if now else timezone.localdate()
    coordinators = dict(
        NetworkMember.objects.coordinator_periods()
        .order_by("started_at")
        .values_list("client_id", "professional_id")
    )
    events = []
    for client_id, created, status in (
        Client.objects.exclude(status=ClientStatus.INTAKE)
        .order_by("pk")
        .values_list("pk", "created_at", "status")
    ):
        entered = timezone.localtime(created).date()
        by = coordinators.get(client_id)
        if by is None:
            continue
        mine = []
        for months, weights in ((3, EARLY), (6, EARLY), (12, LATE)):
            day = _months_later(entered, months) - dt.timedelta(days=rng.randint(0, 20))
            if day > today or rng.random() < 0.2:
                continue
            kinds, odds = zip(*weights, strict=True)
            kind = rng.choices(kinds, odds)[0]
            mine.append(OutcomeEvent(client_id=client_id, kind=kind, date=day, recorded_by_id=by))
        if status == ClientStatus.ACTIVE and mine and mine[-1].kind in LEFT_SERVICE:
            # the client's situation now fits their being in the service still
            kinds, odds = zip(*[w for w in LATE if w[0] not in LEFT_SERVICE], strict=True)
            mine[-1].kind = rng.choices(kinds, odds)[0]
        events.extend(mine)
    OutcomeEvent.objects.bulk_create(events, batch_size=1000)


def build_pilot(*, seed: int, now: dt.datetime | None = None) -> Cohort | None:
    """The South Savo pilot cohort (see the module's docstring); None if it exists."""
    if Cohort.objects.filter(name=PILOT_NAME).exists():
        return None
    rng = random.Random(seed + 4)
    today = timezone.localdate(now) if now else timezone.localdate()
    active = Q(network__ended_at__isnull=True)
    chosen = list(
        Client.objects.filter(status=ClientStatus.ACTIVE, plan__isnull=False)
        # the handover demo's clients keep their stories (a handover settles open steps)
        .exclude(pk__in=Handover.objects.values("client_id"))
        .annotate(team=Count("network__professional__organisation", filter=active, distinct=True))
        .order_by("-team", "pk")
        .values_list("pk", flat=True)[:PILOT_SIZE]
    )
    cohort = Cohort.objects.create(name=PILOT_NAME, description=PILOT_DESCRIPTION)
    cohort.clients.set(chosen)
    places, weights = [p[:2] for p in SOUTH_SAVO], [p[2] for p in SOUTH_SAVO]
    by_place: dict[tuple[str, str], list[int]] = {}
    for client_id in chosen:
        by_place.setdefault(rng.choices(places, weights)[0], []).append(client_id)
    for (municipality, postal_code), ids in by_place.items():
        Client.objects.filter(pk__in=ids).update(municipality=municipality, postal_code=postal_code)
    members = NetworkMember.objects.active().filter(client_id__in=chosen)
    coordinator = {
        m.client_id: m for m in members.coordinators().select_related("professional__organisation")
    }
    team: dict[int, NetworkMember] = {}
    for member in members.exclude(role=NetworkRole.COORDINATOR).select_related(
        "professional__organisation"
    ):
        team.setdefault(member.client_id, member)
    plans = dict(Plan.objects.filter(client_id__in=chosen).values_list("client_id", "pk"))
    # The pilot's steps go under the plan's first goal still pursued: a goal achieved or
    # dropped has no open steps (tests/demo/test_demo_consistency.py); a plan with none gets
    # the pilot's own goal.
    goals: dict[int, Goal] = {}
    for goal in Goal.objects.filter(plan_id__in=plans.values(), status=GoalStatus.ACTIVE).order_by(
        "order", "pk"
    ):
        goals.setdefault(goal.plan_id, goal)
    goal_count = dict(
        Goal.objects.filter(plan_id__in=plans.values())
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values_list("plan_id", "n")
    )
    new_goals = [
        Goal(
            plan_id=plan_id,
            text=PILOT_GOAL,
            order=goal_count.get(plan_id, 0),  # after the goals reached or let go
            created_by=coordinator[client_id].professional,
        )
        for client_id, plan_id in plans.items()
        if plan_id not in goals and client_id in coordinator
    ]
    for made in Goal.objects.bulk_create(new_goals):
        goals[made.plan_id] = made
    steps = []
    for client_id in chosen:
        seat = coordinator.get(client_id)
        plan_id = plans.get(client_id)
        pilot_goal = goals.get(plan_id) if plan_id is not None else None
        if seat is None or pilot_goal is None:
            continue
        helper = team.get(client_id, seat)
        for what, days, who in PILOT_STEPS:
            person = {"coordinator": seat, "team": helper}.get(who)
            steps.append(
                Step(
                    goal=pilot_goal,
                    what=what,
                    responsible=person.professional if person else None,
                    responsible_is_client=person is None,
                    organisation=person.professional.organisation if person else None,
                    target_date=working_day(today + dt.timedelta(days=days), today),
                    status=StepStatus.IN_PROGRESS if who == "coordinator" else StepStatus.PLANNED,
                    created_by=seat.professional,
                )
            )
    Step.objects.bulk_create(steps)
    return cohort


def summary() -> str:
    count = OutcomeEvent.objects.count()
    clients = OutcomeEvent.objects.values("client_id").distinct().count()
    pilot = Cohort.objects.filter(name=PILOT_NAME).annotate(n=Count("clients")).first()
    said = f" The {pilot.name} cohort: {pilot.n} clients." if pilot else ""
    return f"Research: {count} outcomes recorded for {clients} clients.{said}"
