"""Handover pages: propose from the client page, the receiver accepts or declines on the
handover page, and the overview shows every coordinator period."""

import datetime as dt

import pytest

from polku.clients.models import NetworkMember, NetworkRole
from polku.handover import services
from polku.handover.models import Handover
from polku.meetings import services as meetings
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory
from tests.meetings.helpers import complete, plan


def past():
    from django.utils import timezone

    return timezone.now() - dt.timedelta(hours=2)


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


def test_the_receiver_list_offers_coordinating_professionals_grouped(
    client, client_record, coordinator, receiver, kela
):
    """Only professionals who can take the role, of organisations a consent covers, in
    optgroups by organisation with the client's network first; nobody else can be posted."""
    import html
    import re

    from polku.clients import services as clients

    doctor = ProfessionalFactory(
        organisation=OrganisationFactory(name="Lääkäriasema", kind="health"), profession="doctor"
    )
    researcher = ProfessionalFactory(organisation=kela, profession="researcher")
    admin = ProfessionalFactory(organisation=kela, profession="administrator")
    member = ProfessionalFactory(organisation=kela, profession="nurse", last_name="Verkostolainen")
    clients.add_member(client=client_record, by=coordinator, professional=member)
    http = _as(client, coordinator)
    page = http.get(f"/clients/{client_record.pk}/handover/new/").content.decode()
    start = page.index('name="to_professional"')
    select = page[start : page.index("</select>", start)]
    groups = [html.unescape(g) for g in re.findall(r'<optgroup label="([^"]+)"', select)]
    assert groups == ["In the client's network", kela.name]
    network_group = select[: select.index(f'label="{kela.name}"')]
    assert f'value="{member.pk}"' in network_group
    assert f'value="{receiver.pk}"' in select
    for absent in (doctor, researcher, admin, coordinator):
        assert f'value="{absent.pk}"' not in select
    response = http.post(
        f"/clients/{client_record.pk}/handover/new/",
        {"to_professional": researcher.pk, "reason": "Terveys", "summary": "Tilanne"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Handover.objects.exists()


def test_the_status_heading_is_not_repeated(client, client_record, coordinator, receiver):
    handover = services.propose_handover(
        client=client_record, by=coordinator, to=receiver, reason="R", summary="S"
    )
    page = (
        _as(client, coordinator)
        .get(f"/clients/{client_record.pk}/handover/{handover.pk}/")
        .content.decode()
    )
    assert '<h2 id="status-heading">Details</h2>' in page
    assert page.count(">Status<") == 1


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

    meeting = plan(
        client_record,
        coordinator,
        kind="handover",
        participants=[receiver],
        starts_at=past(),
        ends_at=past() + dt.timedelta(hours=1),
    )
    linked = http.post(f"{base}/meeting/", {"meeting": meeting.pk})
    assert linked.status_code == 302
    agreement, contact = complete(meeting, coordinator)
    meetings.close_meeting(meeting=meeting, by=coordinator)
    # The coordinator's own agreement and next contact are not settled yet: refused.
    page = http.get(f"{base}/").content.decode()
    assert 'data-unsettled="2"' in page and 'name="agreement-' not in page
    refused = http.post(f"{base}/accept/")
    assert refused.status_code == 400
    assert (
        "2 open agreements, next contacts or plan steps of the coordinator"
        in refused.content.decode()
    )
    # Only the proposer settles, on the same page.
    assert http.post(f"{base}/settle/", {f"agreement-{agreement.pk}": "keep"}).status_code == 400
    as_coordinator = _as(client, coordinator)
    form = as_coordinator.get(f"{base}/").content.decode()
    assert (
        f'name="agreement-{agreement.pk}"' in form and f'name="next_contact-{contact.pk}"' in form
    )
    settled = as_coordinator.post(
        f"{base}/settle/",
        {f"agreement-{agreement.pk}": "keep", f"next_contact-{contact.pk}": str(receiver.pk)},
    )
    assert settled.status_code == 302
    http = _as(client, receiver)
    page = http.get(f"{base}/").content.decode()
    assert "data-unsettled" not in page and "Reassigned to Riikka Vastaanottaja" in page
    accepted = http.post(f"{base}/accept/")
    assert accepted.status_code == 302
    # The decided handover keeps the record of how her open work was settled.
    record = http.get(f"{base}/").content.decode()
    assert 'id="settled-heading"' in record and agreement.what in record
    assert "Kept by the coordinator, who stays in the network" in record
    # She kept her agreement: she stays in the network and still opens the client.
    member = NetworkMember.objects.active().get(client=client_record, professional=coordinator)
    assert member.role == NetworkRole.MEMBER
    mine = _as(client, coordinator)
    assert mine.get(f"/clients/{client_record.pk}/").status_code == 200
    assert agreement.what in mine.get("/worklist/").content.decode()
    http = _as(client, receiver)
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
