"""`make bench`: Polku's benchmarks, printed side by side for each database in one run.

Each database is measured in its own subprocess (`python -m polku.benchmarks.access`), on the
benchmark data set (`build_benchmark_data`, 100 000 clients by default; built once and kept in
var/ for SQLite and in the PostgreSQL database `polku_bench`). Figures only, no timed pass/fail;
a module that fails (the rules engine disagreeing with its NumPy reference) fails make bench.

    BENCH_CLIENTS=20000 make bench       # a smaller data set
    BENCH_DATABASES=sqlite make bench    # one database only
    BENCH_AUDIT_EVENTS=10000000 BENCH_DATABASES=postgresql make bench   # the audit trail
        # at ten million events (built once with COPY, kept; about 5 GB)
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


# Per-database benchmark modules (python -m polku.benchmarks.<name> CLIENTS; the last line of
# stdout is a JSON object of figures), and modules that need no database (same protocol,
# printed in their own table). A module not written yet is left out.
PER_DATABASE = (
    "access",
    "alert_scan",
    "knot_scan",
    "research",
    "catalogue_search",
    "pages",  # the main pages one request at a time: ms / SQL queries / app CPU ms
    "audit_volume",  # PostgreSQL only (prints nothing on SQLite)
)
WITHOUT_DATABASE = ("rules_engine", "knot_analysis")


def _exists(name: str) -> bool:
    return (Path(__file__).parent / f"{name}.py").exists()


def _run(name: str, env: dict[str, str], *, echo: bool = False) -> dict | None:
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-m", f"polku.benchmarks.{name}", str(CLIENTS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        print(out.stdout + out.stderr, file=sys.stderr)
        return None
    lines = out.stdout.strip().splitlines()
    if echo:  # the module's own report, before its JSON line
        print("\n".join(lines[:-1]), file=sys.stderr, flush=True)
    return json.loads(lines[-1])


def main() -> None:
    results: dict[str, dict] = {}
    for label, url in _databases().items():
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "config.settings.development",
            "DEBUG": "false",
        }
        print(f"… measuring on {label} ({CLIENTS} clients)", file=sys.stderr, flush=True)
        for name in PER_DATABASE:
            if _exists(name) and (figures := _run(name, env)) is not None:
                results.setdefault(label, {}).update(figures)
    if not results:
        sys.exit("No database could be measured.")
    labels = list(results)
    metrics = list(dict.fromkeys(m for figures in results.values() for m in figures))
    width = max(len(m) for m in metrics) + 2
    print(f"\nPolku benchmarks — {CLIENTS} clients\n")
    print("metric".ljust(width) + "".join(label.rjust(14) for label in labels))
    for metric in metrics:
        row = "".join(str(results[label].get(metric, "–")).rjust(14) for label in labels)
        print(metric.ljust(width) + row)
    standalone: dict = {}
    failed = []
    for name in WITHOUT_DATABASE:
        if _exists(name):
            print(f"… measuring {name}", file=sys.stderr, flush=True)
            figures = _run(name, {**os.environ, "DJANGO_ENV": "development"}, echo=True)
            if figures is None:
                failed.append(name)
            standalone.update(figures or {})
    if standalone:
        print("\nWithout a database\n")
        width = max(len(m) for m in standalone) + 2
        for metric, value in standalone.items():
            print(metric.ljust(width) + str(value).rjust(14))
    if failed:
        # e.g. the rules engine disagreeing with its NumPy reference: make bench fails.
        sys.exit(f"Benchmarks that failed (their output above): {', '.join(failed)}")


if __name__ == "__main__":
    main()
