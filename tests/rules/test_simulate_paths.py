"""The faster paths of rules.calc.simulate — months of one law stacked into one period (few
rows), rows split across threads and only birthdays recomputed (many rows) — give exactly
the figures of the plain path (one thread, every month computed whole), across changes of
the law and birthdays."""

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import calc
from rules.variables import ACTIVITIES

# Months across changes of the law (the general benefit from 5/2026, the new year)
MONTHS = [dt.date(2025, 11, 1) + dt.timedelta(days=31 * i) for i in range(16)]
MONTHS = [d.replace(day=1) for d in MONTHS]


def population(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    born = np.datetime64("1958-01-01") + rng.integers(0, 365 * 45, n).astype("timedelta64[D]")
    return {
        "activity": rng.integers(0, len(ACTIVITIES), n),
        "gross_wage": rng.choice([0.0, 400.0, 1200.0, 2600.0], n),
        "attendance_days": rng.integers(0, 22, n).astype(float),
        "outside_commuting_area": rng.random(n) < 0.2,
        "partial_allowance": rng.random(n) < 0.2,
        "entitled_to_unemployment_benefit": rng.random(n) < 0.7,
        "annual_earned_income": rng.choice([0.0, 15000.0, 32000.0], n),
        "housing_cost": rng.choice([0.0, 450.0, 780.0], n),
        "adults_in_household": rng.integers(1, 3, n),
        "children_in_household": rng.integers(0, 3, n),
        "birth_date": born,
    }


def assert_same(fast, plain):
    assert list(fast) == list(plain)
    for key in plain:
        for name in calc.OUTPUTS:
            np.testing.assert_array_equal(fast[key][name], plain[key][name], err_msg=key + name)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 40), seed=st.integers(0, 10_000), take=st.integers(1, 16))
def test_stacked_months_equal_the_plain_path(n, seed, take):
    people = population(n, seed)
    months = MONTHS[:take]
    assert_same(calc.simulate(people, months), calc.simulate(people, months, plain=True))


def test_threads_and_birthday_reuse_equal_the_plain_path(monkeypatch):
    monkeypatch.setattr(calc, "THREAD_ROWS", 500)  # many rows, without a million of them
    monkeypatch.setattr(calc, "STACK_ROWS", 10)
    people = population(3_000, 7)
    fast = calc.simulate(people, MONTHS)
    assert_same(fast, calc.simulate(people, MONTHS, plain=True))
    # the months span more than one law (so both the reuse and the full months ran)
    assert len({calc.regime(f"{m:%Y-%m}") for m in MONTHS}) >= 2
