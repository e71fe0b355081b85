"""Write a signed checkpoint of the audit chain's head outside the database."""

from django.core.management.base import BaseCommand, CommandParser

from polku.audit.anchors import directory
from polku.audit.tasks import anchor_audit_chain


class Command(BaseCommand):
    help = (
        "Sign the audit chain's head (event id, hash, count, time) into a checkpoint file in "
        "POLKU_AUDIT_ANCHOR_DIR. Run it regularly (e.g. hourly from cron), or with --enqueue "
        "as a background task."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for db_worker instead."
        )

    def handle(self, *args: str, enqueue: bool = False, **options: object) -> None:
        if enqueue:
            self.stdout.write(f"Enqueued {anchor_audit_chain.enqueue().id}")
            return
        result = anchor_audit_chain.call()
        if result["count"] == 0:
            self.stdout.write("The audit chain is empty: no checkpoint written.")
        else:
            self.stdout.write(
                f"Checkpoint written to {directory()}: {result['count']} events, "
                f"head event {result['head_id']}."
            )
