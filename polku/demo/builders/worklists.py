"""Demo data: the daily alert scan runs once the demo region is loaded, as the daily task
would have, so the first pages look like a working service — alerts on the worklists and the
team view's clients at risk (polku.worklists.scan)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from polku.worklists.models import Alert
from polku.worklists.scan import run_scan


def build(*, seed: int, now: dt.datetime | None = None) -> None:
    """Idempotent: the scan raises nothing new on a second run the same day."""
    run_scan(today=timezone.localdate(now) if now else None)


def summary() -> str:
    rows = (
        Alert.objects.filter(resolved_on__isnull=True)
        .values("rule")
        .annotate(n=Count("id"))
        .order_by("rule")
        .values_list("rule", "n")
    )
    parts = ", ".join(f"{n} {rule}" for rule, n in rows)
    total = sum(n for _rule, n in rows)
    return f"Alerts: the daily scan ran; {total} open ({parts})."
