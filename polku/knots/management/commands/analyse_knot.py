"""`python manage.py analyse_knot FILE.json [--today YYYY-MM-DD]`: the knot analysis as JSON.

Input: {"applications": [{"id", "status", "submitted"?, "expected_days"?}], "blockers":
[{"id", "application", "kind", "waits_for"? (kind "decision"), "owner"?, "due"?}]}.
Output: {"deadlocks", "order", "critical_path", "critical_path_days", "overdue"}.

Bad input (a file that is not JSON or not UTF-8, too big, nested too deep, numbers beyond
±10^15, more than MAX_APPLICATIONS applications or MAX_BLOCKERS blockers, unknown values) is
refused with one message naming the field, exit status 2 (polku.core.jsoninput)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from polku.core import jsoninput
from polku.knots.analysis import analyse
from polku.knots.knot_input import MAX_BYTES, KnotInputError, parse


class Command(BaseCommand):
    help = "Analyse a benefit knot given as JSON (deadlocks, order, critical path)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file, or - for standard input")
        parser.add_argument("--today", help="the day to measure waiting from (YYYY-MM-DD)")

    def handle(self, *args, file, today, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise jsoninput.command_error(f"--today: expected YYYY-MM-DD, got {today!r}") from error
        try:
            document = jsoninput.read(file, max_bytes=MAX_BYTES)
        except jsoninput.JSONInputError as error:
            raise jsoninput.command_error(error) from None
        try:
            applications, blockers = parse(document)
        except KnotInputError as error:
            raise jsoninput.command_error("\n".join(error.problems)) from error
        result = analyse(applications, blockers, day)
        self.stdout.write(jsoninput.dumps(result.as_dict(), ensure_ascii=False, indent=2))
