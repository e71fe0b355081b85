"""Measure the research indicators over the benchmark data set on one database (DATABASE_URL);
print JSON on the last line.

    DATABASE_URL=sqlite:///var/bench-20000.sqlite3 \
        DJANGO_SETTINGS_MODULE=config.settings.development \
        python -m polku.benchmarks.research 20000

The first run adds casework (polku.benchmarks.alert_scan), applications and blockers
(polku.benchmarks.knot_scan) and outcomes (the research demo) where there are none. Then:
every indicator for the last 12 months computed cold (each alone, and all together as the
dashboard does, sharing the loaded frames), and the dashboard's answer from the cache."""

import datetime as dt
import json
import sys
import time


def main(clients: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from polku.benchmarks.alert_scan import _seed_casework
    from polku.benchmarks.knot_scan import _seed_applications
    from polku.clients.models import Client
    from polku.demo.builders import research as demo
    from polku.knots.models import Application
    from polku.meetings.models import Meeting
    from polku.research import indicators, selectors
    from polku.research.frames import Filters
    from polku.research.models import OutcomeEvent

    call_command("migrate", verbosity=0)
    if Client.objects.count() < clients:
        call_command("build_benchmark_data", clients=clients, verbosity=0)
    today = timezone.localdate()
    started = time.perf_counter()
    if not Meeting.objects.exists():
        _seed_casework(today)
    if not Application.objects.exists():
        _seed_applications(today)
    if not OutcomeEvent.objects.exists():
        demo.build(seed=2026)
    seed_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "PRAGMA optimize")

    filters = Filters(start=today - dt.timedelta(days=365), end=today)
    result: dict = {
        "database": connection.vendor,
        "clients in database": Client.objects.count(),
        "meetings": Meeting.objects.count(),
        "outcomes": OutcomeEvent.objects.count(),
        "seed (s)": round(seed_s, 1),
    }
    for key in indicators.REGISTRY:
        t = time.perf_counter()
        indicators.compute(key, filters)
        result[f"{key} alone (s)"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    selectors.results(filters, refresh=True)
    result["all indicators, cold (s)"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    selectors.results(filters)
    result["all indicators, from the cache (ms)"] = round((time.perf_counter() - t) * 1000, 1)
    region = Client.objects.exclude(municipality="").values_list("municipality", flat=True).first()
    t = time.perf_counter()
    indicators.compute_all(
        Filters(start=filters.start, end=filters.end, region=region or "", age_band="30_49")
    )
    result["all indicators, one municipality and age band, cold (s)"] = round(
        time.perf_counter() - t, 2
    )
    for name, value in result.items():
        print(f"{name}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
