import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from polku.worklists.tasks import daily_alert_scan


class Command(BaseCommand):
    help = "Enqueue the daily alert scan and e-mail digests (run it once a day, e.g. from cron)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Run in this process instead of enqueueing."
        )

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        if now:
            self.stdout.write(json.dumps(daily_alert_scan.call()))
        else:
            result = daily_alert_scan.enqueue()
            self.stdout.write(f"Enqueued {result.id}")
