"""Benchmark of the knot analysis (no database): one client with 200 applications and
1 000 blockers, random but reproducible, analysed repeatedly. Figures only; the last line is
a JSON object (polku.benchmarks protocol)."""

import datetime as dt
import json
import random
import time

import numpy as np

from polku.knots.analysis import Application, Blocker, analyse

TODAY = dt.date(2026, 11, 23)
KINDS = ["decision", "further_information", "client_action", "statement", "meeting"]


def knot(rng: random.Random, applications: int = 200, blockers: int = 1000):
    apps = [
        Application(
            f"a{i}",
            rng.choice(["pending", "submitted", "further_information_requested"]),
            TODAY - dt.timedelta(rng.randint(0, 120)),
            rng.randint(7, 60),
        )
        for i in range(applications)
    ]
    found = []
    for k in range(blockers):
        kind = rng.choice(KINDS)
        owner = rng.randrange(applications)
        # decisions mostly wait for earlier applications (a deep DAG), a few for later (cycles)
        target = (
            rng.randrange(owner) if owner and rng.random() < 0.97 else rng.randrange(applications)
        )
        found.append(
            Blocker(
                f"b{k}", f"a{owner}", kind, waits_for=f"a{target}" if kind == "decision" else None
            )
        )
    return apps, found


def main() -> None:
    apps, blockers = knot(random.Random(20261123))  # noqa: S311 - synthetic data
    result = analyse(apps, blockers, TODAY)
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        analyse(apps, blockers, TODAY)
        timings.append((time.perf_counter() - start) * 1000)
    p50, p95 = np.percentile(timings, 50), np.percentile(timings, 95)
    print(
        f"knot of 200 applications and 1 000 blockers: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"({len(result.deadlocks)} deadlocks, critical path of {len(result.critical_path)})"
    )
    print(
        json.dumps({"knot_analysis_p50_ms": round(p50, 1), "knot_analysis_p95_ms": round(p95, 1)})
    )


if __name__ == "__main__":
    main()
