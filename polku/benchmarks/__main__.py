"""`make bench`: Polku's benchmarks, printed side by side for each database in one run.

Each database is measured in its own subprocess (`python -m polku.benchmarks.access`), on the
benchmark data set (`build_benchmark_data`, 100 000 clients by default; built once and kept in
var/ for SQLite and in the PostgreSQL database `polku_bench`). Figures only: no pass/fail.

    BENCH_CLIENTS=20000 make bench       # a smaller data set
    BENCH_DATABASES=sqlite make bench    # one database only
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "100000"))
PG_SERVER = os.environ.get("POLKU_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")


def _databases() -> dict[str, str]:
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    found = {}
    if "sqlite" in wanted:
        (ROOT / "var").mkdir(exist_ok=True)
        found["sqlite"] = f"sqlite:///{ROOT / 'var' / f'bench-{CLIENTS}.sqlite3'}"
    if "postgresql" in wanted:
        try:
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True, connect_timeout=3) as c:
                name = f"polku_bench_{CLIENTS}"
                exists = c.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if not exists:
                    c.execute(f'CREATE DATABASE "{name}"')
            found["postgresql"] = PG_SERVER + name
        except Exception as error:
            print(f"PostgreSQL skipped: {error}", file=sys.stderr)
    return found


def main() -> None:
    results = {}
    for label, url in _databases().items():
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "config.settings.development",
            "DEBUG": "false",
        }
        print(f"… measuring on {label} ({CLIENTS} clients)", file=sys.stderr, flush=True)
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "polku.benchmarks.access", str(CLIENTS)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            print(out.stdout + out.stderr, file=sys.stderr)
            continue
        results[label] = json.loads(out.stdout.strip().splitlines()[-1])
        scan = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "polku.benchmarks.alert_scan", str(CLIENTS)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if scan.returncode != 0:
            print(scan.stdout + scan.stderr, file=sys.stderr)
        else:
            results[label].update(json.loads(scan.stdout.strip().splitlines()[-1]))
    if not results:
        sys.exit("No database could be measured.")
    labels = list(results)
    metrics = list(next(iter(results.values())))
    width = max(len(m) for m in metrics) + 2
    print(f"\nPolku benchmarks — {CLIENTS} clients\n")
    print("metric".ljust(width) + "".join(label.rjust(14) for label in labels))
    for metric in metrics:
        row = "".join(str(results[label].get(metric, "–")).rjust(14) for label in labels)
        print(metric.ljust(width) + row)


if __name__ == "__main__":
    main()
