import time

from django.core.management.base import BaseCommand

from polku.research import selectors
from polku.research.tasks import default_filters


class Command(BaseCommand):
    help = (
        "Compute the dashboard's default views ahead into the cache (the last 12 months, "
        "this month, last month). The web processes answer from it (Redis, POLKU_REDIS_URL, "
        "shared by every process); run nightly."
    )

    def handle(self, *args, **options):
        for filters in default_filters():
            started = time.perf_counter()
            selectors.results(filters, refresh=True)
            self.stdout.write(
                f"{filters.start}–{filters.end}: {time.perf_counter() - started:.2f} s"
            )
