"""Reads of a client's knot, and its analysis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from . import analysis
from .models import Application, Blocker


@dataclass
class Knot:
    applications: list[Application]
    blockers: list[Blocker]
    result: analysis.Analysis
    needs_digital_help: bool  # further information requested but the client cannot read it

    @property
    def open_blockers(self) -> list[Blocker]:
        return [b for b in self.blockers if b.resolved_at is None]


def knot(client, today: dt.date | None = None) -> Knot:
    today = today or timezone.localdate()
    applications = list(
        Application.objects.filter(client=client).select_related("service", "deciding_organisation")
    )
    blockers = list(
        Blocker.objects.filter(application__client=client).select_related(
            "owner", "waits_for__service"
        )
    )
    result = analysis.analyse(
        [
            analysis.Application(str(a.pk), a.status, a.submitted, a.service.processing_time_days)
            for a in applications
        ],
        [
            analysis.Blocker(
                str(b.pk),
                str(b.application_id),
                b.kind,
                waits_for=str(b.waits_for_id) if b.waits_for_id else None,
                due=b.due,
                resolved=b.resolved_at is not None,
            )
            for b in blockers
        ],
        today,
    )
    asks = any(a.status == "further_information_requested" for a in applications)
    digital = client.has_online_credentials and client.can_read_kela_messages
    return Knot(applications, blockers, result, needs_digital_help=asks and not digital)
