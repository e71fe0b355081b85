"""Demo facts for the route planner: about two thirds of the active demo clients get facts
(household, housing cost, earnings, jobseeker registration, sick leave, medical statements),
the household with the least data (issue #17: a partner and their wage, the children's
birth years, the form of housing) — among them at least one couple and one single parent
with two children, so that the route plan shows families —
varied so that the route plan shows open, closed and needs-information routes and the
screening finds clients likely eligible but not applied; the rest stay unknown ("needs
information"). Then one screening run fills the coordinators' lists.

Bulk-built (no audit events), deterministic for a seed, idempotent: clients that already
have facts are left as they are, and the screening converges to the same rows."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from polku.clients.models import Client, ClientStatus
from polku.route_plans.facts import household_counts, latest_assessment_values
from polku.route_plans.models import ClientFacts, ScreeningFlag, ScreeningRun, Tenure

SHARE_WITH_FACTS = 0.7
# A recorded fact's value: a yes/no, a count of months or people, or an amount of money.
FactValue = bool | int | Decimal | str | list[int]
# The demo's fixed day for the children's ages: the same seed gives the same facts any day.
AGES_ON = dt.date(2026, 6, 1)
COUPLE: dict[str, FactValue] = {
    "partner_in_household": True,
    "partner_gross_wage": Decimal("2650"),
    "partner_unemployment_benefit": False,
    "children_birth_years": [2013, 2017],
    "tenure": Tenure.RENT.value,
    "housing_cost": Decimal("1020"),
}
SINGLE_PARENT: dict[str, FactValue] = {
    "partner_in_household": False,
    "children_birth_years": [2011, 2016],
    "tenure": Tenure.RENT.value,
    "housing_cost": Decimal("830"),
}
# Profiles: (weight, facts)
PROFILES = (
    (
        4,
        {
            "jobseeker_registered": True,
            "unemployment_benefit": True,
            "on_sick_leave": False,
            "in_studies": False,
        },
    ),
    (
        2,
        {
            "jobseeker_registered": True,
            "unemployment_benefit": True,
            "on_sick_leave": False,
            "work_ability_threatened": True,
            "medical_statement": True,
            "in_studies": False,
        },
    ),
    (
        2,
        {
            "jobseeker_registered": False,
            "unemployment_benefit": False,
            "on_sick_leave": True,
            "work_ability_threatened": True,
            "medical_statement": True,
            "sickness_days_used": 60,
            "in_studies": False,
        },
    ),
    (
        1,
        {
            "jobseeker_registered": True,
            "unemployment_benefit": True,
            "on_sick_leave": False,
            "psychiatrist_statement": True,
            "treatment_months": 4,
            "in_studies": False,
        },
    ),
    (
        1,
        {
            "jobseeker_registered": True,
            "unemployment_benefit": True,
            "unemployed_months": 24,
            "multi_agency_need": True,
            "on_sick_leave": False,
            "in_studies": False,
        },
    ),
)


def _facts(rng: random.Random) -> dict[str, FactValue]:
    weights = [w for w, _f in PROFILES]
    profile: dict[str, FactValue] = dict(rng.choices([f for _w, f in PROFILES], weights=weights)[0])
    partner = rng.random() < 0.25
    years = sorted(rng.randrange(2008, 2025) for _ in range(rng.choice((0, 0, 0, 1, 2))))
    adults, children = household_counts(partner, years, AGES_ON)
    profile.update(
        adults_in_household=adults,
        children_in_household=children,
        partner_in_household=partner,
        children_birth_years=years,
        tenure=rng.choice((Tenure.RENT.value,) * 6 + (Tenure.RIGHT_OF_OCCUPANCY.value,)),
        housing_cost=Decimal(rng.randrange(380, 900, 10) + 120 * (adults + children - 1)),
        annual_earned_income=Decimal(rng.choice((0, 0, 4800, 12000, 26000))),
        monthly_earnings=Decimal(rng.choice((0, 0, 0, 400, 800))),
        unemployed_months=profile.get("unemployed_months", rng.choice((3, 8, 14, 30))),
    )
    if partner:
        profile["partner_gross_wage"] = Decimal(rng.choice((0, 0, 1800, 2400, 3100)))
        profile["partner_unemployment_benefit"] = profile["partner_gross_wage"] == 0
    if rng.random() < 0.5:
        profile["expected_wage"] = Decimal(rng.randrange(1700, 2600, 50))
    return profile


# A demo client's latest holistic assessment sets what their facts may say: on sick leave
# (with sickness allowance days paid) only with sickness absence recorded, an illness
# threatening work ability (with a B statement) only with a self-rating below this.
SICK_ABSENCE_AT_LEAST = 30
THREATENED_BELOW = 7


def _agree(facts: dict[str, FactValue], assessment) -> dict[str, FactValue]:
    """The facts drawn, made to agree with the client's latest assessment (a client who
    rates their work ability 7/10 with no sick days is not on sick leave)."""
    if assessment is None:
        return facts
    absence, score = assessment["sickness_absence_days"], assessment["work_ability_score"]
    if facts.get("on_sick_leave") and absence is not None and absence < SICK_ABSENCE_AT_LEAST:
        facts = {**facts, "on_sick_leave": False, "jobseeker_registered": True}
        facts["unemployment_benefit"] = True
        facts.pop("sickness_days_used", None)
    if facts.get("work_ability_threatened") and score is not None and score >= THREATENED_BELOW:
        facts = dict(facts)
        facts.pop("work_ability_threatened")
        facts.pop("medical_statement", None)
    return facts


def _family(row: ClientFacts, household: dict[str, FactValue]) -> None:
    """Make the row's household `household`, the counts following it."""
    for name, value in household.items():
        setattr(row, name, value)
    if not row.partner_in_household:
        row.partner_gross_wage = row.partner_unemployment_benefit = None
    row.adults_in_household, row.children_in_household = household_counts(
        bool(row.partner_in_household), list(row.children_birth_years or []), AGES_ON
    )


def _is_couple(row: ClientFacts) -> bool:
    return bool(row.partner_in_household and row.partner_gross_wage)


def _is_single_parent_of_two(row: ClientFacts) -> bool:
    return row.partner_in_household is False and len(row.children_birth_years or []) == 2


def build(*, seed: int, now: dt.datetime | None = None) -> None:
    rng = random.Random(f"routes-{seed}")
    clients = list(
        Client.objects.filter(status=ClientStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", "created_by_id")
    )
    have = set(ClientFacts.objects.values_list("client_id", flat=True))
    assessments = latest_assessment_values([pk for pk, _by in clients])
    rows = []
    for client_id, created_by in clients:
        draw = rng.random()
        facts = _facts(rng)  # drawn for every client: the same seed gives the same facts
        if client_id in have or draw >= SHARE_WITH_FACTS:
            continue
        facts = _agree(facts, assessments.get(client_id))
        rows.append(ClientFacts(client_id=client_id, updated_by_id=created_by, **facts))
    # At least one working couple with children and one single parent of two (the first
    # rows drawn otherwise), so that the demo shows families.
    if rows and not have and not any(_is_couple(r) for r in rows):
        _family(rows[0], COUPLE)
    if len(rows) > 1 and not have and not any(_is_single_parent_of_two(r) for r in rows):
        _family(rows[1], SINGLE_PARENT)
    ClientFacts.objects.bulk_create(rows, batch_size=2000)
    from polku.route_plans import selectors, services

    try:
        rules = selectors.engine()
    except selectors.EngineUnavailable:  # the rules engine is not installed: no screening
        return
    services.run_screening(on=(now or dt.datetime.now(dt.UTC)).date(), rules=rules)


def summary() -> str:
    run = ScreeningRun.objects.order_by("-created_at", "-id").first()
    return (
        f"Route plan: facts for {ClientFacts.objects.count()} clients; screening "
        f"{run.status if run else 'not run'}, {ScreeningFlag.objects.count()} "
        "'likely eligible, not applied' findings."
    )
