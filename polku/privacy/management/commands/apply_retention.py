"""Anonymise or delete what has passed its retention period (POLKU_RETENTION), or with
--dry-run only report what would be done."""

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from polku.privacy import retention
from polku.privacy.tasks import apply_retention

KIND_NAMES = {
    "client_records": "Client records",
    "consents": "Consents",
    "health_notes": "Health-related notes",
    "audit_events": "Audit events",
    "research_extracts": "Research extracts",
}
UNITS = {
    "client_records": "clients",
    "consents": "consents",
    "health_notes": "assessments' health notes",
    "audit_events": "events",
    "research_extracts": "exports' files",
}


def date_fi(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


VERBS = {
    "anonymise": ("would be anonymised", "anonymised"),
    "delete": ("would be deleted", "deleted"),
}


def format_report(report: retention.RunReport) -> list[str]:
    title = "Retention dry run" if report.dry_run else "Retention run"
    note = " (nothing changed)" if report.dry_run else ""
    lines = [f"{title} on {date_fi(report.today)}{note}"]
    for kind in report.kinds:
        would, did = VERBS[kind.action]
        if kind.not_done_reason:
            verb = f"past the period, {kind.not_done_reason}"
        else:
            verb = would if report.dry_run else did
        oldest = f"; the oldest from {date_fi(kind.oldest)}" if kind.oldest else ""
        lines.append(
            f"- {KIND_NAMES[kind.kind]} (kept {kind.years} years, expired before "
            f"{date_fi(kind.cutoff)}): {kind.count} {UNITS[kind.kind]} {verb}{oldest}"
            f"{_records_details(kind)}"
        )
    return lines


def _records_details(kind: retention.KindReport) -> str:
    if kind.kind != "client_records":
        return ""
    referrals = kind.details.get("referrals_without_case", 0)
    held = kind.details.get("held_for_consents", 0)
    return (
        f"; and {referrals} referrals that never became a case; {held} clients past the period "
        "kept until their consents' period ends"
    )


class Command(BaseCommand):
    help = (
        "Anonymise or delete what has passed its retention period (POLKU_RETENTION), in one "
        "transaction, audited. --dry-run reports what would be done and changes nothing; "
        "--enqueue queues the run for db_worker (run it nightly from cron)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; change nothing."
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the run for db_worker instead."
        )

    def handle(
        self, *args: Any, dry_run: bool = False, enqueue: bool = False, **options: Any
    ) -> None:
        if dry_run and enqueue:
            raise CommandError("Choose either --dry-run or --enqueue.")
        if enqueue:
            self.stdout.write(f"Enqueued {apply_retention.enqueue().id}")
            return
        try:
            report = retention.dry_run() if dry_run else retention.apply_retention()
        except retention.RetentionSettingError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("\n".join(format_report(report)))
