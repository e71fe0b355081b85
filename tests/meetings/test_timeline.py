"""The meetings on the client's path: closed → happened, planned → planned; open agreements
→ agreed."""

import pytest

from polku.audit.models import AuditEvent
from polku.clients.timeline import events_for
from polku.meetings import services
from tests.conftest import login
from tests.meetings.helpers import complete, future, held, past, plan

pytestmark = pytest.mark.django_db


def test_timeline_events(client_record, coordinator):
    earlier = held(client_record, coordinator, starts_at=past(days=1))
    agreement, _ = complete(earlier, coordinator, what="Hakee kuntoutusta")
    services.close_meeting(meeting=earlier, by=coordinator)
    plan(client_record, coordinator, kind="follow_up", starts_at=future(9), ends_at=future(9, 11))
    events = [e for e in events_for(client_record) if e.kind in ("meeting", "agreement")]
    states = sorted((e.kind, e.state) for e in events)
    assert states == [("agreement", "agreed"), ("meeting", "happened"), ("meeting", "planned")]
    agreed = next(e for e in events if e.kind == "agreement")
    assert agreed.title == "Hakee kuntoutusta" and agreed.day == agreement.due_on
    services.mark_agreement_done(agreement=agreement, by=coordinator)
    assert not [e for e in events_for(client_record) if e.kind == "agreement"]


def test_invitation_and_summary_downloads_are_audited_as_exports(
    client, client_record, coordinator
):
    meeting = plan(client_record, coordinator)
    login(client, coordinator)
    client.get(f"/clients/{client_record.pk}/meetings/{meeting.pk}/invite.ics")
    client.get(f"/clients/{client_record.pk}/meetings/{meeting.pk}/summary.pdf")
    targets = set(
        AuditEvent.objects.filter(client=client_record, action="export").values_list(
            "target", flat=True
        )
    )
    assert targets == {f"meeting:{meeting.pk}:ics", f"meeting:{meeting.pk}:summary"}
