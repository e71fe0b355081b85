"""The knot's part of the client's path (polku.clients.timeline): each benefit or service
application under what is true of it now, with its status —

- waiting for a decision (submitted, pending, further information requested, appealed) →
  ongoing, from the day it was sent;
- decided or withdrawn → happened, on the decision day (or the day it was sent);
- a draft not yet sent → planned."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from polku.clients.timeline import State, TimelineEvent

from .models import Application, ApplicationStatus

WAITING = {
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.PENDING,
    ApplicationStatus.FURTHER_INFORMATION,
    ApplicationStatus.APPEALED,
}


def timeline_events(client) -> Iterable[TimelineEvent]:
    url = reverse("knots:knot", kwargs={"client_id": client.pk})
    applications = Application.objects.filter(client=client).select_related(
        "service", "deciding_organisation"
    )
    for application in applications:
        created = timezone.localdate(application.created_at)
        state: State
        if application.status == ApplicationStatus.DRAFT:
            state, day = "planned", created
        elif application.status in WAITING:
            state, day = "ongoing", application.submitted or created
        else:
            state = "happened"
            day = application.decision_date or application.submitted or created
        organisation = application.deciding_organisation
        yield TimelineEvent(
            day=day,
            state=state,
            kind="application",
            title=application.service.name,
            detail=organisation.name if organisation is not None else "",
            url=f"{url}#application-{application.pk}",
            status=str(application.get_status_display()),
        )
