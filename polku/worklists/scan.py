"""The daily alert scan: every rule over all clients, set-based.

For each rule: the rows for which it holds today (one query), the open alerts of that rule
(one query); new subjects are inserted in bulk, subjects no longer matching are resolved in one
UPDATE, and changed assignees (after a handover) and days the problem began (Alert.since)
are updated. Idempotent: a second run on the
same day inserts nothing and sends nothing (the digest has its own once-a-day log)."""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction
from django.utils import timezone

from .alerts import RULES, Rule
from .models import Alert

BATCH = 2000


def _since(row: dict, today: dt.date) -> dt.date | None:
    """The day the rule's row says its problem began (never after today)."""
    since = row["since"]
    return min(since, today) if since is not None else None


def _reopen_or_create(rule: Rule, rows: list[dict], today: dt.date) -> int:
    """Insert alerts for `rows`; an alert of the same subject resolved earlier today is
    reopened instead (the unique constraint allows one alert per rule, subject and day)."""
    if not rows:
        return 0
    rows_by = {row["subject"]: row for row in rows}
    subjects = list(rows_by)
    resolved_today = set(
        Alert.objects.filter(
            rule=rule.code, subject__in=subjects, raised_on=today, resolved_on__isnull=False
        ).values_list("subject", flat=True)
    )
    for subject in resolved_today:  # few: resolved and holding again the same day
        Alert.objects.filter(rule=rule.code, subject=subject, raised_on=today).update(
            resolved_on=None, since=_since(rows_by[subject], today)
        )
    new = [
        Alert(
            client_id=row["client_id"],
            rule=rule.code,
            subject=row["subject"],
            raised_on=today,
            since=_since(row, today),
            assigned_to_id=row["assigned_to_id"],
        )
        for row in rows
        if row["subject"] not in resolved_today
    ]
    # ignore_conflicts: a concurrent scan that got there first is not an error.
    Alert.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    return len(new) + len(resolved_today)


def _holding(rule: Rule, today: dt.date) -> list[dict]:
    """The rule's rows today. On PostgreSQL without JIT compilation: a rule's correlated
    subqueries (one per client: the coordinator, the days its problem began) give the plan a
    high estimated cost, which made PostgreSQL compile it (inlining, optimisation) for 2–3 s
    at 100 000 clients, as long as or longer than the query itself ran (README, "Alert scan
    at 100 000 clients"). SET LOCAL ends with the transaction; the rows are the same."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        return list(rule.matches(today=today))


def scan_rule(rule: Rule, *, today: dt.date) -> dict:
    started = time.perf_counter()
    holding = {row["subject"]: row for row in _holding(rule, today)}
    query_s = time.perf_counter() - started
    open_alerts = {
        subject: (pk, assignee, since)
        for pk, subject, assignee, since in Alert.objects.filter(
            rule=rule.code, resolved_on__isnull=True
        ).values_list("pk", "subject", "assigned_to_id", "since")
    }
    with transaction.atomic():
        raised = _reopen_or_create(
            rule, [row for subject, row in holding.items() if subject not in open_alerts], today
        )
        gone = [pk for subject, (pk, _a, _s) in open_alerts.items() if subject not in holding]
        for start in range(0, len(gone), BATCH):
            Alert.objects.filter(pk__in=gone[start : start + BATCH]).update(resolved_on=today)
        # Changed assignees (after a handover) and changed days the problem began (a meeting
        # recorded afterwards, an agreement's date moved while it stays overdue).
        changed = [
            Alert(
                pk=pk,
                assigned_to_id=holding[subject]["assigned_to_id"],
                since=_since(holding[subject], today),
            )
            for subject, (pk, assignee, since) in open_alerts.items()
            if subject in holding
            and (
                holding[subject]["assigned_to_id"] != assignee
                or _since(holding[subject], today) != since
            )
        ]
        Alert.objects.bulk_update(changed, ["assigned_to", "since"], batch_size=BATCH)
        moved = [
            subject
            for subject, (_pk, assignee, _s) in open_alerts.items()
            if subject in holding and holding[subject]["assigned_to_id"] != assignee
        ]
    return {
        "rule": rule.code,
        "threshold": rule.threshold,
        "holding": len(holding),
        "raised": raised,
        "resolved": len(gone),
        "reassigned": len(moved),
        "query_ms": round(query_s * 1000, 1),
        "total_ms": round((time.perf_counter() - started) * 1000, 1),
    }


def run_scan(*, today: dt.date | None = None) -> dict:
    """Run every rule; return per-rule figures and totals (JSON-serialisable)."""
    day = today or timezone.localdate()
    started = time.perf_counter()
    results = [scan_rule(rule, today=day) for rule in RULES.values()]
    return {
        "day": day.isoformat(),
        "rules": results,
        "raised": sum(r["raised"] for r in results),
        "resolved": sum(r["resolved"] for r in results),
        "total_ms": round((time.perf_counter() - started) * 1000, 1),
    }
