"""Reads for the plan pages. Callers pass a client already taken through the access rule;
goals and steps are looked up only within that client's plan."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from polku.catalogue.models import Service, ServiceKind
from polku.clients.models import Client, NetworkMember

from .models import OPEN_STEP_STATUSES, Goal, GoalStatus, Plan, Step, StepStatus

NEXT_STEPS_ON_OVERVIEW = 3


def plan_of(client: Client) -> Plan | None:
    return Plan.objects.filter(client=client).first()


def _steps() -> QuerySet[Step]:
    return Step.objects.select_related(
        "responsible__organisation", "organisation", "service"
    ).order_by("target_date", "id")


def map_entries() -> QuerySet[Service]:
    """The map's current entries (what a plan step can point to): an ended benefit is
    kept for history but no longer offered."""
    return Service.objects.current().order_by("name_fi", "pk")


def _name_key(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def map_entry_named(text: str) -> Service | None:
    """The current map entry whose name (Finnish, Swedish or English) or short name is
    `text` (case and extra spaces ignored), if there is one."""
    key = _name_key(text)
    if not key:
        return None
    for entry in map_entries().only("pk", "slug", "name_fi", "name_sv", "name_en"):
        if key in {_name_key(n) for n in (entry.name_fi, entry.name_sv, entry.name_en, entry.slug)}:
            return Service.objects.get(pk=entry.pk)
    return None


def map_entry_choices(current: Service | None = None) -> list:
    """Choices for a step's service: the map's current entries grouped by kind (benefits,
    rehabilitation, employment services …), each group in name order in the reader's
    language. An entry no longer current stays selectable on the step that has it."""
    entries = list(map_entries())
    if current is not None and current.pk not in {e.pk for e in entries}:
        entries.append(current)
    groups = []
    for kind, label in ServiceKind.choices:
        members = sorted((e for e in entries if e.kind == kind), key=lambda e: e.name.casefold())
        if members:
            groups.append((label, [(str(e.pk), e.name) for e in members]))
    return groups


def unassigned_steps(client: Client) -> list[Step]:
    """Open steps of active goals that nobody is responsible for yet (left for the
    coordinator to assign in the organisation that provides them)."""
    return list(
        steps_of(client).filter(
            status__in=OPEN_STEP_STATUSES,
            goal__status=GoalStatus.ACTIVE,
            responsible__isnull=True,
            responsible_is_client=False,
        )
    )


def goals_with_steps(plan: Plan | None, *, statuses: Iterable[str] | None = None) -> list[Goal]:
    """The plan's goals in order, each with its steps (by target date) prefetched."""
    if plan is None:
        return []
    goals = Goal.objects.filter(plan=plan)
    if statuses is not None:
        goals = goals.filter(status__in=statuses)
    return list(goals.prefetch_related(Prefetch("steps", queryset=_steps())))


def goal_in(client: Client, goal_id: int) -> Goal:
    """The goal `goal_id` of this client's plan, or 404 (another client's goal too)."""
    return get_object_or_404(Goal.objects.filter(plan__client=client), pk=goal_id)


def step_in(client: Client, step_id: int) -> Step:
    """The step `step_id` in this client's plan, or 404 (another client's step too)."""
    return get_object_or_404(
        _steps().select_related("goal").filter(goal__plan__client=client), pk=step_id
    )


def steps_of(client: Client) -> QuerySet[Step]:
    return _steps().select_related("goal").filter(goal__plan__client=client)


def is_overdue(step: Step, today: dt.date) -> bool:
    """An open step past its target date is overdue: late, not "next"."""
    return step.is_open and step.target_date < today


@dataclass(frozen=True)
class StepsAhead:
    """A client's open steps split by today (`split_steps`): those past their target date
    (oldest first) and those still ahead, due today or later (soonest first)."""

    overdue: list[Step]
    upcoming: list[Step]


def split_steps(steps: Iterable[Step], today: dt.date | None = None) -> StepsAhead:
    """The one place that decides what is "next": an open step due today or later. An open
    step whose target date has passed is overdue, however long ago it was planned."""
    today = today or timezone.localdate()
    ordered = sorted((s for s in steps if s.is_open), key=lambda s: (s.target_date, s.pk))
    return StepsAhead(
        overdue=[s for s in ordered if is_overdue(s, today)],
        upcoming=[s for s in ordered if not is_overdue(s, today)],
    )


def _open_steps_of_active_goals(client: Client) -> QuerySet[Step]:
    return steps_of(client).filter(status__in=OPEN_STEP_STATUSES, goal__status=GoalStatus.ACTIVE)


def next_steps(
    client: Client, *, today: dt.date | None = None, limit: int = NEXT_STEPS_ON_OVERVIEW
) -> StepsAhead:
    """The open steps of active goals: every overdue one (oldest first) and the next
    `limit` still ahead (soonest first)."""
    ahead = split_steps(_open_steps_of_active_goals(client), today)
    return StepsAhead(overdue=ahead.overdue, upcoming=ahead.upcoming[:limit])


def overview_steps(
    client: Client, *, today: dt.date | None = None, limit: int = NEXT_STEPS_ON_OVERVIEW
) -> tuple[StepsAhead, int]:
    """`next_steps` and how many `unassigned_steps` there are, from one query (the client
    overview shows both)."""
    steps = list(_open_steps_of_active_goals(client))
    ahead = split_steps(steps, today)
    unassigned = sum(1 for s in steps if s.is_unassigned)
    return StepsAhead(overdue=ahead.overdue, upcoming=ahead.upcoming[:limit]), unassigned


def active_goals(client: Client) -> list[Goal]:
    return list(Goal.objects.filter(plan__client=client, status=GoalStatus.ACTIVE))


def coordinator(client: Client) -> NetworkMember | None:
    """The client's personal coordinator now (the one to contact)."""
    return (
        NetworkMember.objects.coordinators()
        .of(client)
        .select_related("professional__organisation")
        .first()
    )


@dataclass(frozen=True)
class PrintedGoal:
    goal: Goal
    steps: list[Step]


def printable_plan(client: Client) -> dict:
    """What the printed plan for the client shows: goals (not dropped) with their steps
    (not cancelled), what is late (open steps of active goals past their target date), what
    happens next (the others, soonest first), and whom to contact."""
    plan = plan_of(client)
    goals = [
        PrintedGoal(
            goal=goal,
            steps=[s for s in goal.steps.all() if s.status != StepStatus.CANCELLED],
        )
        for goal in goals_with_steps(plan, statuses=[GoalStatus.ACTIVE, GoalStatus.ACHIEVED])
    ]
    ahead = split_steps(
        step
        for printed in goals
        if printed.goal.status == GoalStatus.ACTIVE
        for step in printed.steps
    )
    return {
        "client": client,
        "plan": plan,
        "goals": goals,
        "overdue": ahead.overdue,
        "upcoming": ahead.upcoming,
        "coordinator": coordinator(client),
    }
