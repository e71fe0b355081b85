"""Handover pages: propose from the client page, the receiver accepts or declines on the
handover page, and the overview shows every coordinator period."""

import pytest

from polku.clients.models import NetworkMember, NetworkRole
from polku.handover import services
from polku.handover.models import Handover
from polku.meetings import services as meetings
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory
from tests.meetings.helpers import complete, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(kela):
    return ProfessionalFactory(
        organisation=kela,
        profession="work_ability_coordinator",
        first_name="Riikka",
        last_name="Vastaanottaja",
    )


def _as(client, user):
    client.logout()
    client.cookies.load({"django_language": "en"})
    return login(client, user)


def test_propose_through_the_form(client, client_record, coordinator, receiver):
    http = _as(client, coordinator)
    overview = http.get(f"/clients/{client_record.pk}/").content.decode()
    assert f"/clients/{client_record.pk}/handover/new/" in overview
    response = http.post(
        f"/clients/{client_record.pk}/handover/new/",
        {"to_professional": receiver.pk, "reason": "Kuntoutus", "summary": "Tilanne"},
    )
    assert response.status_code == 302
    assert Handover.objects.get().to_professional_id == receiver.pk
    page = http.get(response["Location"]).content.decode()
    assert "Kuntoutus" in page and "Plan a handover meeting" in page
    assert "Withdraw the proposal" in page and "Accept: I become" not in page


def test_refusal_for_an_organisation_without_consent_is_shown(client, client_record, coordinator):
    doctor = ProfessionalFactory(
        organisation=OrganisationFactory(name="Lääkäriasema", kind="health"), profession="doctor"
    )
    http = _as(client, coordinator)
    response = http.post(
        f"/clients/{client_record.pk}/handover/new/",
        {"to_professional": doctor.pk, "reason": "Terveys", "summary": "Tilanne"},
    )
    assert response.status_code == 200
    assert "No consent in force covers Lääkäriasema" in response.content.decode()
    assert not Handover.objects.exists()


def test_receiver_accepts_after_the_joint_meeting(client, client_record, coordinator, receiver):
    handover = services.propose_handover(
        client=client_record, by=coordinator, to=receiver, reason="R", summary="S"
    )
    base = f"/clients/{client_record.pk}/handover/{handover.pk}"
    http = _as(client, receiver)
    page = http.get(f"{base}/").content.decode()
    assert "Accept: I become the personal coordinator" in page
    early = http.post(f"{base}/accept/")
    assert early.status_code == 400 and "must be held and closed" in early.content.decode()

    meeting = plan(client_record, coordinator, kind="handover", participants=[receiver])
    linked = http.post(f"{base}/meeting/", {"meeting": meeting.pk})
    assert linked.status_code == 302
    complete(meeting, coordinator)
    meetings.close_meeting(meeting=meeting, by=coordinator)
    accepted = http.post(f"{base}/accept/")
    assert accepted.status_code == 302
    seat = NetworkMember.objects.active().get(client=client_record, role=NetworkRole.COORDINATOR)
    assert seat.professional_id == receiver.pk
    overview = http.get(f"/clients/{client_record.pk}/").content.decode()
    assert "Coordinator periods" in overview
    assert coordinator.get_full_name() in overview and "Riikka Vastaanottaja" in overview


def test_decline_needs_a_note_on_the_page(client, client_record, coordinator, receiver):
    handover = services.propose_handover(
        client=client_record, by=coordinator, to=receiver, reason="R", summary="S"
    )
    base = f"/clients/{client_record.pk}/handover/{handover.pk}"
    http = _as(client, receiver)
    response = http.post(f"{base}/decline/", {"decline-note": ""})
    assert response.status_code == 400 and "Say why you decline" in response.content.decode()
    response = http.post(f"{base}/decline/", {"decline-note": "Ei tilaa"})
    assert response.status_code == 302
    assert Handover.objects.get().status == "declined"
    overview = _as(client, coordinator).get(f"/clients/{client_record.pk}/").content.decode()
    assert "Earlier handover proposals" in overview and "Declined" in overview
    assert f"/clients/{client_record.pk}/handover/new/" in overview  # may propose again


def test_another_clients_handover_is_not_found(client, client_record, coordinator, receiver):
    from tests.factories import make_client

    other = make_client(coordinator=coordinator, first_names="Eino")
    handover = services.propose_handover(
        client=other, by=coordinator, to=receiver, reason="R", summary="S"
    )
    http = _as(client, coordinator)
    assert http.get(f"/clients/{client_record.pk}/handover/{handover.pk}/").status_code == 404
    assert (
        http.post(f"/clients/{client_record.pk}/handover/{handover.pk}/withdraw/").status_code
        == 404
    )
    assert Handover.objects.get().status == "proposed"
