"""Writes of the route planner: the client's facts, choosing a route (it becomes plan steps),
and the population screening. Each validates, saves whole or not at all and is audited."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from polku.access import policy, resolver
from polku.accounts.models import Organisation, User
from polku.audit import services as audit
from polku.audit.models import Action
from polku.catalogue.models import Service
from polku.clients.models import Client, ClientStatus, Consent, NetworkMember, NetworkRole
from polku.core import rules_labels
from polku.core.http import AnyRequest
from polku.core.locking import bump_version
from polku.plans import services as plans
from polku.plans.models import Plan

from . import definitions, planner, selectors
from . import facts as client_facts
from .models import (
    ClientFacts,
    RouteChoice,
    RunStatus,
    ScreeningFlag,
    ScreeningRun,
    Tenure,
)

MONEY_MAX = Decimal("1000000")
# Tighter maxima where the rules engine refuses more (design17.md: a wage over 100 000 € and
# a housing cost over 20 000 € a month are not sane input): refused here, naming the field.
MONEY_LIMITS = {
    "housing_cost": Decimal("20000"),
    "monthly_earnings": Decimal("100000"),
    "expected_wage": Decimal("100000"),
    "partner_gross_wage": Decimal("100000"),
}
INT_MAX = 600
CHILDREN_MAX = 20
FIRST_BIRTH_YEAR = 1900

# ---------------------------------------------------------------------------------------------
# Facts


def _clean_years(name: str, value: Any) -> list[int]:
    """Birth years as a list of whole years (or text: "2014, 2017"), none in the future."""
    items = value if isinstance(value, list | tuple) else re.split(r"[\s,;]+", str(value).strip())
    years: list[int] = []
    this_year = timezone.localdate().year
    for item in items:
        if item in ("", None):
            continue
        text = str(item).strip()
        if isinstance(item, bool) or not re.fullmatch(r"\d{4}", text):
            raise ValidationError(
                {
                    name: _("Give each birth year as four digits, e.g. 2014, 2017: “%(text)s”.")
                    % {"text": text[:20]}
                }
            )
        year = int(text)
        if year > this_year:
            raise ValidationError(
                {name: _("The birth year %(year)d is in the future.") % {"year": year}}
            )
        if year < FIRST_BIRTH_YEAR:
            raise ValidationError(
                {name: _("The birth year %(year)d is too early.") % {"year": year}}
            )
        years.append(year)
    if len(years) > CHILDREN_MAX:
        raise ValidationError(
            {name: _("At most %(max)d children can be recorded.") % {"max": CHILDREN_MAX}}
        )
    return sorted(years)


def _clean_value(name: str, value: Any):
    kind = client_facts.EDITABLE[name]
    if kind == client_facts.YEARS and isinstance(value, list | tuple):
        return _clean_years(name, value)  # [] = no children: known, not unknown
    if value is None or value == "":
        return None
    if kind == client_facts.YEARS:
        return _clean_years(name, value)
    if kind == client_facts.CHOICE:
        if value not in Tenure.values:
            raise ValidationError({name: _("Choose the form of housing from the list.")})
        return value
    if kind == client_facts.BOOL:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"true", "1", "yes", "on"}:
            return True
        if text in {"false", "0", "no", "off"}:
            return False
        raise ValidationError({name: _("Choose yes, no or unknown.")})
    if kind == client_facts.INT:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError({name: _("Give a whole number.")}) from None
        if not 0 <= number <= INT_MAX:
            raise ValidationError({name: _("Give a number from 0 to %(max)d.") % {"max": INT_MAX}})
        return number
    try:
        amount = Decimal(str(value).replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        if kind == client_facts.PERCENT:
            raise ValidationError(
                {name: _("Give a percentage from 0 to 100, e.g. 18,5.")}
            ) from None
        raise ValidationError({name: _("Give an amount in euros, e.g. 520,50.")}) from None
    if kind == client_facts.PERCENT:
        if (
            not amount.is_finite()
            or not 0 <= amount <= 100
            or amount != amount.quantize(Decimal("0.01"))
        ):
            raise ValidationError({name: _("Give a percentage from 0 to 100, e.g. 18,5.")})
        return amount.quantize(Decimal("0.01"))
    limit = MONEY_LIMITS.get(name)
    if limit is not None and amount.is_finite() and amount > limit:
        raise ValidationError(
            {
                name: _("Give an amount from 0 to %(max)s euros a month.")
                % {"max": f"{limit:,.0f}".replace(",", "\u00a0")}
            }
        )
    if not amount.is_finite() or amount < 0 or amount >= MONEY_MAX:
        raise ValidationError({name: _("Give an amount from 0 to 999 999,99 euros.")})
    return amount.quantize(Decimal("0.01"))


def _check_household(client: Client, row: ClientFacts, given: dict[str, Any]) -> None:
    """The household facts agree with each other and with the client; the counts of adults
    and children follow them (for the screening) once the partner and the children are
    known — a count given that disagrees is refused, naming it."""
    errors: dict[str, str] = {}
    recorded = [n for n in client_facts.HOUSEHOLD if given.get(n) not in (None, "")]
    if (
        recorded
        and not Consent.objects.valid_on(timezone.localdate()).filter(client=client).exists()
    ):
        # Intake (no consent yet): facts about the partner and the children are the client's
        # data, gathered only under the client's consent.
        raise ValidationError(
            {
                name: _("Record the client's consent first: the household is asked only under it.")
                for name in recorded
            }
        )
    if row.partner_in_household is False:
        for name in ("partner_gross_wage", "partner_unemployment_benefit"):
            if getattr(row, name) is not None:
                errors[name] = _("No spouse or partner lives in the household: leave this empty.")
    years = row.children_birth_years or []
    if years and years[0] < client.birth_date.year:
        errors["children_birth_years"] = _(
            "A child cannot be born before the client (%(year)d)."
        ) % {"year": client.birth_date.year}
    if not errors and row.partner_in_household is not None and row.children_birth_years is not None:
        adults, children = client_facts.household_counts(
            row.partner_in_household, row.children_birth_years, timezone.localdate()
        )
        for name, count in (("adults_in_household", adults), ("children_in_household", children)):
            if given.get(name) is not None and given[name] != count:
                errors[name] = _(
                    "This follows from the partner and the children's birth years: %(count)d."
                ) % {"count": count}
            setattr(row, name, count)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_facts(
    *,
    client: Client,
    by: User,
    expected_version: int,
    values: dict[str, Any],
    request: AnyRequest | None = None,
) -> ClientFacts:
    """Record facts (only those given; None or "" makes a fact unknown again; for the
    children's birth years [] means none). `expected_version` 0 means the page showed no
    facts yet. Nothing is written unless every value is valid."""
    unknown = set(values) - set(client_facts.EDITABLE)
    if unknown:
        raise ValidationError(
            _("Unknown facts: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    cleaned = {name: _clean_value(name, value) for name, value in values.items()}
    if "tenure" in cleaned and cleaned["tenure"] is None:
        cleaned["tenure"] = ""  # unknown
    row = ClientFacts.objects.filter(client=client).first()
    if row is None:
        if expected_version not in (0, None):
            bump_version(ClientFacts(pk=0), expected_version)  # raises StaleEdit
        row = ClientFacts(client=client, updated_by=by)
    else:
        bump_version(row, expected_version)
    before = {name: getattr(row, name) for name in client_facts.EDITABLE}
    for name, value in cleaned.items():
        setattr(row, name, value)
    _check_household(client, row, cleaned)
    changed = sorted(n for n in client_facts.EDITABLE if getattr(row, n) != before[n])
    row.updated_by = by
    row.updated_at = timezone.now()
    row.save()
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=client.pk,
        purpose=policy.purpose_for(by, client.pk),
        target="route_facts",
        request=request,
        details={"changed": changed},
    )
    return row


# ---------------------------------------------------------------------------------------------
# Choosing a route


class RouteClosed(ValidationError):
    """The route is closed to the client: it cannot be chosen."""


def _assignable_members(client: Client) -> list[NetworkMember]:
    """The client's network members who can take a step: active professionals who see the
    client under the access rule (a consent covering their organisation)."""
    members = (
        NetworkMember.objects.of(client)
        .filter(professional__is_active=True)
        .select_related("professional__organisation")
        .order_by("started_at", "pk")
    )
    return [m for m in members if policy.can_see(m.professional, client.pk)]


def _provider_organisations(client: Client, service: Service | None) -> list[Organisation]:
    """The Polku organisations that provide the catalogue entry: the provider's own
    organisation when the map links one, otherwise the organisations of the provider's
    type (the client's municipality's first)."""
    if service is None:
        return []
    provider = service.provider
    if provider.organisation is not None:
        return [provider.organisation]
    same_kind = list(Organisation.objects.filter(kind=provider.kind).order_by("name"))
    local = [o for o in same_kind if client.municipality and o.municipality == client.municipality]
    return local + [o for o in same_kind if o not in local]


def step_owner(
    client: Client, service: Service | None, members: list[NetworkMember], chosen_by: User
) -> tuple[User | None, Organisation | None]:
    """Who takes a route step: a network member of the organisation that provides it (the
    one choosing when they work there, else the personal coordinator, else the longest in
    the network); when the network has nobody there, nobody yet — the organisation is kept
    (when Polku knows a single one) for the coordinator to assign."""
    organisations = _provider_organisations(client, service)
    ids = [o.pk for o in organisations]
    rank: dict[int | None, int] = {organisation_id: i for i, organisation_id in enumerate(ids)}
    there = [m for m in members if m.professional.organisation_id in rank]
    if there:
        there.sort(
            key=lambda m: (
                m.professional_id != chosen_by.pk,
                m.role != NetworkRole.COORDINATOR,
                rank.get(m.professional.organisation_id, len(ids)),
            )
        )
        person = there[0].professional
        return person, person.organisation
    local = [o for o in organisations if client.municipality == o.municipality != ""]
    if local or len(organisations) == 1:
        return None, (local or organisations)[0]
    return None, None  # several possible organisations: the coordinator decides


def _closed_message(route: definitions.Route, reasons: list[str], opens: list[str]) -> str:
    message = _("The route “%(route)s” is closed to the client, so it cannot be chosen.") % {
        "route": _(route.title)
    }
    if reasons:
        message += " " + _("Why: %(reasons)s") % {"reasons": " ".join(_(r) for r in reasons)}
    if opens:
        message += " " + _("What would open it: %(opens)s") % {
            "opens": "; ".join(_(o) for o in opens)
        }
    return message


@transaction.atomic
def choose_route(
    *,
    client: Client,
    by: User,
    route_id: str,
    goal_text: str,
    starts_on: dt.date | None = None,
    request: AnyRequest | None = None,
    rules: Any = None,
) -> RouteChoice:
    """The route chosen together: the goal in the client's own words in their plan, and a
    dated step for each of the route's checkpoints, each pointing to its catalogue entry and
    given to the organisation that provides it (a network member there, or nobody yet for the
    coordinator to assign). A route closed to the client (the rules' eligibility of its
    deciding steps from where the plan is, as on the route plan) is refused with why and
    what would open it. The steps follow the route plan's timeline (planner.timeline): a step
    the plan already has done or in progress is not added again, and the steps to come are
    dated after a running one ends."""
    route = definitions.BY_ID.get(route_id)
    if route is None:
        raise ValidationError({"route": _("Choose a route from the list.")})
    if not NetworkMember.objects.includes(client, by):
        raise ValidationError(_("Only a member of the client's network can choose a route."))
    if not (goal_text or "").strip():
        raise ValidationError(
            {"goal": _("Write the goal in the client's own words, as the client says it.")}
        )
    today = timezone.localdate()
    start = starts_on or today
    catalogue = selectors.catalogue_entries()
    facts, shown = client_facts.facts_for(client, on=today)
    progress = selectors.plan_progress(client.pk)
    states = []
    for step in route.steps:
        names = {n.lower() for n in (catalogue.get(step.service) or {}).get("names", []) if n}
        states.append(planner.step_progress(names | {step.service.lower()}, progress))
    status, reasons, opens, missing = planner.route_status(
        route,
        facts=facts,
        month=planner.month_keys(today, 1)[0],
        engine=rules or selectors.engine(),
        catalogue=catalogue,
        states=states,
    )
    if status == planner.CLOSED:
        raise RouteClosed({"route": _closed_message(route, reasons, opens)}, code="closed")
    entries = {
        s.slug: s
        for s in Service.objects.current()
        .filter(slug__in=[step.service for step in route.steps])
        .select_related("provider__organisation")
    }
    members = _assignable_members(client)
    plan = plans.ensure_plan(client=client, by=by, request=request)
    goal = plans.add_goal(
        client=client, by=by, expected_version=plan.version, text=goal_text, request=request
    )
    for i, state, _day, _first, last in planner.timeline(route, start, states):
        if state:  # done or running in the plan already: not started again
            continue
        step = route.steps[i]
        end = planner.month_end(start, last)
        entry = entries.get(step.service)
        name = entry.name if entry is not None else _(step.name)
        responsible, organisation = step_owner(client, entry, members, by)
        version = Plan.objects.filter(pk=goal.plan_id).values_list("version", flat=True).get()
        what = _("%(service)s: %(checkpoint)s") % {
            "service": name,
            "checkpoint": _(step.checkpoint),
        }
        plans.add_step(
            goal=goal,
            by=by,
            expected_version=version,
            what=what[: plans.STEP_WHAT_MAX],
            target_date=end,
            responsible=responsible,
            organisation=organisation,
            service=entry,
            service_name="" if entry is not None else name[: plans.SERVICE_MAX],
            open_for_assignment=responsible is None,
            request=request,
        )
    choice = RouteChoice.objects.create(
        client=client, route=route.id, starts_on=start, goal=goal, chosen_by=by
    )
    audit.record(
        actor=by,
        action=Action.CREATE,
        client=client.pk,
        purpose=policy.purpose_for(by, client.pk),
        target="route_choice",
        request=request,
        details={"route": route.id, "goal": goal.pk, "status": status},
    )
    # What is still unknown about a route chosen while it needs information (for the page).
    if status == planner.UNKNOWN:
        labels = {fact.name: str(fact.label) for fact in shown}
        named = [labels[name] for name in missing if name in labels]
        choice.unknown = tuple(_(r) for r in reasons) + ((", ".join(named) + ".",) if named else ())
    return choice


# ---------------------------------------------------------------------------------------------
# Population screening

CHUNK = 20000


def active_clients():
    return Client.objects.filter(status=ClientStatus.ACTIVE)


def _chosen_rules(client_ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    rows = RouteChoice.objects.filter(client_id__in=client_ids).values_list("client_id", "route")
    for client_id, route_id in rows:
        route = definitions.BY_ID.get(route_id)
        if route is not None:
            found.setdefault(client_id, set()).update(s.rule for s in route.steps)
    return found


class ScreeningNotAllowed(ValidationError):
    pass


def create_run(*, by: User | None = None) -> ScreeningRun:
    """A new queued run, started by `by` (None: the command line). Refused when `by` may not
    start one, and when a run is already queued or running: one at a time, decided by the
    database's constraint (routes_one_screening_under_way), so two starts at once cannot both
    pass."""
    if by is not None and not resolver.can_start_screening(by):
        raise ScreeningNotAllowed(
            _("You cannot start a screening: service managers and coordinators start them."),
            code="not_allowed",
        )
    try:
        with transaction.atomic():
            return ScreeningRun.objects.create(started_by=by)
    except IntegrityError:
        raise ValidationError(
            _("A screening is already queued or running. Wait until it has finished."),
            code="under_way",
        ) from None


def run_screening(
    *, run: ScreeningRun | None = None, on: dt.date | None = None, rules: Any = None
) -> ScreeningRun:
    """Every active client against every eligibility rule (rules.api.screen, vectorised in
    chunks of column arrays); the flags "likely eligible, not applied" per coordinator are
    brought to exactly this result (idempotent: a second run leaves the same rows)."""
    engine = rules or selectors.engine()
    day = on or timezone.localdate()
    month = f"{day.year:04d}-{day.month:02d}"
    run = run or create_run()
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), month=month
    )
    try:
        wanted = _screen_all(run, engine, day, month)
        with transaction.atomic():
            added, removed = _store(wanted, month)
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            flags_total=len(wanted),
            flags_added=added,
            flags_removed=removed,
        )
    except Exception as error:
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=str(error)[:500]
        )
        raise
    run.refresh_from_db()
    return run


# A rule whose benefit the recorded facts say is being paid counts as applied for.
PAID_NOW = {"unemployment_benefit": "unemployment_benefit"}


class _Applied:
    """What the clients of a chunk have applied for, considered or chosen: a rule found for
    them is "not applied" only when none of these names it."""

    def __init__(self, client_ids: list[int], by_rule: dict[str, set[str]]) -> None:
        self.by_rule = by_rule
        self.considered = selectors.considered_by_client(client_ids)
        self.chosen = _chosen_rules(client_ids)

    def __call__(self, rule: str, client_id: int, i: int, columns: dict) -> bool:
        if rule in self.chosen.get(client_id, ()):
            return True
        if self.by_rule.get(rule, set()) & self.considered.get(client_id, set()):
            return True
        paid = PAID_NOW.get(rule)
        return paid is not None and paid in columns and int(columns[paid][i]) == 1


def _screen_all(run, engine, day, month) -> dict[tuple[int, str], int | None]:
    ids_all = list(active_clients().order_by("pk").values_list("pk", flat=True))
    ScreeningRun.objects.filter(pk=run.pk).update(clients_total=len(ids_all))
    coordinators = dict(
        NetworkMember.objects.coordinators()
        .filter(client_id__in=ids_all)
        .values_list("client_id", "professional_id")
    )
    by_rule = selectors.services_by_rule()
    wanted: dict[tuple[int, str], int | None] = {}
    done = 0
    for start in range(0, len(ids_all), CHUNK):
        chunk = ids_all[start : start + CHUNK]
        ids, columns = client_facts.columns(active_clients().filter(pk__in=chunk), on=day)
        result = engine.screen(columns, month)
        applied = _Applied(chunk, by_rule)
        for rule, statuses in result.items():
            for i in np.flatnonzero(np.asarray(statuses) == 1):
                client_id = int(ids[i])
                if not applied(rule, client_id, int(i), columns):
                    wanted[(client_id, rule)] = coordinators.get(client_id)
        done += len(chunk)
        ScreeningRun.objects.filter(pk=run.pk).update(clients_done=done)
    return wanted


def coordinated_clients(user: User, visible):
    """The active clients `user` coordinates, of those they may see."""
    mine = NetworkMember.objects.coordinators().filter(professional=user)
    return visible.filter(status=ClientStatus.ACTIVE, pk__in=mine.values("client_id"))


def needs_information(clients, *, on: dt.date | None = None, rules: Any = None) -> dict[int, dict]:
    """For each client of `clients` (a queryset): the benefits and services for which the
    screening needs information (no known fact closes them, an unknown one leaves them
    open) and which the client has not applied for, and the facts that are missing, named
    in the reader's language — {client id: {"rules": [label], "facts": [label],
    "calculation": bool}} (`calculation`: some of them only the route plan's calculation
    decides, every fact they read being known). Computed now for these clients, from the
    same facts and rules as the screening run; nothing when the engine cannot explain."""
    from rules.facts import FACTS

    engine = rules or selectors.engine()
    explain = getattr(engine, "explain_eligibility", None)
    if explain is None:
        return {}
    day = on or timezone.localdate()
    ids, columns = client_facts.columns(clients, on=day)
    if not len(ids):
        return {}
    found = explain(columns, planner.month_keys(day, 1)[0])
    applied = _Applied([int(c) for c in ids], selectors.services_by_rule())
    order = {name: k for k, name in enumerate(FACTS)}
    gathered: dict[int, dict] = {}
    for rule, (statuses, missing) in found.items():
        for i in np.flatnonzero(np.asarray(statuses) == -1):
            client_id = int(ids[i])
            if applied(rule, client_id, int(i), columns):
                continue
            row = gathered.setdefault(
                client_id, {"rules": [], "facts": set(), "calculation": False}
            )
            row["rules"].append(rules_labels.rule_label(rule))
            here = {name for name, where in missing.items() if where[i]}
            row["facts"] |= here
            row["calculation"] = row["calculation"] or not here
    for row in gathered.values():
        labels = [_fact_label(name) for name in sorted(row["facts"], key=order.__getitem__)]
        row["facts"] = list(dict.fromkeys(labels))
    return gathered


# The rules' facts that the facts form records as another fact (rules.facts → ClientFacts).
RECORDED_AS = {
    "children_under_10": "children_birth_years",
    "children_10_17": "children_birth_years",
    "children_in_household": "children_birth_years",
    "adults_in_household": "partner_in_household",
    "owner_occupied": "tenure",
}


def _fact_label(name: str) -> str:
    """A missing fact by the name the facts form asks it under (the rules' own name for a
    fact the form does not ask)."""
    from rules.facts import FACTS

    recorded = RECORDED_AS.get(name, name)
    if recorded in client_facts.EDITABLE:
        field = ClientFacts._meta.get_field(recorded)
        assert isinstance(field, Field)
        return capfirst(str(field.verbose_name))
    return capfirst(_(FACTS[name][1]))


def _store(wanted: dict[tuple[int, str], int | None], month: str) -> tuple[int, int]:
    existing = {
        (c, r): (pk, coordinator)
        for pk, c, r, coordinator in ScreeningFlag.objects.values_list(
            "pk", "client_id", "rule", "coordinator_id"
        )
    }
    stale = [pk for key, (pk, _c) in existing.items() if key not in wanted]
    ScreeningFlag.objects.filter(pk__in=stale).delete()
    ScreeningFlag.objects.bulk_create(
        [
            ScreeningFlag(client_id=c, rule=r, coordinator_id=coordinator, month=month)
            for (c, r), coordinator in wanted.items()
            if (c, r) not in existing
        ],
        batch_size=5000,
    )
    moved = [
        (pk, wanted[key])
        for key, (pk, coordinator) in existing.items()
        if key in wanted and wanted[key] != coordinator
    ]
    for pk, coordinator in moved:
        ScreeningFlag.objects.filter(pk=pk).update(coordinator_id=coordinator)
    return sum(1 for key in wanted if key not in existing), len(stale)
