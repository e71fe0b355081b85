"""Demo data, after every module that gives work: the handovers met with the client and
waiting for acceptance have all of the leaving coordinator's open work settled — also the
plan steps and agreements that later demo modules (the research pilot, the route plans) gave
her after the handover was met. As in the product, new open work must be settled too before
the receiver can accept (polku.handover.services.accept_handover)."""

from __future__ import annotations

import datetime as dt

from polku.demo.builders.handover import settle_open_work
from polku.handover.models import Handover, HandoverStatus
from polku.handover.services import unsettled
from polku.meetings.models import MeetingStatus


def _met():
    return (
        Handover.objects.filter(
            status=HandoverStatus.PROPOSED, meeting__status=MeetingStatus.CLOSED
        )
        .select_related("from_coordinator")
        .order_by("pk")
    )


def build(*, seed: int, now: dt.datetime | None = None) -> None:
    for handover in _met():
        settle_open_work(handover, handover.from_coordinator)


def summary() -> str:
    met = list(_met())
    waiting = sum(1 for handover in met if unsettled(handover))
    return (
        f"Handovers waiting for acceptance: {len(met)}, "
        f"{len(met) - waiting} with all open work settled."
    )
