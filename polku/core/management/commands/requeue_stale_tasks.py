import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from polku.core.stale_tasks import requeue_stale_tasks


class Command(BaseCommand):
    help = (
        "Re-queue background tasks left RUNNING past POLKU_TASK_STALE_AFTER_MINUTES by a worker "
        "that died (FAILED after POLKU_TASK_MAX_ATTEMPTS); free screening runs left running. "
        "Run it every few minutes, e.g. from cron."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        self.stdout.write(json.dumps(requeue_stale_tasks(dry_run=dry_run)))
