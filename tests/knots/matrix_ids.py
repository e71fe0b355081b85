"""Ids for the authorization matrix and the audit test: application_id, blocker_id."""

from polku.knots import services
from tests.knots.factories import application


def make_ids(client, coordinator) -> dict[str, int]:
    first = application(client, coordinator)
    blocker = services.add_blocker(
        application=first, kind="further_information", by=coordinator, what="Palkkatodistus"
    )
    return {"application_id": first.pk, "blocker_id": blocker.pk}
