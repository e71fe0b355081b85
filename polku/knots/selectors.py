"""Reads of a client's knot, and its analysis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from polku.catalogue.models import Service
from polku.clients.models import Client

from . import analysis
from .models import Application, Blocker


@dataclass(frozen=True)
class Fallback:
    """The yardstick for "waited too long" where a benefit has no known target processing
    time: the longest target its organisation publishes in the catalogue for the same kind
    of entry (a benefit with benefits, a rehabilitation with rehabilitations — never a
    sickness allowance with a rehabilitation decision), each with its source (on that
    service's page). Stated on the knot page; never an expected time."""

    days: int
    service: Service  # the catalogue entry whose published target it is


@dataclass
class Knot:
    applications: list[Application]
    blockers: list[Blocker]
    result: analysis.Analysis
    needs_digital_help: bool  # further information requested but the client cannot read it
    # application id → the stated yardstick, where the benefit's target time is not known
    fallbacks: dict[int, Fallback] = field(default_factory=dict)

    @property
    def open_blockers(self) -> list[Blocker]:
        """The blockers that still hold an open application up: not resolved, and not a
        wait for a decision that has been made (see analysis.binds)."""
        closed = {a.pk for a in self.applications if not a.is_open}
        return [
            b
            for b in self.blockers
            if b.resolved_at is None
            and b.application_id not in closed
            and not (b.kind == "decision" and b.waits_for_id in closed)
        ]

    def stuck(self) -> tuple[dict[int, list[int]], set[int]]:
        """The applications in a deadlock (id → the ids of its circle, from the analysis),
        and the open applications that wait — directly or through others — for one in a
        deadlock. No decision can come to either before the circle is broken, so no usual
        processing time or expected decision day is said of them."""
        in_circle = {
            int(node): [int(i) for i in group] for group in self.result.deadlocks for node in group
        }
        waits: dict[int, set[int]] = {}
        for blocker in self.open_blockers:
            if blocker.kind == "decision" and blocker.waits_for_id:
                waits.setdefault(blocker.application_id, set()).add(blocker.waits_for_id)
        behind: set[int] = set()
        changed = True
        while changed:
            changed = False
            for node, targets in waits.items():
                if node in in_circle or node in behind:
                    continue
                if any(t in in_circle or t in behind for t in targets):
                    behind.add(node)
                    changed = True
        return in_circle, behind


def fallbacks() -> dict[tuple[int, str], Fallback]:
    """Per catalogue provider and kind of entry: its longest published (sourced) target
    processing time."""
    found: dict[tuple[int, str], Fallback] = {}
    for service in (
        Service.objects.filter(is_active=True, processing_time_days__isnull=False)
        .exclude(processing_time_source="")
        .order_by("provider_id", "kind", "-processing_time_days", "slug")
    ):
        days = service.processing_time_days
        if days is not None:
            found.setdefault((service.provider_id, service.kind), Fallback(days, service))
    return found


def fallback_for(service: Service, table: dict[tuple[int, str], Fallback]) -> Fallback | None:
    """None when the service has its own target time, or its provider publishes none for
    its kind."""
    if service.processing_time_days is not None:
        return None
    return table.get((service.provider_id, service.kind))


def knot(client: Client, today: dt.date | None = None) -> Knot:
    today = today or timezone.localdate()
    applications = list(
        Application.objects.filter(client=client).select_related(
            "service__provider", "deciding_organisation"
        )
    )
    # a yardstick only for what still waits for its decision: a decided one has its date
    awaiting = [a for a in applications if a.awaits_decision]
    table = fallbacks() if any(a.service.processing_time_days is None for a in awaiting) else {}
    yardsticks = {
        a.pk: found for a in awaiting if (found := fallback_for(a.service, table)) is not None
    }
    # a blocker belongs to an application: without applications there are none to read
    blockers = (
        list(
            Blocker.objects.filter(application__client=client).select_related(
                "owner__organisation", "waits_for__service"
            )
        )
        if applications
        else []
    )
    result = analysis.analyse(
        [
            analysis.Application(
                str(a.pk),
                a.status,
                a.submitted,
                a.service.processing_time_days,
                yardsticks[a.pk].days if a.pk in yardsticks else None,
            )
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
    return Knot(
        applications,
        blockers,
        result,
        needs_digital_help=asks and not digital,
        fallbacks=yardsticks,
    )
