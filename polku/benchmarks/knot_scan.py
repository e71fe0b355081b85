"""Measure the knot scan (every client's knot analysed, polku.knots.scan) and the knots'
research indicators on one database (DATABASE_URL); print JSON on the last line.

    DATABASE_URL=sqlite:///var/bench-20000.sqlite3 \
        DJANGO_SETTINGS_MODULE=config.settings.development \
        python -m polku.benchmarks.knot_scan 20000

The benchmark data set has no applications; the first run adds them here, in bulk, once:
~30 % of active clients get 1–5 applications from the catalogue's benefits (some decided),
each open one 0–3 blockers (a decision blocker waits for an earlier application; ~1 % of
knots get a true deadlock).

Timings: the scan twice (median), and the knots' indicators over the last 12 months."""

import datetime as dt
import json
import random
import statistics
import sys
import time

SEED = 2027
BATCH = 5000
KINDS = ["further_information", "client_action", "statement", "meeting"]


def _seed_applications(today: dt.date) -> dict:
    from django.db import transaction

    from polku.accounts.models import User
    from polku.catalogue import loader
    from polku.catalogue.models import Service
    from polku.clients.models import Client, ClientStatus
    from polku.knots.models import Application, Blocker

    if not Service.objects.exists():
        loader.load()
    services = list(Service.objects.filter(kind="benefit").values_list("pk", flat=True))
    staff = list(
        User.objects.exclude(profession="").exclude(organisation=None).values_list("pk", flat=True)
    )
    rng = random.Random(SEED)  # noqa: S311 - synthetic data
    clients = list(
        Client.objects.filter(status=ClientStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    counts = {"applications": 0, "blockers": 0}
    for start in range(0, len(clients), BATCH):
        with transaction.atomic():
            apps: list[Application] = []
            for client_id in clients[start : start + BATCH]:
                if rng.random() >= 0.3:
                    continue
                for service_id in rng.sample(services, rng.randint(1, 5)):
                    submitted = today - dt.timedelta(days=rng.randint(5, 200))
                    decided = rng.random() < 0.4
                    apps.append(
                        Application(
                            client_id=client_id,
                            service_id=service_id,
                            status="decided_granted"
                            if decided
                            else rng.choice(
                                ["pending", "further_information_requested", "submitted"]
                            ),
                            submitted=submitted,
                            decision_date=(
                                min(today, submitted + dt.timedelta(days=rng.randint(5, 60)))
                                if decided
                                else None
                            ),
                            created_by_id=rng.choice(staff),
                        )
                    )
            Application.objects.bulk_create(apps, batch_size=1000)
            by_client: dict[int, list[Application]] = {}
            for app in apps:
                by_client.setdefault(app.client_id, []).append(app)
            blockers = []
            for knot in by_client.values():
                open_apps = [a for a in knot if a.decision_date is None]
                for n, app in enumerate(open_apps):
                    for _ in range(rng.randint(0, 3)):
                        if n and rng.random() < 0.4:
                            blockers.append(
                                Blocker(
                                    application=app, kind="decision", waits_for=open_apps[n - 1]
                                )
                            )
                        else:
                            blockers.append(
                                Blocker(application=app, kind=rng.choice(KINDS), what="Liite")
                            )
                if len(open_apps) >= 2 and rng.random() < 0.01:  # a true deadlock
                    blockers.append(
                        Blocker(application=open_apps[0], kind="decision", waits_for=open_apps[-1])
                    )
            Blocker.objects.bulk_create(blockers, batch_size=1000)
            counts["applications"] += len(apps)
            counts["blockers"] += len(blockers)
    return counts


def main(clients: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from polku.clients.models import Client
    from polku.knots import indicators, scan
    from polku.knots.models import Application, Blocker

    call_command("migrate", verbosity=0)
    if Client.objects.count() < clients:
        call_command("build_benchmark_data", clients=clients, verbosity=0)
    today = timezone.localdate()
    started = time.perf_counter()
    seeded = None
    if not Application.objects.exists():
        seeded = _seed_applications(today)
    seed_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "PRAGMA optimize")

    samples, found = [], None
    for _ in range(3):
        t = time.perf_counter()
        found = scan.scan(today=today)
        samples.append(time.perf_counter() - t)
    assert found is not None
    t = time.perf_counter()
    figures = indicators.figures(
        today - dt.timedelta(days=365), today, deadlocked_clients_now=len(found.deadlocked)
    )
    indicators_s = time.perf_counter() - t
    result = {
        "database": connection.vendor,
        "clients in database": Client.objects.count(),
        "applications": Application.objects.count(),
        "blockers": Blocker.objects.count(),
        "seed (s)": round(seed_s, 1) if seeded else 0,
        "knot scan (s)": round(statistics.median(samples), 2),
        "clients with open applications": found.clients,
        "clients with a deadlock": len(found.deadlocked),
        "clients with an overdue application": len(found.overdue),
        "knot indicators, 12 months (s)": round(indicators_s, 2),
        "median days first pending → last decision": figures[
            "first_pending_to_last_decision_median_days"
        ],
    }
    for name, value in result.items():
        print(f"{name}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
