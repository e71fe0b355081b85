"""Demo outcomes for the follow-up indicators: for clients who entered three months ago or
earlier, the situation recorded at some of the 3-, 6- and 12-month follow-ups (more often in
rehabilitation or still unemployed early, more often in work or education later; now and
then nothing recorded). Deterministic for a seed; idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from polku.clients.models import Client, ClientStatus, NetworkMember, NetworkRole

from .models import OutcomeEvent

EARLY = (
    ("rehabilitation", 30),
    ("unemployed", 35),
    ("education", 10),
    ("pay_subsidised_work", 10),
    ("open_market_work", 5),
    ("pension", 2),
)
LATE = (
    ("open_market_work", 20),
    ("pay_subsidised_work", 18),
    ("education", 15),
    ("rehabilitation", 15),
    ("unemployed", 25),
    ("pension", 5),
)


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def build(*, seed: int, now: dt.datetime | None = None) -> None:
    if OutcomeEvent.objects.exists():
        return
    rng = random.Random(seed + 9)
    today = timezone.localdate(now) if now else timezone.localdate()
    coordinators = dict(
        NetworkMember.objects.filter(role=NetworkRole.COORDINATOR)
        .order_by("started_at")
        .values_list("client_id", "professional_id")
    )
    events = []
    for client_id, created in (
        Client.objects.exclude(status=ClientStatus.INTAKE)
        .order_by("pk")
        .values_list("pk", "created_at")
    ):
        entered = timezone.localtime(created).date()
        by = coordinators.get(client_id)
        if by is None:
            continue
        for months, weights in ((3, EARLY), (6, EARLY), (12, LATE)):
            day = _months_later(entered, months) - dt.timedelta(days=rng.randint(0, 20))
            if day > today or rng.random() < 0.2:
                continue
            kinds, odds = zip(*weights, strict=True)
            kind = rng.choices(kinds, odds)[0]
            events.append(OutcomeEvent(client_id=client_id, kind=kind, date=day, recorded_by_id=by))
    OutcomeEvent.objects.bulk_create(events, batch_size=1000)


def summary() -> str:
    count = OutcomeEvent.objects.count()
    clients = OutcomeEvent.objects.values("client_id").distinct().count()
    return f"Research: {count} outcomes recorded for {clients} clients."
