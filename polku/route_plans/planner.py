"""Building a client's route plan: which routes are open or closed and why (the rules'
eligibility predicates), and each route's monthly income over the next 12 months next to
today's, computed by the rules engine in one vectorised call per client.

Django-free: the caller passes the facts, the household (the calc input's `household`,
design17.md: the client, a partner, the children at home), the catalogue's names and what
the client has already considered; `engine` is the rules.api module (tests may pass another
object with the same functions while the engine is being written)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import definitions
from .definitions import ASSUMED_WAGE, ASSUMED_WAGE_NOTE, Route

MONTHS = 12
# Where the client is on a route's step, from their plan (`build`'s `progress`).
DONE, RUNNING = "done", "running"
ELIGIBLE, NOT_ELIGIBLE, NEEDS_INFORMATION = "eligible", "not_eligible", "needs_information"
OPEN, CLOSED, UNKNOWN = "open", "closed", "needs_information"
# A route every step of which the client's plan has done.
COMPLETED = "done"


def month_keys(start: dt.date, count: int = MONTHS) -> list[str]:
    year, month = start.year, start.month
    keys = []
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return keys


def month_start(key: str) -> dt.date:
    year, month = key.split("-")
    return dt.date(int(year), int(month), 1)


def month_at(start: dt.date, index: int) -> str:
    """The month `index` months after `start`'s ("YYYY-MM"; negative: before)."""
    year, month = divmod(start.year * 12 + start.month - 1 + index, 12)
    return f"{year:04d}-{month + 1:02d}"


def months_between(start: dt.date, day: dt.date) -> int:
    """How many months `day`'s month is after `start`'s (negative: before)."""
    return (day.year - start.year) * 12 + day.month - start.month


def month_end(start: dt.date, index: int) -> dt.date:
    """The last day of the month `index` months after `start`'s."""
    return month_start(month_at(start, index + 1)) - dt.timedelta(days=1)


@dataclass
class MonthIncome:
    month: str
    step_index: int  # the month's step: its position in RoutePlan.steps (the timeline)
    gross: float
    tax: float
    net: float
    components: list[dict]
    status_quo_gross: float
    status_quo_net: float
    status_quo_components: list[dict]
    status_quo_tax: float
    # The household's members' own gross, tax and net ({"id", "role", "gross", "tax", "net",
    # "tax_estimate"}) and whether the tax is estimated (no withholding percentage given).
    members: list[dict] = field(default_factory=list)
    status_quo_members: list[dict] = field(default_factory=list)
    tax_estimate: bool = True
    status_quo_tax_estimate: bool = True
    tax_explanation: dict = field(default_factory=dict)
    status_quo_tax_explanation: dict = field(default_factory=dict)
    # A month after the last one the rules encode the law for repeats that month's figures
    # ("YYYY-MM" of the law used; "" = the month's own law).
    law_of: str = ""

    @property
    def difference(self) -> float:
        return round(self.net - self.status_quo_net, 2)

    @property
    def income_trap(self) -> bool:
        """More gross income than today, yet less net: an income trap made by the law."""
        return self.gross > self.status_quo_gross + 0.005 and self.net < self.status_quo_net - 0.005


@dataclass
class StepPlan:
    """A route's step on the client's timeline. `index` is its place in the route (its
    alternative is "<route>.<index>"); `months` the months it takes from this month on (0
    when done); `starts`/`ends` its first and last month ("YYYY-MM"; a done step's month);
    `checkpoint_on` the day of its checkpoint: the day it was done, a running step's
    planned end, or the end of a coming step's last month. `state`: DONE or RUNNING when the
    client's plan has it so (`done_on` the day it was done), "" for a step to come."""

    index: int
    service: str
    name: str
    rule: str
    months: int
    checkpoint: str
    starts: str
    ends: str
    checkpoint_on: dt.date
    alternative: dict
    eligibility: dict
    service_id: int | None = None
    alongside: bool = False
    state: str = ""
    done_on: dt.date | None = None


@dataclass
class RoutePlan:
    route: Route
    status: str
    steps: list[StepPlan]
    reasons: list[str] = field(default_factory=list)
    opens_with: list[str] = field(default_factory=list)
    missing_facts: list[str] = field(default_factory=list)
    months: list[MonthIncome] = field(default_factory=list)
    considered: bool = False
    assumptions: list[str] = field(default_factory=list)

    @property
    def overlooked(self) -> bool:
        return self.status == OPEN and not self.considered

    @property
    def total_net(self) -> float:
        return round(sum(m.net for m in self.months), 2)

    @property
    def total_difference(self) -> float:
        return round(sum(m.difference for m in self.months), 2)

    @property
    def has_income_trap(self) -> bool:
        return any(m.income_trap for m in self.months)

    @property
    def law_repeated_from(self) -> str:
        """The last month with encoded law, when later months repeat its figures."""
        return next((m.law_of for m in self.months if m.law_of), "")

    @property
    def has_uncertain(self) -> bool:
        return any(_uncertain(c) for m in self.months for c in m.components)


def _uncertain(component: dict) -> bool:
    explanation = component.get("explanation") or {}
    return any(p.get("unverified") for p in explanation.get("parameters") or [])


def taxed_members(row: dict) -> list[dict]:
    """The members whose tax matters: the adults, and anyone with tax (a child's tax-free
    child benefit is no one's tax estimate)."""
    return [m for m in row.get("members") or [] if m.get("tax") or m.get("role") != "child"]


def tax_is_estimate(row: dict) -> bool:
    """Whether the engine estimated the tax of a result row: any taxed member's tax
    estimated, or the tax explanation says so; an engine that says nothing estimates."""
    members = taxed_members(row)
    if members:
        return any(m.get("tax_estimate", True) for m in members)
    return bool((row.get("tax_explanation") or {}).get("estimate", True))


def _resolve(alternative: dict, facts: dict, assumptions: list[str]) -> dict:
    resolved = {}
    for name, value in alternative.items():
        if value == "$expected_wage":
            value = facts.get("expected_wage")
            if value is None:
                value = ASSUMED_WAGE
                if ASSUMED_WAGE_NOTE not in assumptions:
                    assumptions.append(ASSUMED_WAGE_NOTE)
        elif value == "$monthly_earnings":
            value = facts.get("monthly_earnings") or 0.0
        resolved[name] = value
    return resolved


def status_quo_alternative(facts: dict) -> dict:
    earnings = facts.get("monthly_earnings")
    if earnings:
        return {"id": "status_quo", "kind": "part_time_work", "gross_wage": float(earnings)}
    return {"id": "status_quo", "kind": "status_quo"}


def _worst(results: list[dict]) -> tuple[str, list[str], list[str], list[str]]:
    reasons: list[str] = []
    opens: list[str] = []
    missing: list[str] = []
    statuses = {r["status"] for r in results}
    for result in results:
        if result["status"] != ELIGIBLE:
            reasons += [r for r in result.get("reasons", []) if r not in reasons]
            opens += [o for o in result.get("opens_with", []) if o not in opens]
            missing += [m for m in result.get("missing_facts", []) if m not in missing]
    if NOT_ELIGIBLE in statuses:
        return CLOSED, reasons, opens, missing
    if NEEDS_INFORMATION in statuses:
        return UNKNOWN, reasons, opens, missing
    return OPEN, [], [], []


def own_services(route: Route, routes: tuple[Route, ...] = definitions.ROUTES) -> tuple[str, ...]:
    """What tells the route apart from the others: the services (catalogue slugs) of its
    steps that no other route has. Work trial and pay-subsidised work end several routes, so
    they say nothing of which route the client is on. A route whose every step is shared
    (rehabilitative work activity → work trial → pay-subsidised work) is told apart by its
    first step, where it starts and what opens it."""
    others = {s.service for other in routes if other.id != route.id for s in other.steps}
    own = tuple(dict.fromkeys(s.service for s in route.steps if s.service not in others))
    return own or (route.steps[0].service,)


def in_the_plan(
    route: Route,
    *,
    considered_services: set[str],
    chosen_routes: set[str],
    catalogue: dict[str, dict],
    routes: tuple[Route, ...] = definitions.ROUTES,
) -> bool:
    """Whether the route is in the client's plan: chosen, or **every** one of its own
    services (`own_services`) considered — a plan step pointing to or naming it, or an
    application for it (`considered_services`: lower-cased names and slugs). A shared step
    (work trial) never puts a route in the plan, and neither does one own service while
    another is missing (a health check without social rehabilitation): then the screening
    still finds the missing one "likely eligible, not applied", and the route plan must not
    say the route is in the plan."""
    if route.id in chosen_routes:
        return True
    for slug in own_services(route, routes):
        names = {n.lower() for n in (catalogue.get(slug) or {}).get("names", []) if n}
        if not (names | {slug.lower()}) & considered_services:
            return False
    return True


def step_progress(names: set[str], progress: dict[str, dict]) -> dict:
    """The client's plan's word on a route step known by these lower-cased names (the
    catalogue entry's names and slug): {"state": RUNNING, "on": planned end} when a plan
    step for it is in progress (the latest planned end), else {"state": DONE, "on": the day
    done} when one is done (the latest), else {}."""
    found = [progress[n] for n in names if n in progress]
    for state in (RUNNING, DONE):
        days = [f["on"] for f in found if f["state"] == state]
        if days:
            return {"state": state, "on": max(days)}
    return {}


def timeline(
    route: Route, start: dt.date, states: list[dict]
) -> list[tuple[int, str, dt.date | None, int, int]]:
    """The route's steps from where the client is, in the order they happen: the steps
    done in the plan first (by the day done, shown done with it; they take no month), then
    the steps running (from this month to their planned end, at least this month), then
    the steps to come in the route's order, the first from the month after the last running
    step ends (this month when none runs), each for its typical months. No step done or
    running is started again. `states` are `step_progress` of each route step; each item
    is (route index, state, day, first month, last month), months counted from `start`'s
    (a done step's are its month's, negative when before)."""
    done = sorted(
        (i for i, p in enumerate(states) if p.get("state") == DONE),
        key=lambda i: (states[i]["on"], i),
    )
    running = [i for i, p in enumerate(states) if p.get("state") == RUNNING]
    items: list[tuple[int, str, dt.date | None, int, int]] = []
    for i in done:
        at = months_between(start, states[i]["on"])
        items.append((i, DONE, states[i]["on"], at, at))
    offset = 0
    for i in running:
        last = max(months_between(start, states[i]["on"]), 0)
        items.append((i, RUNNING, states[i]["on"], 0, last))
        offset = max(offset, last + 1)
    for i, step in enumerate(route.steps):
        if not states[i]:
            items.append((i, "", None, offset, offset + step.months - 1))
            offset += step.months
    return items


def deciding_steps(route: Route, states: list[dict] | None = None) -> list[int] | None:
    """The route steps (indexes) whose eligibility decides whether the route is open, from
    where the client is (`states`: `step_progress` of each step): the route's gate steps
    still to come, or when none is (the first step done or running), the first step still to
    come — a step done or running has answered its eligibility question by being done or
    begun, and the next step is what the route now waits on. [] when no step is to come but
    one runs (the route is under way: open); None when every step is done."""
    states = states or [{} for _ in route.steps]
    coming = [i for i, state in enumerate(states) if not state.get("state")]
    if not coming:
        return None if all(s.get("state") == DONE for s in states) else []
    gates = [i for i, step in enumerate(route.steps) if step in route.gate_steps()]
    return [i for i in gates if i in coming] or coming[:1]


def _decide(results: list[dict] | None) -> tuple[str, list[str], list[str], list[str]]:
    if results is None:
        return COMPLETED, [], [], []
    return _worst(results)


def route_status(
    route: Route,
    *,
    facts: dict,
    month: str,
    engine: Any,
    catalogue: dict[str, dict] | None = None,
    states: list[dict] | None = None,
) -> tuple[str, list[str], list[str], list[str]]:
    """Whether the route is open, closed, needs information or done for these facts in this
    month (the eligibility of its `deciding_steps` from where the client is, `states`), with
    the reasons, what would open it and the facts missing — the same answer `build` gives
    for the route."""
    catalogue = catalogue or {}
    deciding = deciding_steps(route, states)
    if deciding is None:
        return _decide(None)
    results = []
    for i in deciding:
        step = route.steps[i]
        rule = (catalogue.get(step.service) or {}).get("rule") or step.rule
        results.append(engine.evaluate_eligibility(rule, facts, month))
    return _decide(results)


def build(
    *,
    household: dict,
    facts: dict,
    start: dt.date,
    engine: Any,
    catalogue: dict[str, dict] | None = None,
    considered_services: set[str] | None = None,
    chosen_routes: set[str] | None = None,
    routes: tuple[Route, ...] = definitions.ROUTES,
    last_month: str | None = None,
    progress: dict[str, dict] | None = None,
) -> tuple[list[RoutePlan], list[str]]:
    """Every route with its status and 12-month income; and the month keys.

    `household` is the calc input's household; `facts` the eligibility
    facts (rules.facts names) plus "expected_wage"/"monthly_earnings" for the alternatives'
    fields. `catalogue` maps a slug to {"id", "name", "rule", "names"} (names: every
    spelling that counts as the service in a plan step); `considered_services` are
    lower-cased service names or slugs already in the client's plan (a route is in the plan
    by `in_the_plan`: its own services, not a shared step). `last_month` is the
    last month the rules encode the law for ("YYYY-MM", rules.system.LAST_MONTH): later
    months repeat its figures, each marked (`MonthIncome.law_of`), never computed with a law
    the rules do not have.

    `progress` is where the client is in their plan: lower-cased service name or slug →
    {"state": DONE, "on": the day done} or {"state": RUNNING, "on": the planned end}. Each
    route's steps follow `timeline` — from where the client is, not from the start — and so
    do its months' incomes: a month takes the alternative of the step that runs in it (the
    one furthest along the timeline when several do); after the last step, its alternative
    goes on (a route all done: its last step's). A route's status comes from its
    `deciding_steps` from where the client is: the first step still to come, not a step done
    or running; a route every step of which is done is COMPLETED."""
    catalogue = catalogue or {}
    progress = progress or {}
    considered_services = {s.lower() for s in considered_services or set()}
    chosen_routes = chosen_routes or set()
    months = month_keys(start)
    first = months[0]

    # Eligibility: every rule once.
    rule_of: dict[tuple[str, int], str] = {}
    for route in routes:
        for i, step in enumerate(route.steps):
            entry = catalogue.get(step.service) or {}
            rule_of[(route.id, i)] = entry.get("rule") or step.rule
    eligibility = {
        rule: engine.evaluate_eligibility(rule, facts, first) for rule in set(rule_of.values())
    }

    # Income: all alternatives of all routes in one simulation over the 12 months.
    alternatives = [status_quo_alternative(facts)]
    plans: list[RoutePlan] = []
    covering: dict[str, list[int]] = {}  # route id → each month's step (position in steps)
    for route in routes:
        assumptions: list[str] = []
        states = []
        for step in route.steps:
            entry = catalogue.get(step.service) or {}
            names = {n.lower() for n in entry.get("names", []) if n} | {step.service.lower()}
            states.append(step_progress(names, progress))
        steps: list[StepPlan] = []
        month_step: list[int | None] = [None] * MONTHS
        for position, (i, state, day, first_at, last_at) in enumerate(
            timeline(route, start, states)
        ):
            step = route.steps[i]
            entry = catalogue.get(step.service) or {}
            alternative = _resolve(step.alternative, facts, assumptions)
            alternatives.append({"id": f"{route.id}.{i}", **alternative})
            if state != DONE:
                for m in range(max(first_at, 0), min(last_at + 1, MONTHS)):
                    month_step[m] = position
            steps.append(
                StepPlan(
                    index=i,
                    service=step.service,
                    name=entry.get("name") or step.name,
                    rule=rule_of[(route.id, i)],
                    months=0 if state == DONE else last_at - first_at + 1,
                    checkpoint=step.checkpoint,
                    starts=month_at(start, first_at),
                    ends=month_at(start, last_at),
                    checkpoint_on=day if day is not None else month_end(start, last_at),
                    alternative=alternative,
                    eligibility=eligibility[rule_of[(route.id, i)]],
                    service_id=entry.get("id"),
                    alongside=step.alongside,
                    state=state,
                    done_on=day if state == DONE else None,
                )
            )
        coming = [p for p, s in enumerate(steps) if s.state != DONE]
        last = coming[-1] if coming else max(range(len(steps)), key=lambda p: steps[p].index)
        covering[route.id] = [last if p is None else p for p in month_step]
        deciding = deciding_steps(route, states)
        status, reasons, opens, missing = _decide(
            None if deciding is None else [eligibility[rule_of[(route.id, i)]] for i in deciding]
        )
        plans.append(
            RoutePlan(
                route=route,
                status=status,
                steps=steps,
                reasons=reasons,
                opens_with=opens,
                missing_facts=missing,
                considered=in_the_plan(
                    route,
                    considered_services=considered_services,
                    chosen_routes=chosen_routes,
                    catalogue=catalogue,
                    routes=routes,
                ),
                assumptions=assumptions,
            )
        )

    computed = [m for m in months if last_month is None or m <= last_month] or [str(last_month)]
    situation = {"month": computed[0], "household": household, "alternatives": alternatives}
    results = engine.calculate_months(situation, computed)
    law_of = {key: (computed[-1] if key not in results else "") for key in months}
    for key in months:
        results.setdefault(key, results[computed[-1]])
    by_month = {key: {alt["id"]: alt for alt in results[key]["alternatives"]} for key in months}
    for plan in plans:
        for m, key in enumerate(months):
            index = covering[plan.route.id][m]
            row = by_month[key][f"{plan.route.id}.{plan.steps[index].index}"]
            quo = by_month[key]["status_quo"]
            plan.months.append(
                MonthIncome(
                    month=key,
                    step_index=index,
                    gross=row["gross"],
                    tax=row["tax"],
                    net=row["net"],
                    components=row["components"],
                    status_quo_gross=quo["gross"],
                    status_quo_net=quo["net"],
                    status_quo_components=quo["components"],
                    status_quo_tax=quo["tax"],
                    members=taxed_members(row),
                    status_quo_members=taxed_members(quo),
                    tax_estimate=tax_is_estimate(row),
                    status_quo_tax_estimate=tax_is_estimate(quo),
                    tax_explanation=row.get("tax_explanation") or {},
                    status_quo_tax_explanation=quo.get("tax_explanation") or {},
                    law_of=law_of[key],
                )
            )
    order = {OPEN: 0, UNKNOWN: 1, CLOSED: 2, COMPLETED: 3}
    plans.sort(key=lambda p: (order[p.status], -p.total_net))
    return plans, months
