"""Ids for the authorization matrix and the audit test: meeting_id, agreement_id."""

from tests.meetings.helpers import complete, plan


def make_ids(client, coordinator) -> dict[str, int]:
    meeting = plan(client, coordinator)
    agreement, _contact = complete(meeting, coordinator)
    return {"meeting_id": meeting.pk, "agreement_id": agreement.pk}
