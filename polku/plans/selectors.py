"""Reads for the plan pages. Callers pass a client already taken through the access rule;
goals and steps are looked up only within that client's plan."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

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


def next_steps(client: Client, *, limit: int = NEXT_STEPS_ON_OVERVIEW) -> list[Step]:
    """The open steps of active goals, soonest first."""
    return list(
        steps_of(client).filter(status__in=OPEN_STEP_STATUSES, goal__status=GoalStatus.ACTIVE)[
            :limit
        ]
    )


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
    (not cancelled), what happens next (open steps of active goals, soonest first), and
    whom to contact."""
    plan = plan_of(client)
    goals = [
        PrintedGoal(
            goal=goal,
            steps=[s for s in goal.steps.all() if s.status != StepStatus.CANCELLED],
        )
        for goal in goals_with_steps(plan, statuses=[GoalStatus.ACTIVE, GoalStatus.ACHIEVED])
    ]
    upcoming = sorted(
        (
            step
            for printed in goals
            if printed.goal.status == GoalStatus.ACTIVE
            for step in printed.steps
            if step.is_open
        ),
        key=lambda s: (s.target_date, s.pk),
    )
    return {
        "client": client,
        "plan": plan,
        "goals": goals,
        "upcoming": upcoming,
        "coordinator": coordinator(client),
    }
