"""`python manage.py analyse_knot FILE.json [--today YYYY-MM-DD]`: the knot analysis as JSON.

Input: {"applications": [{"id", "status", "submitted"?, "expected_days"?}], "blockers":
[{"id", "application", "kind", "waits_for"? (kind "decision"), "owner"?, "due"?}]}.
Output: {"deadlocks", "order", "critical_path", "critical_path_days", "overdue"}."""

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from polku.knots.analysis import analyse
from polku.knots.knot_input import KnotInputError, parse


class Command(BaseCommand):
    help = "Analyse a benefit knot given as JSON (deadlocks, order, critical path)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file, or - for standard input")
        parser.add_argument("--today", help="the day to measure waiting from (YYYY-MM-DD)")

    def handle(self, *args, file, today, **options):
        try:
            handle = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
            with handle:
                document = json.load(handle)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from error
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--today: expected YYYY-MM-DD, got {today!r}") from error
        try:
            applications, blockers = parse(document)
        except KnotInputError as error:
            raise CommandError("\n".join(error.problems)) from error
        result = analyse(applications, blockers, day)
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
