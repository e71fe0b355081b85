"""The handover app's part of the client overview and of the client's timeline
(polku.core.hooks)."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.clients.models import Client
from polku.clients.selectors import coordinator_id
from polku.clients.timeline import TimelineEvent
from polku.core import hooks
from polku.core.http import SignedInRequest

from . import selectors
from .models import Handover, HandoverStatus


@hooks.client_sections.register
def client_section(request: SignedInRequest, client: Client) -> dict:
    found, earlier = selectors.open_and_earlier(client)
    return {
        "handover_open": found,
        "handover_earlier": earlier,
        "handover_periods": selectors.coordinator_periods(client),
        "handover_can_propose": coordinator_id(client) == request.user.pk,
    }


@hooks.client_timeline.register
def timeline_events(client: Client) -> Iterable[TimelineEvent]:
    """Accepted handovers happened; a proposed one is planned."""
    rows = Handover.objects.filter(
        client=client, status__in=[HandoverStatus.ACCEPTED, HandoverStatus.PROPOSED]
    ).select_related("to_professional")
    for handover in rows:
        accepted = handover.status == HandoverStatus.ACCEPTED
        when = handover.decided_at if accepted else handover.proposed_at
        yield TimelineEvent(
            day=timezone.localtime(when).date(),
            state="happened" if accepted else "planned",
            kind="handover",
            title=str(_("Coordinator handed over") if accepted else _("Handover proposed")),
            detail=handover.to_professional.get_full_name(),
            url=reverse(
                "handover:detail", kwargs={"client_id": client.pk, "handover_id": handover.pk}
            ),
        )
