"""Measure the PTV sync and a map search over its entries; print JSON on the last line.

    python -m polku.benchmarks.ptv_sync [SERVICES]

Writes saved PTV responses for about SERVICES services (default 10 000) with their channels
and organizations into a temporary folder (polku.catalogue.ptv.samples), migrates a fresh
SQLite database in a temporary folder, runs the first (full) sync from the folder, a second
run over the same responses (idempotent: nothing written), and the everyday map searches of
tests/catalogue/search_recall.py over the result. Figures only."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 10000
    if os.environ.get("POLKU_PTV_BENCH_CHILD") != "1":
        with tempfile.TemporaryDirectory(prefix="polku-ptv-bench-") as tmp:
            env = {
                **os.environ,
                "POLKU_PTV_BENCH_CHILD": "1",
                "POLKU_PTV_BENCH_DIR": tmp,
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "DJANGO_ENV": "development",
                "DJANGO_SETTINGS_MODULE": "config.settings.development",
            }
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
            )
            out = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "polku.benchmarks.ptv_sync", str(wanted)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            print(out.stdout.strip())
        return
    import django

    django.setup()
    from polku.catalogue.models import SearchTerm, Service, ServiceChannel
    from polku.catalogue.ptv import client, regions, samples, sync
    from polku.catalogue.search import search
    from tests.catalogue.search_recall import QUERIES

    folder = Path(os.environ["POLKU_PTV_BENCH_DIR"]) / "saved"
    municipalities = regions.COUNTIES["etela-pohjanmaa"]
    per_copy = len(samples.MUNICIPAL) * len(municipalities)
    copies = max(1, round(wanted / per_copy))
    start = time.perf_counter()
    count = samples.write(folder, municipalities, copies, compress=False)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    report = sync.run(client.PtvClient(client.FolderTransport(folder)), list(municipalities))
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = sync.run(
        client.PtvClient(client.FolderTransport(folder)), list(municipalities), full=True
    )
    second = time.perf_counter() - start
    times = []
    for query, language, _ in QUERIES:
        begin = time.perf_counter()
        search(query, language=language)
        times.append(time.perf_counter() - begin)
    figures = {
        "ptv sync: services in the saved responses": count,
        "ptv sync: channels": ServiceChannel.objects.count(),
        "ptv sync: writing the responses (s)": round(generated, 1),
        "ptv sync: first run (s)": round(first, 1),
        "ptv sync: created": report.created,
        "ptv sync: refused": len(report.refused),
        "ptv sync: second run, nothing changed (s)": round(second, 1),
        "ptv sync: second run, unchanged": again.unchanged,
        "map search over them: entries": Service.objects.count(),
        "map search over them: index terms": SearchTerm.objects.count(),
        "map search over them: query (ms, median)": round(statistics.median(times) * 1000, 1),
        "map search over them: query (ms, max)": round(max(times) * 1000, 1),
    }
    for name, value in figures.items():
        print(f"{name}: {value}", file=sys.stderr)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
