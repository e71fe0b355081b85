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
