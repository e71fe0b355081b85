"""Measure the daily alert scan (all rules, polku.worklists) on one database (DATABASE_URL);
print JSON on the last line.

    DATABASE_URL=sqlite:///var/bench-20000.sqlite3 \
        DJANGO_SETTINGS_MODULE=config.settings.development \
        python -m polku.benchmarks.alert_scan 20000

The benchmark data set (`build_benchmark_data`) has clients, networks and consents but no
casework; the first run adds it here, in bulk, once (when there are no meetings yet):
1–3 closed meetings for ~85 % of active clients over the last 180 days, each with 1–2
agreements (some done, some overdue, ~20 % owned by the client) and its next contact (the
latest one open, due in the past or future), and proposed handovers for ~1 % of clients.

Timings: each rule's query alone (median of 3, rows fetched), then the whole scan twice — the
first run raises every alert (the table is emptied first), the second finds nothing new
(idempotency, the daily steady state)."""

import datetime as dt
import json
import random
import statistics
import sys
import time

SEED = 2026
BATCH = 5000


def _seed_casework(today: dt.date) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from polku.accounts.models import User
    from polku.clients.models import ClientStatus, NetworkMember
    from polku.handover.models import Handover
    from polku.meetings.models import Agreement, Meeting, NextContact

    rng = random.Random(SEED)  # noqa: S311 - synthetic data
    seats = list(
        NetworkMember.objects.coordinators()
        .filter(client__status=ClientStatus.ACTIVE)
        .order_by("client_id")
        .values_list("client_id", "professional_id")
    )
    staff = list(
        User.objects.exclude(profession="").exclude(organisation=None).values_list("pk", flat=True)
    )
    tz = timezone.get_current_timezone()

    def moment(day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), tzinfo=tz)

    counts = {"meetings": 0, "agreements": 0, "next_contacts": 0, "handovers": 0}
    for start in range(0, len(seats), BATCH):
        chunk = seats[start : start + BATCH]
        plans = []  # (meeting, coordinator, is_latest)
        for client_id, coordinator_id in chunk:
            if rng.random() < 0.15:
                continue  # no casework yet: no next contact, no contact for a long time
            days = sorted(rng.sample(range(1, 180), rng.randint(1, 3)), reverse=True)
            for n, ago in enumerate(days):
                day = today - dt.timedelta(days=ago)
                plans.append(
                    (
                        Meeting(
                            client_id=client_id,
                            kind="first_joint" if n == 0 else "follow_up",
                            mode=rng.choice(["in_person", "phone", "video"]),
                            starts_at=moment(day, 9 + n),
                            ends_at=moment(day, 10 + n),
                            organiser_id=coordinator_id,
                            status="closed",
                            closed_at=moment(day, 10 + n),
                            closed_by_id=coordinator_id,
                        ),
                        coordinator_id,
                        n == len(days) - 1,
                    )
                )
        with transaction.atomic():
            meetings = Meeting.objects.bulk_create([m for m, _c, _l in plans], batch_size=1000)
            agreements, contacts = [], []
            for meeting, (_m, coordinator_id, latest) in zip(meetings, plans, strict=True):
                held = meeting.starts_at.date()
                for _ in range(rng.randint(1, 2)):
                    due = held + dt.timedelta(days=rng.randint(7, 60))
                    by_client = rng.random() < 0.2
                    done = due < today and rng.random() < 0.75
                    agreements.append(
                        Agreement(
                            meeting_id=meeting.pk,
                            client_id=meeting.client_id,
                            owner_id=None if by_client else coordinator_id,
                            owner_is_client=by_client,
                            what="Benchmark agreement",
                            due_on=due,
                            status="done" if done else "open",
                            done_at=moment(due, 12) if done else None,
                        )
                    )
                due = held + dt.timedelta(days=rng.randint(14, 90))
                contacts.append(
                    NextContact(
                        meeting_id=meeting.pk,
                        client_id=meeting.client_id,
                        contact_by_id=coordinator_id,
                        due_on=due,
                        channel="phone",
                        done_at=None if latest or due >= today else moment(due, 12),
                    )
                )
            Agreement.objects.bulk_create(agreements, batch_size=1000)
            NextContact.objects.bulk_create(contacts, batch_size=1000)
            handovers = []
            for client_id, coordinator_id in chunk:
                if rng.random() < 0.01:
                    receiver = rng.choice(staff)
                    if receiver != coordinator_id:
                        handovers.append(
                            Handover(
                                client_id=client_id,
                                from_coordinator_id=coordinator_id,
                                to_professional_id=receiver,
                                reason="Benchmark",
                                summary="Benchmark",
                                proposed_at=moment(today - dt.timedelta(rng.randint(0, 40)), 9),
                            )
                        )
            Handover.objects.bulk_create(handovers, batch_size=1000)
        counts["meetings"] += len(meetings)
        counts["agreements"] += len(agreements)
        counts["next_contacts"] += len(contacts)
        counts["handovers"] += len(handovers)
    return counts


def main(clients: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from polku.clients.models import Client
    from polku.meetings.models import Agreement, Meeting
    from polku.worklists import scan
    from polku.worklists.alerts import RULES
    from polku.worklists.models import Alert

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if Client.objects.count() < clients:
        call_command("build_benchmark_data", clients=clients, verbosity=0)
    build_s = time.perf_counter() - started
    today = timezone.localdate()
    started = time.perf_counter()
    seeded = None
    if not Meeting.objects.exists():
        seeded = _seed_casework(today)
    seed_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")

    result: dict = {
        "database": connection.vendor,
        "clients in database": Client.objects.count(),
        "active clients": Client.objects.filter(status="active").count(),
        "meetings": Meeting.objects.count(),
        "agreements": Agreement.objects.count(),
        "data build (s)": round(build_s, 1),
        "casework seed (s)": round(seed_s, 1) if seeded else 0,
    }
    for code, rule in RULES.items():
        samples, rows = [], 0
        for _ in range(3):
            t = time.perf_counter()
            rows = len(list(rule.matches(today=today)))
            samples.append(time.perf_counter() - t)
        result[f"rule {code} (ms)"] = round(statistics.median(samples) * 1000, 1)
        result[f"rule {code} rows"] = rows
    Alert.objects.all().delete()
    first = scan.run_scan(today=today)
    second = scan.run_scan(today=today)
    result["scan first run, raises all (ms)"] = first["total_ms"]
    result["alerts raised"] = first["raised"]
    result["scan second run, idempotent (ms)"] = second["total_ms"]
    result["second run raised"] = second["raised"]
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
