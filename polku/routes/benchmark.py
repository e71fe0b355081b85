"""Route plan latency, in-process and without a database: `python -m polku.routes.benchmark
[RUNS]` builds one client's whole route plan (every route's eligibility and every step of
every route as an alternative, 12 months, one rules.api.calculate_months call) RUNS times and
prints p50/p95; the last stdout line is one JSON object of figures. Figures only."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time

from polku.routes import planner

PERSON = {
    "birth_date": "1984-06-15",
    "adults_in_household": 1,
    "children_in_household": 1,
    "unemployment_benefit": True,
    "annual_earned_income": 12000.0,
    "housing_cost": 640.0,
}
FACTS = {
    "birth_date": "1984-06-15",
    "age": 42,
    "adults_in_household": 1,
    "children_in_household": 1,
    "housing_cost": 640.0,
    "annual_earned_income": 12000.0,
    "jobseeker_registered": True,
    "unemployment_benefit": True,
    "unemployed_months": 14,
    "on_sick_leave": False,
    "work_ability_threatened": True,
    "medical_statement": True,
    "in_studies": False,
}


def main(runs: int) -> dict:
    from rules import api

    start = dt.date.today()
    planner.build(person=PERSON, facts=FACTS, start=start, engine=api)  # warm up
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        planner.build(person=PERSON, facts=FACTS, start=start, engine=api)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    figures = {
        "route_plan_runs": runs,
        "route_plan_p50_ms": round(statistics.median(times), 2),
        "route_plan_p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "route_plan_max_ms": round(times[-1], 2),
    }
    print(f"Route plan (6 routes, 16 alternatives, 12 months), {runs} runs:")
    for name, value in figures.items():
        print(f"  {name}: {value}")
    return figures


if __name__ == "__main__":
    result = main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    print(json.dumps(result))
