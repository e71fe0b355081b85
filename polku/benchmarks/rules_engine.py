"""Benchmark of the rules engine (no database): `python -m polku.benchmarks.rules_engine [N]`.

* route plan: one client, every alternative kind, 12 months (rules.api.calculate_months) —
  latency p50 / p95 in-process;
* screening: N synthetic people (default 1 000 000) × every eligibility rule × 12 months,
  plus their monthly income under a random alternative each (rules.calc.simulate: the rows
  split across threads, and a month of the same law as the month before recomputes only
  the people whose age changed) — time and peak memory;
* like for like: the same income in OpenFisca with one thread and every month computed
  whole, and the same monthly formulas written directly in NumPy, as the reference for
  what the hardware allows; the screening's income must agree with NumPy to the cent on
  every person and month (checked here), and the OpenFisca / NumPy ratio is printed.

Figures only. The last line of stdout is one JSON object (polku.benchmarks protocol)."""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import time

import numpy as np

from rules import api
from rules.calc import COMPONENTS, simulate
from rules.eligibility import screen_months
from rules.facts import BOOLEAN_FACTS
from rules.system import system
from rules.variables import ACTIVITIES, CODE, EXCLUDES_UNEMPLOYMENT_BENEFIT, REHABILITATION, WORK

MONTHS = [dt.date(2026, m, 1) for m in range(1, 13)]
ROUTE_RUNS = int(os.environ.get("BENCH_ROUTE_RUNS", "200"))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def route_plan_latency() -> tuple[float, float]:
    situation = {
        "month": "2026-01",
        "person": {
            "birth_date": "1986-04-02",
            "adults_in_household": 1,
            "children_in_household": 1,
            "unemployment_benefit": True,
            "annual_earned_income": 14000,
            "housing_cost": 650,
        },
        "alternatives": [
            {"id": kind, "kind": kind, "gross_wage": 1400, "attendance_days": 16}
            for kind in ACTIVITIES
        ],
    }
    months = [f"{m:%Y-%m}" for m in MONTHS]
    api.calculate_months(situation, months)  # warm the caches (parameters, system)
    timings = []
    for _ in range(ROUTE_RUNS):
        start = time.perf_counter()
        api.calculate_months(situation, months)
        timings.append((time.perf_counter() - start) * 1000)
    return float(np.percentile(timings, 50)), float(np.percentile(timings, 95))


def synthetic(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    birth = np.datetime64("1960-01-01") + rng.integers(0, 45 * 365, n).astype("timedelta64[D]")
    return {
        "activity": rng.integers(0, len(ACTIVITIES), n),
        "gross_wage": np.round(rng.uniform(0, 3000, n), 2),
        "attendance_days": rng.integers(0, 24, n).astype(float),
        "outside_commuting_area": rng.random(n) < 0.2,
        "entitled_to_unemployment_benefit": rng.random(n) < 0.7,
        "annual_earned_income": np.round(rng.uniform(0, 60000, n), 2),
        "housing_cost": np.round(rng.uniform(0, 1200, n), 2),
        "adults_in_household": rng.integers(1, 3, n),
        "children_in_household": rng.integers(0, 4, n),
        "birth_date": birth.astype("datetime64[D]"),
    }


def facts_of(people: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    n = len(people["activity"])
    facts = {name: rng.integers(-1, 2, n).astype(np.int8) for name in BOOLEAN_FACTS}
    facts["birth_date"] = people["birth_date"]
    facts["housing_cost"] = people["housing_cost"]
    facts["annual_earned_income"] = people["annual_earned_income"]
    facts["monthly_earnings"] = people["gross_wage"]
    facts["unemployed_months"] = rng.integers(0, 36, n).astype(float)
    facts["treatment_months"] = rng.integers(0, 12, n).astype(float)
    facts["sickness_days_used"] = rng.integers(0, 320, n).astype(float)
    return facts


def cents(values: np.ndarray) -> np.ndarray:
    return np.floor(values * 100 + 0.5) / 100


def numpy_reference(people: dict[str, np.ndarray], month: dt.date) -> dict[str, np.ndarray]:
    """The monthly formulas written straight in NumPy, reading the same dated parameters."""
    p = system().parameters(month.isoformat())
    kind = people["activity"]
    years = people["birth_date"].astype("datetime64[Y]").astype(int) + 1970
    mon = people["birth_date"].astype("datetime64[M]").astype(int) % 12 + 1
    day = (people["birth_date"] - people["birth_date"].astype("datetime64[M]")).astype(int) + 1
    age = month.year - years - ((mon > month.month) | ((mon == month.month) & (day > 1)))

    wage = cents(np.where(np.isin(kind, WORK), people["gross_wage"], 0.0))
    u = p.unemployment
    payable = (
        people["entitled_to_unemployment_benefit"]
        & ~np.isin(kind, EXCLUDES_UNEMPLOYMENT_BENEFIT)
        & (age >= u.minimum_age)
        & (age <= u.maximum_age)
    )
    unemployment = cents(
        np.where(
            payable,
            np.maximum(
                u.daily_amount * u.payment_days_per_month - u.earnings_adjustment_rate * wage, 0
            ),
            0.0,
        )
    )
    e = p.expense_allowance
    days = np.clip(people["attendance_days"], 0, e.max_days_per_month)
    trial = (kind == CODE["work_trial"]) & people["entitled_to_unemployment_benefit"]
    rate = np.where(
        trial,
        np.where(
            people["outside_commuting_area"], e.daily_amount_outside_commuting_area, e.daily_amount
        ),
        np.where(kind == CODE["rehabilitative_work_activity"], e.daily_amount, 0.0),
    )
    expense = cents(rate * days)
    d = p.daily_allowances
    income = people["annual_earned_income"] * (1 - d.contribution_deduction)
    raw_daily = (
        d.replacement_rate * np.minimum(income, d.income_limit)
        + d.rate_above_limit * np.maximum(income - d.income_limit, 0)
    ) / 300
    monthly = cents(cents(np.maximum(raw_daily, d.minimum_daily)) * d.payment_days_per_month)
    sickness = np.where(kind == CODE["sickness_allowance"], monthly, 0.0)
    rehabilitation = np.where(np.isin(kind, REHABILITATION), monthly, 0.0)
    rehab_days = np.where(
        people["attendance_days"] > 0, people["attendance_days"], u.payment_days_per_month
    )
    maintenance = cents(
        np.where(
            np.isin(kind, REHABILITATION) & (raw_daily <= d.minimum_daily),
            p.maintenance_allowance.daily_amount * rehab_days,
            0.0,
        )
    )
    taxable = wage + unemployment + sickness + rehabilitation
    t = p.tax
    tax = cents(
        t.wage_withholding * wage
        + t.unemployment_benefit_withholding * unemployment
        + t.daily_allowance_withholding * (sickness + rehabilitation)
    )
    h = p.housing_allowance
    adults = np.maximum(people["adults_in_household"], 1)
    children = np.maximum(people["children_in_household"], 0)
    threshold = h.threshold_base + h.threshold_per_adult * adults + h.threshold_per_child * children
    deductible = h.deductible_rate * np.maximum(taxable - threshold, 0)
    deductible = np.where(deductible < h.ignored_deductible, 0.0, deductible)
    cost = people["housing_cost"]
    acceptable = np.where(adults + children == 1, np.minimum(cost, h.max_cost_one_person), cost)
    housing = cents(np.maximum(h.share_of_costs * (acceptable - deductible), 0))
    s = p.social_assistance
    counted = taxable - tax + housing - np.minimum(s.earned_income_deduction, wage)
    assistance = cents(np.maximum(s.basic_amount * adults + cost - counted, 0))
    gross = cents(taxable + expense + maintenance + housing + assistance)
    return {
        "wage": wage,
        "unemployment_benefit": unemployment,
        "expense_allowance": expense,
        "sickness_allowance": sickness,
        "rehabilitation_allowance": rehabilitation,
        "maintenance_allowance": maintenance,
        "housing_allowance": housing,
        "social_assistance": assistance,
        "income_tax": tax,
        "net_income": cents(gross - tax),
    }


def main() -> None:
    # The population is its own (BENCH_PEOPLE), not the database benchmarks' client count.
    n = int(os.environ.get("BENCH_PEOPLE", "1000000"))
    rng = np.random.default_rng(20261123)

    p50, p95 = route_plan_latency()
    print(f"route plan (8 alternatives × 12 months): p50 {p50:.1f} ms, p95 {p95:.1f} ms")

    people = synthetic(n, rng)
    facts = facts_of(people, rng)
    start = time.perf_counter()
    income = simulate(people, MONTHS)
    income_s = time.perf_counter() - start
    eligibility = screen_months(facts, [f"{m:%Y-%m}" for m in MONTHS])
    engine_s = time.perf_counter() - start
    engine_peak = peak_rss_mb()
    likely = int(sum(int((v == 1).sum()) for v in eligibility["2026-12"].values()))
    print(
        f"screening {n:,} people × {len(eligibility['2026-01'])} rules × 12 months with their "
        f"monthly income: {engine_s:.2f} s (income in OpenFisca {income_s:.2f} s, eligibility "
        f"{engine_s - income_s:.2f} s), peak RSS {engine_peak:.0f} MB"
    )

    start = time.perf_counter()
    simulate(people, MONTHS, plain=True)
    plain_s = time.perf_counter() - start

    start = time.perf_counter()
    reference = {f"{m:%Y-%m}": numpy_reference(people, m) for m in MONTHS}
    numpy_s = time.perf_counter() - start

    mismatches = 0
    for key, figures in income.items():
        for name in (*COMPONENTS, "income_tax", "net_income"):
            diff = np.abs(np.asarray(figures[name]) - reference[key][name])
            mismatches += int((diff > 0.005).sum())
    agree = mismatches == 0
    ratio = plain_s / numpy_s if numpy_s else float("nan")
    print(
        f"like for like, one thread, every month computed whole: OpenFisca {plain_s:.2f} s, "
        f"the same formulas in plain NumPy {numpy_s:.2f} s; OpenFisca / NumPy {ratio:.2f}×; "
        f"the screening's income agrees with NumPy to the cent on every person and month: "
        f"{'yes' if agree else f'NO ({mismatches} differences)'}"
    )
    print(f"likely-eligible findings in 12/2026: {likely:,}")
    print(
        json.dumps(
            {
                "route_plan_p50_ms": round(p50, 1),
                "route_plan_p95_ms": round(p95, 1),
                "screening_people": n,
                "screening_s": round(engine_s, 2),
                "screening_income_s": round(income_s, 2),
                "screening_peak_rss_mb": round(engine_peak),
                "openfisca_plain_income_s": round(plain_s, 2),
                "numpy_income_s": round(numpy_s, 2),
                "openfisca_vs_numpy": round(ratio, 2),
                "agree_to_the_cent": agree,
            }
        )
    )


if __name__ == "__main__":
    main()
