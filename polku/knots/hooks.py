"""The knot's part of the client overview, of the client's path and of a meeting's page
(polku.core.hooks).

On the client's path (polku.clients.timeline) each benefit or service application is under
what is true of it now, with its status —

- waiting for a decision (submitted, pending, further information requested) → ongoing,
  dated by the day its decision is expected (sent + the service's published processing time;
  late after it), or by the day it was sent when no time is known or when it is in a
  deadlock (or waits for one): then no decision can be expected;
- appealed → ongoing (the appeal), dated by its decision's day: the decision was made, so no
  decision is "expected" any more;
- decided or withdrawn → happened, on the decision day (or the day it was sent);
- a draft not yet sent → planned."""

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from polku.clients.models import Client
from polku.clients.timeline import State, TimelineEvent
from polku.core import hooks
from polku.core.http import SignedInRequest
from polku.meetings.models import MeetingStatus

from .analysis import CLOSED
from .models import ApplicationStatus, Blocker, KnotOpening
from .selectors import knot

WAITING = {
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.PENDING,
    ApplicationStatus.FURTHER_INFORMATION,
}


@hooks.client_sections.register
def client_section(request: SignedInRequest, client: Client) -> dict:
    found = knot(client)  # one query when the client has no applications
    return {
        "knot_summary": {
            "open": sum(1 for a in found.applications if a.is_open),
            "deadlocks": len(found.result.deadlocks),
            "needs_digital_help": found.needs_digital_help,
        }
    }


@hooks.client_timeline.register
def timeline_events(client: Client) -> Iterable[TimelineEvent]:
    url = reverse("knots:knot", kwargs={"client_id": client.pk})
    found = knot(client)
    in_circle, behind = found.stuck()
    for application in found.applications:
        created = timezone.localdate(application.created_at)
        parts = []
        if application.deciding_organisation is not None:
            parts.append(application.deciding_organisation.name)
        state: State
        day_is_due = True
        if application.status == ApplicationStatus.DRAFT:
            state, day = "planned", created
        elif application.status in WAITING:
            state = "ongoing"
            sent = application.submitted or created
            parts.append(_("Sent on %(day)s") % {"day": date_format(sent, "SHORT_DATE_FORMAT")})
            days = application.target_days
            if application.pk in in_circle or application.pk in behind:
                # no decision can come before the deadlock is broken: no expected day
                parts.append(_("Waits in a deadlock: no decision can be expected yet"))
                day, day_is_due = sent, False
            elif days:
                day = sent + dt.timedelta(days=days)
                parts.append(
                    _("Decision expected by %(day)s")
                    % {"day": date_format(day, "SHORT_DATE_FORMAT")}
                )
            else:
                day, day_is_due = sent, False
        elif application.status == ApplicationStatus.APPEALED:
            state, day_is_due = "ongoing", False
            day = application.decision_date or application.submitted or created
            if application.decision_date is not None:
                parts.append(
                    _("Decided on %(day)s") % {"day": date_format(day, "SHORT_DATE_FORMAT")}
                )
        else:
            state = "happened"
            day = application.decision_date or application.submitted or created
        yield TimelineEvent(
            day=day,
            state=state,
            kind="application",
            title=application.service.name,
            detail=" · ".join(parts),
            url=f"{url}#application-{application.pk}",
            status=str(application.get_status_display()),
            day_is_due=day_is_due,
        )


@hooks.meeting_sections.register
def meeting_section(request: SignedInRequest, client: Client, meeting) -> dict | None:
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
