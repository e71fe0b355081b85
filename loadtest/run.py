"""`make loadtest`: prepare the sign-ins (loadtest/prepare.py), run locust headless against a
running `make serve`, then print one line per page — requests, p50, p95, failures — and the
load average measured while it ran. Figures only: nothing passes or fails on a time.

    LOADTEST_HOST=http://127.0.0.1:8000  LOADTEST_USERS=20  LOADTEST_SPAWN_RATE=2
    LOADTEST_TIME=3m  LOADTEST_THINK_MIN=2  LOADTEST_THINK_MAX=5
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "loadtest"


def _sampled_load(stop: threading.Event, samples: list[float]) -> None:
    while not stop.wait(5):
        samples.append(os.getloadavg()[0])


def main() -> None:
    host = os.environ.get("LOADTEST_HOST", "http://127.0.0.1:8000")
    users = int(os.environ.get("LOADTEST_USERS", "20"))
    rate = os.environ.get("LOADTEST_SPAWN_RATE", "2")
    duration = os.environ.get("LOADTEST_TIME", "3m")
    # Sign-ins for every simulated person (a professional or manager may be used by several).
    subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, str(ROOT / "loadtest" / "prepare.py"), str(users), "10", str(users)],
        cwd=ROOT,
        env={"DJANGO_ENV": "development", "DEBUG": "false", **os.environ},
        check=True,
    )
    samples: list[float] = []
    stop = threading.Event()
    sampler = threading.Thread(target=_sampled_load, args=(stop, samples), daemon=True)
    sampler.start()
    started = time.monotonic()
    prefix = OUT / "run"
    locust = [
        str(Path(sys.executable).with_name("locust")),
        "--locustfile", str(ROOT / "loadtest" / "locustfile.py"),
        "--headless", "--only-summary",
        "--users", str(users), "--spawn-rate", rate, "--run-time", duration,
        "--host", host, "--csv", str(prefix), "--stop-timeout", "10",
    ]  # fmt: skip
    result = subprocess.run(locust, cwd=ROOT, check=False, capture_output=True, text=True)  # noqa: S603
    stop.set()
    elapsed = time.monotonic() - started
    stats = prefix.with_name("run_stats.csv")
    if not stats.exists():
        sys.exit(f"locust wrote no figures:\n{result.stdout}\n{result.stderr}")
    rows = [r for r in csv.DictReader(stats.open()) if r["Name"] != "Aggregated"]
    rows.sort(key=lambda r: (r["Name"].startswith("sign in"), r["Name"]))
    low, high = os.environ.get("LOADTEST_THINK_MIN", "2"), os.environ.get("LOADTEST_THINK_MAX", "5")
    print(f"\nPolku load test: {users} users, think time {low}–{high} s, {elapsed:.0f} s, {host}\n")
    print(f"{'page':<24}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'failures':>10}")
    for row in rows:
        print(
            f"{row['Name']:<24}{row['Request Count']:>10}{row['50%']:>10}{row['95%']:>10}"
            f"{row['Failure Count']:>10}"
        )
    if samples:
        print(
            f"\nload average (1 min) while measuring: min {min(samples):.2f}, "
            f"mean {sum(samples) / len(samples):.2f}, max {max(samples):.2f} "
            f"on {os.cpu_count()} cores"
        )
    failures = prefix.with_name("run_failures.csv")
    if failures.exists():
        lines = failures.read_text().strip().splitlines()[1:6]
        if lines:
            print("\nfirst failures (var/loadtest/run_failures.csv):\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
