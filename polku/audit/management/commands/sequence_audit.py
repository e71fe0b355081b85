"""Link the audit events appended since the last run into the keyed chain (the sequencer)."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from polku.audit.tasks import sequence_audit


class Command(BaseCommand):
    help = (
        "Link the audit events appended since the last run into the keyed hash chain, in id "
        "order, in batches (polku.audit.sequencer). Run it every minute from cron with "
        "--enqueue, or as a process of its own with --every SECONDS; several at once are safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for db_worker instead."
        )
        parser.add_argument(
            "--every",
            type=float,
            default=None,
            metavar="SECONDS",
            help="Keep running, one pass every SECONDS (stop with Ctrl-C or SIGTERM).",
        )

    def handle(
        self, *args: str, enqueue: bool = False, every: float | None = None, **options: object
    ) -> None:
        if enqueue:
            self.stdout.write(f"Enqueued {sequence_audit.enqueue().id}")
            return
        if every is not None and every <= 0:
            raise CommandError("--every needs a positive number of seconds.")
        while True:
            result = sequence_audit.call()
            self._report(result, loud=every is None)
            if every is None:
                return
            time.sleep(every)

    def _report(self, result: dict, *, loud: bool) -> None:
        if result["stopped_at"] is not None:
            raise CommandError(
                f"Sequencing stopped at event {result['stopped_at']}: "
                f"{result['stopped_reason']}. Investigate with `manage.py verify_audit_chain`."
            )
        if result["busy"]:
            self.stderr.write("Long transactions are appending events: try again shortly.")
        elif loud or result["linked"]:
            self.stdout.write(
                f"Linked {result['linked']} events in {result['batches']} batches; "
                f"{result['waiting']} waiting."
            )
