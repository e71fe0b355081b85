"""Benchmark of the rules engine for households (no database):
`python -m polku.benchmarks.rules_engine` (BENCH_HOUSEHOLDS, default 1 000 000).

* route plan: a four-person household (applicant, partner, two children), every alternative
  kind (8) × 12 months in one rules.api.calculate_months call — latency p50 / p95 in-process
  (target p95 < 20 ms);
* screening: N synthetic households (polku.benchmarks.household_reference.population: singles,
  couples, single parents, families with 1–4 children, wages, unemployment benefit, all four
  housing-allowance groups, tenures) × every eligibility rule × 12 months, plus their monthly
  household income under a random alternative each (the engine's population path) — time
  (target < 5 s) and peak memory;
* like for like: the same income in OpenFisca with one thread and every month computed whole,
  and the household formulas re-implemented directly in NumPy from the same dated parameters
  (household_reference.reference); the screening's income must agree with NumPy to the cent
  on every household and month — the number of disagreements is printed and any makes the
  benchmark fail (exit status 1) — and the OpenFisca / NumPy ratio is printed (target ≤ 3×).

The process runs with NumPy's transparent huge pages off and glibc keeping freed memory
(PROCESS_ENV: NUMPY_MADVISE_HUGEPAGE=0, MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_), as a
process that screens populations should (rules.calc.simulate's
docstring): such settings are read at process start only, so the benchmark re-executes itself
with those not already in its environment (set one yourself to compare, e.g.
NUMPY_MADVISE_HUGEPAGE=1); the report's second line shows them.

Each time is given in wall-clock seconds and in CPU seconds of this process (user, and system:
mostly the kernel's first touch of fresh memory pages) with the page faults, and the load
average: on a shared machine the wall clock waits for a core. Figures only, no timed
assertions. The last line of stdout is one JSON object (the polku.benchmarks protocol)."""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import sys
import time

import numpy as np

from polku.benchmarks import household_reference as ref

MONTHS = [dt.date(2026, m, 1) for m in range(1, 13)]
# The process's memory settings for a population's arrays (read at process start only): no
# transparent huge pages for NumPy's arrays (the kernel's compaction on first touch cost 2.7 s
# of system time against 0.7 s for the screening's income), and freed memory kept for reuse
# instead of being returned to the kernel and faulted in again (32 MB: glibc's largest mmap
# threshold; 4 GB before the heap is trimmed).
PROCESS_ENV = {
    "NUMPY_MADVISE_HUGEPAGE": "0",
    "MALLOC_MMAP_THRESHOLD_": str(32 * 1024 * 1024),
    "MALLOC_TRIM_THRESHOLD_": str(4 * 1024**3),
}
ROUTE_RUNS = int(os.environ.get("BENCH_ROUTE_RUNS", "200"))
# The household figures compared with the reference, per household and month.
COMPARED = (
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
    "net_income",
)

FAMILY = {
    "municipality": "Tampere",
    "housing_cost": 980,
    "tenure": "rent",
    "members": [
        {
            "role": "applicant",
            "birth_date": "1986-04-02",
            "unemployment_benefit": True,
            "annual_earned_income": 14000,
        },
        {"role": "partner", "birth_date": "1988-09-15", "gross_wage": 2400},
        {"role": "child", "birth_date": "2013-05-20"},
        {"role": "child", "birth_date": "2019-11-03"},
    ],
}
ALTERNATIVES = [
    {"id": "now", "kind": "status_quo"},
    {"id": "part_time", "kind": "part_time_work", "gross_wage": 1100},
    {"id": "pay_subsidy", "kind": "pay_subsidised_work", "gross_wage": 2100},
    {"id": "work_trial", "kind": "work_trial", "attendance_days": 15},
    {"id": "activity", "kind": "rehabilitative_work_activity", "attendance_days": 12},
    {"id": "sick", "kind": "sickness_allowance"},
    {"id": "rehabilitation", "kind": "vocational_rehabilitation"},
    {"id": "studies", "kind": "studies_with_rehabilitation"},
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    """Wall-clock and CPU seconds of a block (the machine may be shared: the CPU time of this
    process, all threads, says what the work cost when the wall clock waited for a core),
    the CPU split into user and system time (the system time is mostly the kernel giving
    fresh memory pages: large arrays cost it on first touch), and the page faults (minor:
    first touches of fresh memory; on a virtual machine each also costs the host time that
    shows in neither user nor system time)."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        self._usage = resource.getrusage(resource.RUSAGE_SELF)
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.user = usage.ru_utime - self._usage.ru_utime
        self.system = usage.ru_stime - self._usage.ru_stime
        self.faults = usage.ru_minflt - self._usage.ru_minflt

    def __str__(self) -> str:
        return (
            f"{self.wall:.2f} s (CPU {self.user:.2f} s user + {self.system:.2f} s system, "
            f"{self.faults / 1000:.0f}k page faults)"
        )


def route_plan_latency() -> dict[str, float]:
    """p50 / p95 of one calculate_months call, wall-clock and CPU milliseconds."""
    from rules import api

    situation = {"month": "2026-01", "household": FAMILY, "alternatives": ALTERNATIVES}
    months = [f"{m:%Y-%m}" for m in MONTHS]
    result = api.calculate_months(situation, months)  # warm the caches (parameters, system)
    assert len(result) == 12 and all(len(r["alternatives"]) == 8 for r in result.values())
    wall, cpu = [], []
    for _ in range(ROUTE_RUNS):
        with Clock() as clock:
            api.calculate_months(situation, months)
        wall.append(clock.wall * 1000)
        cpu.append(clock.cpu * 1000)
    return {
        "p50": float(np.percentile(wall, 50)),
        "p95": float(np.percentile(wall, 95)),
        "cpu_p50": float(np.percentile(cpu, 50)),
        "cpu_p95": float(np.percentile(cpu, 95)),
    }


def engine_income(
    pop: ref.Population, months: list[dt.date], *, plain: bool = False
) -> dict[str, dict[str, np.ndarray]]:
    """The engine's population path (rules.calc.simulate): {YYYY-MM: {figure: one value per
    household}}, the members' own components summed per household by the engine
    (per_household), only the figures compared."""
    from rules import calc

    names = {"income_tax": "household_income_tax", "net_income": "household_net_income"}
    figures = calc.simulate(
        {"households": pop.households, "persons": pop.persons},
        months,
        plain=plain,
        outputs=tuple(names.get(name, name) for name in COMPARED),
        per_household=True,
    )
    return {
        key: {name: values[names.get(name, name)] for name in COMPARED}
        for key, values in figures.items()
    }


def numpy_income(pop: ref.Population, months: list[dt.date]) -> dict[str, dict[str, np.ndarray]]:
    prep = ref.prepare(pop)
    return {f"{m:%Y-%m}": ref.reference(prep, m) for m in months}


def disagreements(
    engine: dict[str, dict[str, np.ndarray]], numpy: dict[str, dict[str, np.ndarray]]
) -> tuple[int, dict[str, int], list[tuple[str, str, int, float, float]]]:
    """Households × months where any compared figure differs by a cent or more: the count,
    the count per figure and a few examples (month, figure, household, engine, NumPy)."""
    total = 0
    per_figure: dict[str, int] = {}
    examples: list[tuple[str, str, int, float, float]] = []
    for key, figures in numpy.items():
        wrong_any = np.zeros(len(figures["net_income"]), dtype=bool)
        for name in COMPARED:
            mine = np.asarray(engine[key][name], dtype=float)
            wrong = ~(np.abs(mine - figures[name]) < 0.005)
            if wrong.any():
                per_figure[name] = per_figure.get(name, 0) + int(wrong.sum())
                for i in np.flatnonzero(wrong)[: max(0, 3 - len(examples))]:
                    examples.append((key, name, int(i), float(mine[i]), float(figures[name][i])))
            wrong_any |= wrong
        total += int(wrong_any.sum())
    return total, per_figure, examples


def check_codes() -> None:
    """The reference's activity and role codes are the engine's."""
    from rules.variables import common

    assert common.ACTIVITIES == ref.ACTIVITIES, "activity codes differ from the engine's"
    assert (common.APPLICANT, common.PARTNER, common.CHILD, common.ADULT_CHILD) == (
        ref.APPLICANT,
        ref.PARTNER,
        ref.CHILD,
        ref.ADULT_CHILD,
    ), "role codes differ from the engine's"


def main() -> int:
    from rules.eligibility import screen_months

    n = int(os.environ.get("BENCH_HOUSEHOLDS", "1000000"))
    rng = np.random.default_rng(20261202)
    check_codes()
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores (wall-clock figures wait for a core)")
    print("process settings: " + ", ".join(f"{k}={os.environ.get(k, '')}" for k in PROCESS_ENV))

    route = route_plan_latency()
    print(
        f"route plan, four-person household (8 alternatives × 12 months): p50 {route['p50']:.1f} "
        f"ms, p95 {route['p95']:.1f} ms (target < 20 ms); CPU p50 {route['cpu_p50']:.1f} ms, "
        f"p95 {route['cpu_p95']:.1f} ms"
    )

    pop = ref.population(n, rng)
    persons = len(pop.persons["role"])
    months = [f"{m:%Y-%m}" for m in MONTHS]
    with Clock() as income_clock:
        income = engine_income(pop, MONTHS)
    with Clock() as eligibility_clock:
        eligibility = screen_months(pop.facts, months)
    screening_s = income_clock.wall + eligibility_clock.wall
    screening_cpu = income_clock.cpu + eligibility_clock.cpu
    engine_peak = peak_rss_mb()
    screening_load = os.getloadavg()[0]
    rules_n = len(eligibility[months[0]])
    likely = int(sum(int((v == 1).sum()) for v in eligibility[months[-1]].values()))
    print(
        f"screening {n:,} households ({persons:,} people) × {rules_n} rules × 12 months with "
        f"their monthly household income: {screening_s:.2f} s (target < 5 s); income in "
        f"OpenFisca {income_clock}, eligibility {eligibility_clock}; peak RSS "
        f"{engine_peak:.0f} MB; load average {screening_load:.1f} after it"
    )

    with Clock() as plain_clock:
        plain = engine_income(pop, MONTHS, plain=True)
    with Clock() as numpy_clock:
        numpy = numpy_income(pop, MONTHS)

    wrong, per_figure, examples = disagreements(income, numpy)
    wrong_plain, per_figure_plain, _ = disagreements(plain, numpy)
    ratio = plain_clock.wall / numpy_clock.wall
    ratio_cpu = plain_clock.cpu / numpy_clock.cpu
    print(
        f"like for like, one thread, every month computed whole: OpenFisca {plain_clock}, the "
        f"household formulas in plain NumPy {numpy_clock}; OpenFisca / NumPy {ratio:.2f}× "
        f"(target ≤ 3×), in CPU time {ratio_cpu:.2f}×"
    )
    print(
        f"disagreements with NumPy to the cent (households × months, of {n * len(MONTHS):,}): "
        f"screening {wrong:,}, plain OpenFisca {wrong_plain:,}"
    )
    print(f"likely-eligible findings in 12/2026: {likely:,}")
    print(
        json.dumps(
            {
                "load_average": round(load, 1),
                "route_plan_p50_ms": round(route["p50"], 1),
                "route_plan_p95_ms": round(route["p95"], 1),
                "route_plan_cpu_p95_ms": round(route["cpu_p95"], 1),
                "screening_households": n,
                "screening_people": persons,
                "screening_s": round(screening_s, 2),
                "screening_income_s": round(income_clock.wall, 2),
                "screening_eligibility_s": round(eligibility_clock.wall, 2),
                "screening_cpu_s": round(screening_cpu, 2),
                "screening_system_s": round(income_clock.system + eligibility_clock.system, 2),
                "screening_page_faults": income_clock.faults + eligibility_clock.faults,
                "screening_load_average_after": round(screening_load, 1),
                "screening_peak_rss_mb": round(engine_peak),
                "openfisca_plain_income_s": round(plain_clock.wall, 2),
                "numpy_income_s": round(numpy_clock.wall, 2),
                "openfisca_vs_numpy": round(ratio, 2),
                "openfisca_vs_numpy_cpu": round(ratio_cpu, 2),
                "disagreements": wrong,
                "disagreements_plain": wrong_plain,
            }
        )
    )
    if wrong or wrong_plain:
        print(
            f"FAILED: the engine and the NumPy reference disagree to the cent on {wrong:,} "
            f"household-months (screening; by figure {per_figure}) and {wrong_plain:,} (plain; "
            f"{per_figure_plain}); e.g. (month, figure, household, engine, NumPy) {examples}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    missing = {name: value for name, value in PROCESS_ENV.items() if name not in os.environ}
    if missing:  # read at process start only: start again with them
        argv = [sys.executable, "-m", "polku.benchmarks.rules_engine", *sys.argv[1:]]
        os.execve(sys.executable, argv, {**os.environ, **missing})  # noqa: S606
    sys.exit(main())
