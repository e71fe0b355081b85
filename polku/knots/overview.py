"""The knot's part of the client overview and of a meeting's page."""

from polku.meetings.models import MeetingStatus

from .analysis import CLOSED
from .models import Application, Blocker, KnotOpening
from .selectors import knot


def client_section(request, client) -> dict:
    if not Application.objects.filter(client=client).exists():
        return {"knot_summary": {"open": 0, "deadlocks": 0, "needs_digital_help": False}}
    found = knot(client)
    return {
        "knot_summary": {
            "open": sum(1 for a in found.applications if a.is_open),
            "deadlocks": len(found.result.deadlocks),
            "needs_digital_help": found.needs_digital_help,
        }
    }


def meeting_section(request, client, meeting) -> dict | None:
    """ "Open the knot" on the meeting page: start it, or go on with it."""
    opening = KnotOpening.objects.filter(meeting=meeting).first()
    open_blockers = (
        Blocker.objects.filter(application__client=client, resolved_at__isnull=True)
        .exclude(application__status__in=CLOSED)
        .exclude(kind="decision", waits_for__status__in=CLOSED)
        .count()
    )
    if opening is None and not open_blockers:
        return None
    return {
        "template": "knots/meeting_section.html",
        "opening": opening,
        "open_blockers": open_blockers,
        "can_start": opening is None and meeting.status == MeetingStatus.PLANNED,
    }
