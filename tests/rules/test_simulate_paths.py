"""The faster paths of rules.calc.simulate — months of one law stacked into one period (few
rows), households split across threads and only the households with a birthday or a changed
calendar limit recomputed (many rows) — give exactly the figures of the plain path (one
thread, every month computed whole), across changes of the law and birthdays, for
households of every shape (single, couple, single parent, children, an adult child)."""

import datetime as dt
import importlib
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import calc
from rules.entities import ROLE_CODES
from rules.variables import ACTIVITIES, TENURES

# Months across changes of the law (the general benefit from 5/2026, the new year)
MONTHS = [dt.date(2025, 11, 1) + dt.timedelta(days=31 * i) for i in range(16)]
MONTHS = [d.replace(day=1) for d in MONTHS]


def population(n: int, seed: int) -> dict[str, dict[str, np.ndarray]]:
    """n households: an applicant, a partner in about half, 0–4 children (some born in the
    months computed, some turning 3, 10, 17 or 18 in them) and sometimes an adult child."""
    rng = np.random.default_rng(seed)
    partners = rng.random(n) < 0.5
    children = rng.integers(0, 5, n)
    adult_children = (rng.random(n) < 0.15).astype(int)
    sizes = 1 + partners + children + adult_children
    household = np.repeat(np.arange(n), sizes)
    role = np.concatenate(
        [
            [ROLE_CODES["applicant"]]
            + [ROLE_CODES["partner"]] * int(p)
            + [ROLE_CODES["child"]] * int(c)
            + [ROLE_CODES["adult_child"]] * int(a)
            for p, c, a in zip(partners, children, adult_children, strict=True)
        ]
    ).astype(int)
    rows = len(role)
    adult_born = np.datetime64("1956-06-01") + rng.integers(0, 365 * 50, rows)
    child_born = np.datetime64("2008-01-01") + rng.integers(0, 365 * 18, rows)
    grown_born = np.datetime64("1998-01-01") + rng.integers(0, 365 * 9, rows)
    born = np.where(
        role == ROLE_CODES["child"],
        child_born,
        np.where(role == ROLE_CODES["adult_child"], grown_born, adult_born),
    ).astype("datetime64[D]")
    applicant = role == ROLE_CODES["applicant"]
    activity = np.where(applicant, rng.integers(0, len(ACTIVITIES), rows), 0)
    return {
        "households": {
            "housing_cost": rng.choice([0.0, 450.0, 780.0, 1300.0], n),
            "tenure": rng.integers(0, len(TENURES), n),
            "municipality_code": rng.choice([0, 91, 49, 694, 743, 5], n),
        },
        "persons": {
            "household": household,
            "role": role,
            "birth_date": born,
            "activity": activity,
            "gross_wage": rng.choice([0.0, 400.0, 1200.0, 2600.0], rows),
            "attendance_days": np.where(applicant, rng.integers(0, 23, rows), 0).astype(float),
            "outside_commuting_area": rng.random(rows) < 0.2,
            "partial_allowance": applicant & (rng.random(rows) < 0.2),
            "entitled_to_unemployment_benefit": rng.random(rows) < 0.6,
            "annual_earned_income": rng.choice([0.0, 15000.0, 32000.0], rows),
            "withholding_percent": np.where(rng.random(rows) < 0.3, 21.5, np.nan),
            "full_time_student": rng.random(rows) < 0.15,
            "assets": rng.choice([0.0, 5000.0, 30000.0, 60000.0], rows),
        },
    }


def assert_same(fast, plain):
    assert list(fast) == list(plain)
    for key in plain:
        for name in calc.OUTPUTS:
            np.testing.assert_array_equal(fast[key][name], plain[key][name], err_msg=key + name)


@settings(max_examples=12, deadline=None)
@given(n=st.integers(1, 30), seed=st.integers(0, 10_000), take=st.integers(1, 16))
def test_stacked_months_equal_the_plain_path(n, seed, take):
    households = population(n, seed)
    months = MONTHS[:take]
    assert_same(calc.simulate(households, months), calc.simulate(households, months, plain=True))


def test_threads_and_birthday_reuse_equal_the_plain_path(monkeypatch):
    monkeypatch.setattr(calc, "CHUNK_ROWS", 500)  # many rows, without a million of them
    monkeypatch.setattr(calc, "STACK_ROWS", 10)
    households = population(1_500, 7)
    before = importlib.import_module("numpy._core.multiarray")._get_madvise_hugepage()
    fast = calc.simulate(households, MONTHS)
    assert_same(fast, calc.simulate(households, MONTHS, plain=True))
    # NumPy's process-wide huge-page setting is left alone (a web process's other threads)
    multiarray = importlib.import_module("numpy._core.multiarray")
    assert multiarray._get_madvise_hugepage() == before
    # the months span more than one law (so both the reuse and the full months ran)
    assert len({calc.regime(f"{m:%Y-%m}") for m in MONTHS}) >= 2
    # every output has the rows of its entity
    month = fast[f"{MONTHS[0]:%Y-%m}"]
    assert len(month["net_income"]) == len(households["persons"]["household"])
    assert len(month["household_net_income"]) == 1_500


def test_the_household_totals_add_up_the_members_and_the_household_components():
    households = population(200, 3)
    figures = calc.simulate(households, [dt.date(2026, 6, 1)])["2026-06"]
    members = households["persons"]["household"]
    gross = np.bincount(members, weights=figures["gross_income"], minlength=200)
    gross = gross + figures["housing_allowance"] + figures["social_assistance"]
    np.testing.assert_allclose(figures["household_gross_income"], gross, atol=0.0051)
    tax = np.bincount(members, weights=figures["income_tax"], minlength=200)
    np.testing.assert_allclose(figures["household_income_tax"], tax, atol=0.0051)


def test_household_figures_only_the_outputs_asked_for(monkeypatch):
    """per_household sums each member's figures over the household; `outputs` returns only
    the figures named; the months computed by patches share the arrays that did not change
    (read-only), on the threaded path and on the plain one alike."""
    monkeypatch.setattr(calc, "CHUNK_ROWS", 500)
    monkeypatch.setattr(calc, "STACK_ROWS", 10)
    households = population(1_500, 11)
    members = households["persons"]["household"]
    names = ("child_benefit", "income_tax", "housing_allowance", "household_net_income")
    plain = calc.simulate(households, MONTHS, plain=True)
    for fast in (
        calc.simulate(households, MONTHS, outputs=names, per_household=True),
        calc.simulate(households, MONTHS, outputs=names, per_household=True, plain=True),
    ):
        assert list(fast) == list(plain)
        for key, figures in fast.items():
            assert set(figures) == set(names)
            for name in ("child_benefit", "income_tax"):
                summed = np.bincount(members, weights=plain[key][name], minlength=1_500)
                np.testing.assert_allclose(figures[name], summed, rtol=0, atol=1e-9)
            for name in ("housing_allowance", "household_net_income"):
                np.testing.assert_array_equal(figures[name], plain[key][name])
            assert not any(values.flags.writeable for values in figures.values())
    fast = calc.simulate(households, MONTHS)
    shared = sum(fast[a][name] is fast[b][name] for a, b in pairwise(fast) for name in calc.OUTPUTS)
    assert shared > 0  # e.g. the sickness allowance, which no birthday here changes each month


def test_unknown_outputs_are_refused():
    households = population(3, 1)
    with pytest.raises(ValueError, match="net_incomes"):
        calc.simulate(households, MONTHS[:1], outputs=("net_incomes",))
