"""The engine's population path and an independent NumPy re-implementation of the household
formulas (polku.benchmarks.household_reference) agree to the cent on every household and
month — across the law's date switches (social assistance 2026-02 → 2026-03, yleistuki
2026-04 → 2026-05, students out of the housing allowance 2025-07 → 2025-08). The big brother
of "the one-person and vectorised paths agree"; `make bench` checks the same on 1 000 000
households."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from polku.benchmarks import household_reference as ref
from polku.benchmarks.rules_engine import check_codes, disagreements, engine_income, numpy_income

HOUSEHOLDS = 2000
MONTH_RUNS = {
    "social assistance 1.3.2026 and yleistuki 1.5.2026": [
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
        dt.date(2026, 4, 1),
        dt.date(2026, 5, 1),
    ],
    "students out of the housing allowance 1.8.2025": [dt.date(2025, 7, 1), dt.date(2025, 8, 1)],
}


@pytest.fixture(scope="module")
def households() -> ref.Population:
    return ref.population(HOUSEHOLDS, np.random.default_rng(17))


def test_the_reference_uses_the_engines_codes():
    check_codes()


def test_the_generated_mix_covers_every_household_type(households):
    role = households.persons["role"]
    hh = households.persons["household"]
    n = households.size
    partners = np.bincount(hh[role == ref.PARTNER], minlength=n)
    children = np.bincount(hh[role == ref.CHILD], minlength=n)
    assert ((partners == 0) & (children == 0)).any()  # singles
    assert ((partners == 1) & (children == 0)).any()  # couples
    assert ((partners == 0) & (children > 0)).any()  # single parents
    assert set(children[partners == 1]) >= {1, 2, 3, 4}  # families with 1–4 children
    assert (role == ref.ADULT_CHILD).any()
    assert set(ref.housing_group(households.households["municipality_code"])) == {1, 2, 3, 4}
    assert set(households.households["tenure"]) == {ref.RENT, ref.OWNER, ref.RIGHT_OF_OCCUPANCY}
    assert set(households.persons["activity"][role == ref.APPLICANT]) == set(range(8))


@pytest.mark.parametrize("months", MONTH_RUNS.values(), ids=MONTH_RUNS.keys())
@pytest.mark.parametrize("plain", [False, True], ids=["fast path", "plain path"])
def test_engine_and_numpy_agree_to_the_cent(households, months, plain):
    engine = engine_income(households, months, plain=plain)
    numpy = numpy_income(households, months)
    assert list(engine) == list(numpy)
    wrong, per_figure, examples = disagreements(engine, numpy)
    assert wrong == 0, f"{wrong} household-months differ: {per_figure}; e.g. {examples}"
    # Not vacuous: every component is paid somewhere in the mix.
    last = numpy[f"{months[-1]:%Y-%m}"]
    for name in ref_components():
        assert (last[name] > 0).any(), name


def ref_components() -> tuple[str, ...]:
    return (
        "wage",
        "unemployment_benefit",
        "expense_allowance",
        "sickness_allowance",
        "rehabilitation_allowance",
        "maintenance_allowance",
        "child_benefit",
        "housing_allowance",
        "social_assistance",
        "income_tax",
    )


# Half cents, which Kela rounds up (800.015 → 800.02) and a float product may hold just below
# the half (0.164 × 1543.75 = 253.17499…): the engine and the reference round them up alike.
def _one_household(
    member: dict, housing_cost: float, partner: bool = False, birth: str = "1980-05-05"
) -> ref.Population:
    base = {
        "gross_wage": 0.0,
        "annual_earned_income": 0.0,
        "entitled_to_unemployment_benefit": False,
        "withholding_percent": np.nan,
        "full_time_student": False,
        "assets": 0.0,
        "activity": ref.CODE["status_quo"],
        "attendance_days": 0.0,
        "outside_commuting_area": False,
        "partial_allowance": False,
    }
    rows = [{**base, **member, "role": ref.APPLICANT, "birth_date": birth}]
    if partner:
        rows.append({**base, "role": ref.PARTNER, "birth_date": "1982-03-03"})
    persons = {name: np.array([row[name] for row in rows]) for name in rows[0]}
    persons["birth_date"] = persons["birth_date"].astype("datetime64[D]")
    persons["role"] = persons["role"].astype(np.int8)
    persons["household"] = np.zeros(len(rows), dtype=np.int64)
    households = {
        "housing_cost": np.array([housing_cost]),
        "tenure": np.array([ref.RENT], dtype=np.int8),
        "municipality_code": np.array([743]),  # Seinäjoki
    }
    return ref.Population(households, persons)


HALF_CENTS = {
    # The rehabilitation allowance on an annual income of 29 063.46 €: 29 063.46 × (1 − 0.0895)
    # = 26 462.28 → 0.70 × 26 462.28 / 300 = 61.745 → 61.75 a day × 25 = 1 543.75; on a
    # 16.4 % tax card 0.164 × 1 543.75 = 253.175 → 253.18.
    "tax card": (
        {
            "activity": ref.CODE["vocational_rehabilitation"],
            "annual_earned_income": 29063.46,
            "withholding_percent": 16.4,
        },
        {"rehabilitation_allowance": 1543.75, "income_tax": 253.18},
        False,
    ),
    # A wage of 1 122.30 € adjusts the unemployment benefit's day to 37.21 − 0.50 × 1 122.30
    # / 21.5 = 11.11 €; × 21.5 = 238.865 → 238.87.
    "adjusted unemployment benefit": (
        {"entitled_to_unemployment_benefit": True, "gross_wage": 1122.30},
        {"unemployment_benefit": 238.87},
        False,
    ),
    # A couple on one unemployment benefit (800.02 €, under the threshold 667 + 2 × 94 = 855:
    # no deductible), housing costs 406.15 € under the cap: 0.70 × 406.15 = 284.305 → 284.31.
    "housing allowance": (
        {"entitled_to_unemployment_benefit": True, "withholding_percent": 20.0},
        {"unemployment_benefit": 800.02, "housing_allowance": 284.31},
        True,
    ),
}


@pytest.mark.parametrize(
    ("member", "expected", "partner"),
    [pytest.param(*case, id=name) for name, case in HALF_CENTS.items()],
)
def test_half_cents_round_up_in_the_engine_and_the_reference(member, expected, partner):
    pop = _one_household(member, 406.15, partner)
    months = [dt.date(2026, 6, 1)]
    numpy = numpy_income(pop, months)["2026-06"]
    engine = engine_income(pop, months)["2026-06"]
    for name, value in expected.items():
        assert numpy[name][0] == pytest.approx(value, abs=1e-9), name
        assert engine[name][0] == pytest.approx(value, abs=1e-9), name


# The unemployment benefit's minimum age by the birth year (Unemployment Security Act
# (1290/2002), chapter 3, section 1, subsection 1 as amended by Act 738/2024): 18 from
# 1.1.2025, 17 for those born before 2008. The generated mix has no adult born after 2006.
@pytest.mark.parametrize(
    ("month", "birth", "paid"),
    [
        (dt.date(2026, 6, 1), "2009-01-15", False),  # 17, born 2009
        (dt.date(2026, 6, 1), "2007-12-15", True),  # 18
        (dt.date(2025, 6, 1), "2007-12-15", True),  # 17, born 2007
        (dt.date(2025, 6, 1), "2008-01-15", False),  # 17, born 2008
        (dt.date(2025, 12, 1), "2007-12-01", True),  # 18 on the first of the month
    ],
)
def test_the_unemployment_benefits_minimum_age_in_the_engine_and_the_reference(month, birth, paid):
    pop = _one_household({"entitled_to_unemployment_benefit": True}, 0.0, birth=birth)
    engine = engine_income(pop, [month])
    numpy = numpy_income(pop, [month])
    key = f"{month:%Y-%m}"
    assert numpy[key]["unemployment_benefit"][0] == (800.02 if paid else 0.0)
    assert engine[key]["unemployment_benefit"][0] == (800.02 if paid else 0.0)
    wrong, per_figure, examples = disagreements(engine, numpy)
    assert wrong == 0, f"{per_figure}; e.g. {examples}"
