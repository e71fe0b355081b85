"""Ending a membership through its confirmation page: the service's refusal is shown on the
page in Finnish, a success leads back to the client (or to my clients when it ended my own
access) with its message."""

import pytest
from django.contrib.messages import get_messages

from polku.clients import services
from polku.clients.models import NetworkMember
from tests.conftest import login
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db


def _url(client, member) -> str:
    return f"/clients/{client.pk}/network/{member.pk}/end/"


@pytest.fixture
def nurse_seat(client_record, coordinator, kela):
    nurse = ProfessionalFactory(organisation=kela, profession="nurse")
    return services.add_member(client=client_record, by=coordinator, professional=nurse)


def test_the_coordinator_ends_a_membership(client, client_record, coordinator, nurse_seat):
    login(client, coordinator)
    page = client.get(_url(client_record, nurse_seat))
    assert page.status_code == 200
    assert "error-summary" not in page.content.decode()
    response = client.post(_url(client_record, nurse_seat), {})
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client_record.pk}/"
    assert [m.message for m in get_messages(response.wsgi_request)] == ["Jäsenyys on päättynyt."]
    assert not NetworkMember.objects.includes(client_record, nurse_seat.professional_id)


def test_the_coordinator_cannot_leave_and_is_told_why(client, client_record, coordinator):
    login(client, coordinator)
    seat = NetworkMember.objects.coordinators().of(client_record).get()
    response = client.post(_url(client_record, seat), {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert "Omaohjaaja ei voi poistua verkostosta" in page
    assert NetworkMember.objects.coordinators().includes(client_record, coordinator)


def test_leaving_myself_leads_to_my_clients(client, client_record, nurse_seat):
    login(client, nurse_seat.professional)
    response = client.post(_url(client_record, nurse_seat), {})
    assert response.status_code == 302
    assert response["Location"] == "/"  # no longer in the network: the client is not mine
