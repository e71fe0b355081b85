"""Ids for the client URLs that take another object's id (an access request) in the
authorization matrix and the audit test."""

from polku.clients.models import AccessRequest
from tests.factories import ProfessionalFactory


def make_ids(client, coordinator) -> dict[str, int]:
    asker = ProfessionalFactory()
    request = AccessRequest.objects.create(client=client, requested_by=asker)
    return {"request_id": request.pk}
