"""The knot scan: every client's knot analysed in one pass over the database (two queries of
plain columns, then the pure analysis per client). Used by the research indicators
(deadlocked clients now) and measured over the 100 000-client benchmark set (make bench)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from . import analysis
from .models import Application, Blocker
from .selectors import fallbacks


@dataclass
class ScanResult:
    clients: int = 0  # clients with at least one open application
    deadlocked: list[int] = field(default_factory=list)  # client ids
    overdue: list[int] = field(default_factory=list)  # client ids with an overdue application
    open_blockers: int = 0


def scan(client_ids: Iterable[int] | None = None, today: dt.date | None = None) -> ScanResult:
    today = today or timezone.localdate()
    open_apps = Application.objects.exclude(status__in=analysis.CLOSED)
    if client_ids is not None:
        open_apps = open_apps.filter(client_id__in=client_ids)
    applications: dict[int, list[analysis.Application]] = defaultdict(list)
    table = fallbacks()  # the stated yardstick where a target time is unknown
    for pk, client_id, status, submitted, days, provider, kind in open_apps.values_list(
        "pk",
        "client_id",
        "status",
        "submitted",
        "service__processing_time_days",
        "service__provider_id",
        "service__kind",
    ).iterator(chunk_size=5000):
        fallback = table.get((provider, kind)) if days is None else None
        applications[client_id].append(
            analysis.Application(
                str(pk), status, submitted, days, fallback.days if fallback else None
            )
        )
    blockers: dict[int, list[analysis.Blocker]] = defaultdict(list)
    for pk, application_id, client_id, kind, waits_for in (
        Blocker.objects.filter(resolved_at__isnull=True, application__in=open_apps)
        .exclude(kind="decision", waits_for__status__in=analysis.CLOSED)  # decided: no wait
        .values_list("pk", "application_id", "application__client_id", "kind", "waits_for_id")
        .iterator(chunk_size=5000)
    ):
        blockers[client_id].append(
            analysis.Blocker(
                str(pk), str(application_id), kind, waits_for=str(waits_for) if waits_for else None
            )
        )
    result = ScanResult()
    for client_id in sorted(applications):
        found = analysis.analyse(applications[client_id], blockers.get(client_id, []), today)
        result.clients += 1
        result.open_blockers += len(found.order)
        if found.deadlocks:
            result.deadlocked.append(client_id)
        if found.overdue:
            result.overdue.append(client_id)
    return result
