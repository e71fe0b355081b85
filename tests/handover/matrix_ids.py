"""Ids for the authorization matrix and the audit test: handover_id (an open proposal with
its joint meeting, to a new professional of the coordinator's organisation)."""

from polku.handover import services
from tests.factories import ProfessionalFactory
from tests.meetings.helpers import plan


def make_ids(client, coordinator) -> dict[str, int]:
    receiver = ProfessionalFactory(organisation=coordinator.organisation)
    handover = services.propose_handover(
        client=client,
        by=coordinator,
        to=receiver,
        reason="Kuntoutus on nyt ensisijainen palvelu",
        summary="Asiakas on aloittamassa ammatillista kuntoutusta.",
    )
    meeting = plan(client, coordinator, kind="handover", participants=[receiver])
    services.link_meeting(handover=handover, meeting=meeting, by=coordinator)
    return {"handover_id": handover.pk}
