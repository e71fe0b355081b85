"""Route plan latency, in-process and without a database: `python -m polku.route_plans.benchmark
[RUNS]` builds the whole route plan of one client in a four-person household (a partner and
two children: every route's eligibility and every step of every route as an alternative, the
12 months of 2026, one rules.api.calculate_months call) RUNS times and prints p50/p95; the
last stdout line is one JSON object of figures. Figures only."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time

from polku.route_plans import planner

# The 12 months from START lie within the encoded law (rules.system.LAST_MONTH).
START = dt.date(2026, 1, 1)
# A four-person household: the client on unemployment benefit, a partner in work, two
# children (the route-plan case).
HOUSEHOLD = {
    "municipality": "Tampere",
    "housing_cost": 980.0,
    "tenure": "rent",
    "members": [
        {
            "role": "applicant",
            "birth_date": "1984-06-15",
            "unemployment_benefit": True,
            "annual_earned_income": 12000.0,
        },
        {"role": "partner", "birth_date": "1986-02-03", "gross_wage": 2400.0},
        {"role": "child", "birth_date": "2014-09-01"},
        {"role": "child", "birth_date": "2019-03-20"},
    ],
}
FACTS = {
    "birth_date": "1984-06-15",
    "age": 42,
    "adults_in_household": 2,
    "children_in_household": 2,
    "partner_in_household": True,
    "partner_gross_wage": 2400.0,
    "housing_cost": 980.0,
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

    start = START
    planner.build(household=HOUSEHOLD, facts=FACTS, start=start, engine=api)  # warm up
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        planner.build(household=HOUSEHOLD, facts=FACTS, start=start, engine=api)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    figures = {
        "route_plan_runs": runs,
        "route_plan_p50_ms": round(statistics.median(times), 2),
        "route_plan_p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "route_plan_max_ms": round(times[-1], 2),
    }
    print(f"Route plan of a four-person household (every route, 12 months), {runs} runs:")
    for name, value in figures.items():
        print(f"  {name}: {value}")
    return figures


if __name__ == "__main__":
    result = main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    print(json.dumps(result))
