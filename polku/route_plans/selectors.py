"""Reads of the route planner: the catalogue entries the routes name, what a client has
already considered, the route plan itself, and the screening lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from polku.catalogue.models import Service, localized
from polku.clients.models import Client
from polku.core import memo
from polku.knots.models import Application, ApplicationStatus
from polku.plans.models import Step, StepStatus

from . import definitions, planner
from . import facts as client_facts
from .models import ClientFacts, RouteChoice, ScreeningFlag, ScreeningRun

if TYPE_CHECKING:  # annotations only
    from polku.accounts.models import User


class EngineUnavailable(ImportError):
    """The rules engine is not installed (or not complete) in this deployment."""


class FactsRefused(ValueError):
    """The rules refused the facts (rules.errors.InputError): the message, in English,
    names the field of the calc input; pages say it in the reader's language."""


ENGINE_FUNCTIONS = ("calculate_months", "evaluate_eligibility", "screen")


def engine():
    """The rules engine (rules.api); imported late so that the product starts without it."""
    try:
        from rules import api
    except ImportError as error:
        raise EngineUnavailable(str(error)) from error
    missing = [name for name in ENGINE_FUNCTIONS if not hasattr(api, name)]
    if missing:
        raise EngineUnavailable(f"rules.api lacks {', '.join(missing)}")
    return api


def route_slugs() -> set[str]:
    return {step.service for route in definitions.ROUTES for step in route.steps}


def catalogue_entries(on: dt.date | None = None) -> dict[str, dict]:
    """slug → {"id", "name", "rule", "names"} for the services the routes name that are in
    the map's current view on `on` (today): an ended benefit is no route's step."""
    rows = (
        Service.objects.current(on)
        .filter(slug__in=route_slugs())
        .only("pk", "slug", "name_fi", "name_sv", "name_en", "eligibility_rule")
    )
    return {
        s.slug: {
            "id": s.pk,
            "name": localized(s, "name"),
            "rule": s.eligibility_rule,
            "names": [s.name_fi, s.name_sv, s.name_en, s.slug],
        }
        for s in rows
    }


def services_by_rule() -> dict[str, set[str]]:
    """rule id → every lower-cased name and slug of catalogue services under that rule, and
    of the route steps that use it."""
    found: dict[str, set[str]] = {}
    for route in definitions.ROUTES:
        for step in route.steps:
            found.setdefault(step.rule, set()).update({step.service, step.name.lower()})
    rows = Service.objects.exclude(eligibility_rule="").values_list(
        "eligibility_rule", "slug", "name_fi", "name_sv", "name_en"
    )
    for rule, *names in rows:
        found.setdefault(rule, set()).update(n.lower() for n in names if n)
    return found


def considered_by_client(client_ids: list[int]) -> dict[int, set[str]]:
    """What each client has already considered, as lower-cased service names and slugs: the
    services of their plan steps (not cancelled; the map entry's slug or the free text) and
    of their benefit and service applications (any status but withdrawn: a refused
    application was considered too)."""
    found: dict[int, set[str]] = {}
    steps = (
        Step.objects.filter(goal__plan__client_id__in=client_ids)
        .exclude(status="cancelled")
        .exclude(service_name="")
        .values_list("goal__plan__client_id", "service_name")
    )
    linked = (
        Step.objects.filter(goal__plan__client_id__in=client_ids, service__isnull=False)
        .exclude(status="cancelled")
        .values_list("goal__plan__client_id", "service__slug")
    )
    applications = (
        Application.objects.filter(client_id__in=client_ids)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .values_list("client_id", "service__slug")
    )
    for client_id, name in [*steps, *linked, *applications]:
        found.setdefault(client_id, set()).add(name.strip().lower())
    return found


def plan_progress(client_id: int) -> dict[str, dict]:
    """Where the client is in their plan, for the routes' timelines (planner.build's
    `progress`): each lower-cased service slug or free-text name of a plan step done or in
    progress → {"state": "done", "on": the day done} or {"state": "running", "on": its target
    date, the planned end}; a service with both counts as running, several of one state as
    the latest. Planned and cancelled steps say nothing of where the client is."""
    rows = (
        Step.objects.filter(
            goal__plan__client_id=client_id, status__in=(StepStatus.DONE, StepStatus.IN_PROGRESS)
        )
        .values_list("service__slug", "service_name", "status", "done_on", "target_date")
        .order_by()
    )
    found: dict[str, dict] = {}
    for slug, free_text, status, done_on, target_date in rows:
        if status == StepStatus.DONE:
            now = {"state": planner.DONE, "on": done_on}
        else:
            now = {"state": planner.RUNNING, "on": target_date}
        for name in {(slug or "").lower(), free_text.strip().lower()} - {""}:
            known = found.get(name)
            if known is None or (known["state"], known["on"]) < (now["state"], now["on"]):
                found[name] = now  # running ("running" > "done"), then the latest day
    return found


def considered_services(client_id: int) -> set[str]:
    return considered_by_client([client_id]).get(client_id, set())


def chosen_routes(client_id: int) -> set[str]:
    return set(RouteChoice.objects.filter(client_id=client_id).values_list("route", flat=True))


def client_facts_row(client: Client) -> ClientFacts | None:
    return ClientFacts.objects.filter(client=client).first()


@dataclass
class RoutePlanView:
    plans: list[planner.RoutePlan]
    months: list[str]
    facts: list[client_facts.Fact]
    assumed: list[str]
    version: int
    household: dict  # the calc input's household (its members name the components' owners)
    # The hash of everything the plans are computed from (PLAN_SOURCES' code and parameters,
    # the facts, household, catalogue, what was considered, the day): "" when computed
    # with an engine given by the caller
    key: str = ""

    @property
    def open(self) -> list[planner.RoutePlan]:
        return [p for p in self.plans if p.status == planner.OPEN]

    @property
    def unknown(self) -> list[planner.RoutePlan]:
        return [p for p in self.plans if p.status == planner.UNKNOWN]

    @property
    def closed(self) -> list[planner.RoutePlan]:
        return [p for p in self.plans if p.status == planner.CLOSED]

    @property
    def done(self) -> list[planner.RoutePlan]:
        return [p for p in self.plans if p.status == planner.COMPLETED]

    @property
    def missing(self) -> list[client_facts.Fact]:
        return [f for f in self.facts if not f.known]


def _input_error() -> type[Exception]:
    """The rules' InputError (a ValueError), or a class nothing raises without the rules."""
    try:
        from rules.errors import InputError
    except ImportError:
        return FactsRefused
    return InputError


def last_month() -> str | None:
    """The last month the rules encode the law for (rules.system.LAST_MONTH), if it says."""
    try:
        from rules.system import LAST_MONTH
    except ImportError:
        return None
    return LAST_MONTH


# The code and the parameters a route plan is computed by: the rules engine (its formulas
# and the law's parameters) and the planner with the routes. A change of any gives new keys.
PLAN_SOURCES = (
    "rules/*.py",
    "rules/variables/**/*.py",
    "rules/parameters/**/*",
    "polku/route_plans/planner.py",
    "polku/route_plans/definitions.py",
    "requirements.lock",  # the engine's and the libraries' versions
)
PLAN_KEEP_SECONDS = 2 * 24 * 3600  # a key holds the day: older ones are never asked again


def route_plan(client: Client, *, on: dt.date | None = None, rules: Any = None) -> RoutePlanView:
    """The client's route plan from today's month. `rules` defaults to the real engine.

    With the real engine the plans are computed once for the same inputs and kept in the
    shared cache under their hash (polku.core.memo): a change of the client's facts, the
    household, the municipality, the catalogue, the client's plan steps (and where they
    are: done, running, until when), applications or chosen routes, the day, or the rules'
    code or parameters gives another key."""
    day = on or timezone.localdate()
    facts, shown = client_facts.facts_for(client, on=day)
    first = day.replace(day=1)
    household, assumed = client_facts.household_for(client, shown, first=first)
    inputs: dict[str, Any] = {
        "household": household,
        "facts": facts,
        "start": day,
        "catalogue": catalogue_entries(day),
        "considered_services": considered_services(client.pk),
        "chosen_routes": chosen_routes(client.pk),
        "progress": plan_progress(client.pk),
        "last_month": last_month(),
    }
    key = ""
    try:
        if rules is not None:
            plans, months = planner.build(engine=rules, **inputs)
        else:
            real = engine()
            key = memo.content_key("route_plans:plan", memo.fingerprint(PLAN_SOURCES), inputs)
            plans, months = memo.remembered(
                key, lambda: planner.build(engine=real, **inputs), timeout=PLAN_KEEP_SECONDS
            )
            for plan in plans:  # the routes themselves, not copies from the cache
                plan.route = definitions.BY_ID.get(plan.route.id, plan.route)
    except _input_error() as error:
        raise FactsRefused(str(error)) from error
    row = client_facts_row(client)
    return RoutePlanView(
        plans=plans,
        months=months,
        facts=shown,
        assumed=assumed,
        version=row.version if row is not None else 0,
        household=household,
        key=key,
    )


def flags_for(user: User, visible: QuerySet[Client]) -> QuerySet[ScreeningFlag]:
    return (
        ScreeningFlag.objects.filter(coordinator=user, client__in=visible)
        .select_related("client")
        .order_by("client__last_name", "client__first_names", "client_id", "rule")
    )


def latest_run() -> ScreeningRun | None:
    return ScreeningRun.objects.order_by("-created_at", "-id").first()
