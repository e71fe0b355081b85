"""`python manage.py build_benchmark_data [--clients 100000]`: a large synthetic data set.

Uses the demo generator. The database is topped up to --clients clients, so running it
again adds nothing; the client-facing staff is scaled to about --caseload clients each.
Every batch commits on its own, so progress is kept if the run is interrupted."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from polku.accounts.models import User
from polku.clients.models import Client, Consent, NetworkMember
from polku.demo import generator

from ._common import refuse_outside_demo


class Command(BaseCommand):
    help = "Build a large synthetic data set for benchmarks (top up to --clients clients)."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=100_000, help="Target client count.")
        parser.add_argument("--batch-size", type=int, default=2000, help="Clients per batch.")
        parser.add_argument(
            "--caseload",
            type=int,
            default=generator.BENCHMARK_CASELOAD,
            help="Clients per client-facing professional when scaling the staff up.",
        )
        parser.add_argument("--seed", type=int, default=generator.DEFAULT_SEED, help="Random seed.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Build even though neither demo mode nor DEBUG is on.",
        )

    def handle(self, *args, clients, batch_size, caseload, seed, force, **options):
        refuse_outside_demo(force)
        if connection.vendor == "sqlite":
            # A larger page cache for this connection only: the random-order indexes
            # (hetu_hash, network rows by professional) otherwise thrash SQLite's default 2 MB.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")  # KiB, i.e. 256 MB
        started = time.perf_counter()

        def progress(stats: generator.GenerationStats, total: int) -> None:
            rate = stats.clients / stats.seconds if stats.seconds else 0.0
            self.stdout.write(
                f"  {stats.clients:>7} / {total} clients  "
                f"{stats.seconds:6.1f} s  ({rate:,.0f} clients/s)"
            )

        self.stdout.write(f"Building benchmark data up to {clients} clients …")
        stats = generator.build_benchmark_data(
            clients=clients,
            seed=seed,
            caseload=caseload,
            batch_size=batch_size,
            progress=progress,
        )
        # Fresh statistics and visibility maps, as autovacuum would leave them on a running
        # server (the planner otherwise guesses the new tables empty, and no index-only scan
        # is possible): the page figures are measured against these. VACUUM cannot run in a
        # transaction (a test's), ANALYZE can.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        elapsed = time.perf_counter() - started
        if stats.clients == 0:
            self.stdout.write(f"The database already has at least {clients} clients.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {elapsed:.1f} s: added {stats.clients} clients, "
                f"{stats.memberships} network rows, {stats.consents} consents. "
                f"Totals: {Client.objects.count()} clients, "
                f"{NetworkMember.objects.count()} network rows, "
                f"{Consent.objects.count()} consents, "
                f"{User.objects.exclude(profession='').count()} professionals."
            )
        )
