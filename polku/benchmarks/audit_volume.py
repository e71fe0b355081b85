"""The audit trail at volume (issue 20), PostgreSQL only; prints figures, the last line JSON.

    python -m polku.benchmarks.audit_volume [CLIENTS] [--events N] [--writers 16]
        [--appends 150]

On the database of DATABASE_URL (the benchmark data set, `build_benchmark_data`, for its
clients and professionals):

1. appends at 16 concurrent writers (threads, each its own connection, one transaction per
   event as a page view does): the serialised chain as it was before issue 20 (advisory
   lock, read the head, insert chained), the unchained append alone, and the unchained
   append with the sequencer linking meanwhile (then how long until the last is linked);
2. fills the table up to N events (default BENCH_AUDIT_EVENTS or 200 000; `--events
   10000000` for ten million) with COPY, chained as the sequencer chains them, spread over
   the last twelve months' partitions; kept for the next run;
3. times `verify_audit_chain` over them, and the portal's "who has looked at my data" query
   and the per-client queries of the data protection tools, for 40 clients.

Figures only, no pass/fail."""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import threading
import time

BATCH_COPY = 50_000


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return round(statistics.median(ordered) * 1000, 1), round(p95 * 1000, 1)


def _legacy_append(event) -> None:
    """The append before issue 20, for comparison: serialised on the chain's head."""
    from django.db import connection, transaction

    from polku.audit.chain import keyed_hash
    from polku.audit.keys import current_key
    from polku.audit.sequencer import head
    from polku.audit.services import _fields

    key = current_key()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x706F6C6B754175])
        prev = head()[1]  # the last chained event (this mode runs on a settled chain)
        event.prev_hash = prev
        event.key_id = key.id
        event.hash = keyed_hash(key, key.id, prev, _fields(event))
        event.save(force_insert=True)


def _writers(mode: str, writers: int, appends: int, actors: list, clients: list[int]) -> dict:
    from django.db import connections
    from django.utils import timezone

    from polku.audit import services as audit
    from polku.audit.models import Action
    from polku.audit.sequencer import sequence

    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    stop = threading.Event()

    def write(seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 (sampling)
        mine = []
        try:
            for _ in range(appends):
                actor = rng.choice(actors)
                client = rng.choice(clients)
                start = time.perf_counter()
                if mode == "serialised":
                    event = audit._build(
                        actor=actor,
                        action=Action.VIEW,
                        client_id=client,
                        target="client",
                        purpose="bench",
                        request=None,
                        details=None,
                        occurred_at=timezone.now(),
                    )
                    _legacy_append(event)
                else:
                    audit.record(actor=actor, action=Action.VIEW, client=client, target="client")
                mine.append(time.perf_counter() - start)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()
        with lock:
            latencies.extend(mine)

    def sequencer() -> None:
        try:
            while not stop.is_set():
                sequence()
                stop.wait(0.2)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    linker = threading.Thread(target=sequencer) if mode == "with_sequencer" else None
    started = time.perf_counter()
    if linker:
        linker.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    result: dict = {}
    if linker:
        stop.set()
        linker.join()
        settle = time.perf_counter()
        left = sequence()
        result["settle_s"] = round(time.perf_counter() - settle, 2)
        result["left_for_final_pass"] = left.linked
    if errors:
        raise errors[0]
    p50, p95 = _ms(latencies)
    result.update(
        per_s=round(len(latencies) / elapsed), p50_ms=p50, p95_ms=p95, events=len(latencies)
    )
    return result


def _fill(target: int, actors: list, clients: list[int]) -> tuple[int, float]:
    """COPY chained events until the table holds `target`; returns (added, seconds)."""
    from django.db import connection

    from polku.audit.chain import keyed_hash
    from polku.audit.keys import current_key
    from polku.audit.models import AuditEvent
    from polku.audit.sequencer import head, sequence

    sequence()
    have = AuditEvent.objects.count()
    if have >= target:
        return 0, 0.0
    with connection.cursor() as cursor:  # the last twelve months' partitions, as in production
        cursor.execute("SELECT polku_audit_partitions((CURRENT_DATE - 366)::date, 14)")
    started = time.perf_counter()
    key = current_key()
    head_id, prev = head()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM audit_auditevent")
        next_id = max(head_id, cursor.fetchone()[0]) + 1
    missing = target - have
    rng = random.Random(20)  # noqa: S311 (sampling)
    now = dt.datetime.now(dt.UTC)
    first = now - dt.timedelta(days=360)
    # One schedule for the whole target, so that a fill stopped and resumed (each COPY batch
    # commits) keeps occurred_at rising with the id.
    step = (now - dt.timedelta(minutes=5) - first) / target
    columns = (
        "id, occurred_at, actor_id, actor_organisation_id, actor_profession, client_id, "
        "action, target, purpose, method, path, ip_address, details, prev_hash, key_id, hash"
    )
    raw = connection.connection  # psycopg 3
    done = 0
    while done < missing:
        n = min(BATCH_COPY, missing - done)
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY audit_auditevent ({columns}) FROM STDIN") as copy,
        ):
            for i in range(done, done + n):
                actor = rng.choice(actors)
                client = rng.choice(clients)
                row = {
                    "occurred_at": first + step * (have + i),
                    "actor_id": actor.pk,
                    "actor_organisation_id": actor.organisation_id,
                    "actor_profession": actor.profession,
                    "client_id": client,
                    "action": "view",
                    "target": "client",
                    "purpose": "care",
                    "method": "GET",
                    "path": f"/clients/{client}/",
                    "ip_address": "10.0.0.1",
                    "details": {},
                }
                mac = keyed_hash(key, key.id, prev, row)
                copy.write_row(
                    (
                        next_id + i,
                        row["occurred_at"],
                        row["actor_id"],
                        row["actor_organisation_id"],
                        row["actor_profession"],
                        client,
                        "view",
                        "client",
                        "care",
                        "GET",
                        row["path"],
                        "10.0.0.1",
                        "{}",
                        prev,
                        key.id,
                        mac,
                    )
                )
                prev = mac
        raw.commit()
        done += n
        print(f"  … {have + done} events", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), "
            "(SELECT MAX(id) FROM audit_auditevent))"
        )
        cursor.execute("ANALYZE audit_auditevent")
    return missing, time.perf_counter() - started


def _queries(sample: list[int]) -> dict:
    from django.db import reset_queries

    from polku.audit.models import AuditEvent
    from polku.clients.models import Client
    from polku.portal.disclosure import events_for, log

    portal, latest, counted = [], [], []
    for client_id in sample:
        client = Client.objects.get(pk=client_id)
        start = time.perf_counter()
        log(client)
        portal.append(time.perf_counter() - start)
        start = time.perf_counter()
        list(
            AuditEvent.objects.filter(client_id=client_id)
            .select_related("actor")
            .order_by("-occurred_at")[:50]
        )
        latest.append(time.perf_counter() - start)
        start = time.perf_counter()
        events_for(client).count()
        counted.append(time.perf_counter() - start)
        reset_queries()
    return {
        "portal_log": _ms(portal),
        "client_latest_50": _ms(latest),
        "client_count": _ms(counted),
    }


def _explain(client_id: int) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF, TIMING OFF, SUMMARY OFF) "
            "SELECT id, occurred_at FROM audit_auditevent WHERE client_id = %s "
            "AND actor_id IS NOT NULL ORDER BY occurred_at DESC LIMIT 50",
            [client_id],
        )
        plan = [row[0] for row in cursor.fetchall()]
    scans = [line.strip() for line in plan if "Scan" in line]
    return f"{len(scans)} scans, e.g. {scans[0] if scans else plan[0]}"


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("clients", nargs="?", type=int, default=100_000)
    parser.add_argument(
        "--events", type=int, default=int(os.environ.get("BENCH_AUDIT_EVENTS", "200000"))
    )
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--appends", type=int, default=150, help="per writer and mode")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("audit_volume: PostgreSQL only", file=sys.stderr)
        print(json.dumps({}))
        return
    settings.DEBUG = False
    from polku.accounts.models import User
    from polku.audit.sequencer import add_partitions, sequence
    from polku.audit.verification import verify_stored_chain
    from polku.clients.models import Client

    call_command("migrate", verbosity=0)
    if Client.objects.count() < args.clients:
        call_command("build_benchmark_data", clients=args.clients, verbosity=0)
    add_partitions()
    actors = list(User.objects.exclude(organisation=None).order_by("pk")[:500])
    clients = list(Client.objects.order_by("pk").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size_before = cursor.fetchone()[0]
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", file=sys.stderr)

    sequence()
    figures: dict = {}
    for mode in ("serialised", "unchained", "with_sequencer"):
        result = _writers(mode, args.writers, args.appends, actors, clients)
        print(f"{mode:>15}: {result}", file=sys.stderr, flush=True)
        figures[mode] = result

    added, fill_s = _fill(args.events, actors, clients)
    if added:
        print(f"filled {added} events in {fill_s:.0f} s", file=sys.stderr)
    started = time.perf_counter()
    verdict = verify_stored_chain()
    verify_s = time.perf_counter() - started
    print(
        f"verify: {verdict.checked} events in {verify_s:.1f} s "
        f"({verify_s / max(verdict.checked, 1) * 1e6:.1f} µs per event), intact "
        f"{verdict.intact}; load average {_load()}",
        file=sys.stderr,
    )
    sample = random.Random(7).sample(clients, min(40, len(clients)))  # noqa: S311
    queries = _queries(sample)
    print(
        f"queries: {queries}; plan: {_explain(sample[0])}; load average {_load()}",
        file=sys.stderr,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size_after = cursor.fetchone()[0]
    load_after = os.getloadavg()
    n = verdict.checked
    out = {
        f"audit {args.writers} writers, serialised chain /s (p95 ms)": (
            f"{figures['serialised']['per_s']} ({figures['serialised']['p95_ms']})"
        ),
        f"audit {args.writers} writers, unchained append /s (p95 ms)": (
            f"{figures['unchained']['per_s']} ({figures['unchained']['p95_ms']})"
        ),
        f"audit {args.writers} writers, append + sequencer /s (p95 ms)": (
            f"{figures['with_sequencer']['per_s']} ({figures['with_sequencer']['p95_ms']})"
        ),
        f"audit verify_audit_chain, {n} events (s)": round(verify_s, 1),
        f"audit portal log, {n} events, p50/p95 ms": "/".join(map(str, queries["portal_log"])),
        f"audit client's latest 50, {n} events, p50/p95 ms": "/".join(
            map(str, queries["client_latest_50"])
        ),
        f"audit client's count, {n} events, p50/p95 ms": "/".join(
            map(str, queries["client_count"])
        ),
    }
    print(
        f"database {size_before} → {size_after}; load average after "
        f"{load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}",
        file=sys.stderr,
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
