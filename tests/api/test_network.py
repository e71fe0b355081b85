"""The network through the API: members with history, add, end."""

import pytest

from polku.clients import services
from polku.clients.models import NetworkMember
from tests.api.conftest import API, events, post_json
from tests.factories import ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(kela):
    return ProfessionalFactory(organisation=kela, profession="nurse")


def test_network_lists_active_members_coordinator_first_then_history(
    api, coordinator, client_record, kela, nurse
):
    doctor = ProfessionalFactory(organisation=kela, profession="doctor")
    services.add_member(client=client_record, by=coordinator, professional=doctor)
    ended = services.add_member(client=client_record, by=coordinator, professional=nurse)
    services.end_membership(member=ended, by=coordinator)

    response = api.get(f"{API}/clients/{client_record.pk}/network/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["professional"]["id"], r["role"], r["is_active"]) for r in rows] == [
        (coordinator.pk, "coordinator", True),
        (doctor.pk, "member", True),
        (nurse.pk, "member", False),
    ]
    assert rows[2]["ended_at"] is not None and rows[2]["started_at"] is not None
    assert rows[1]["professional"]["profession"] == "doctor"
    assert events(client_record, action="view", target="network").count() == 1


def test_add_member(api, coordinator, client_record, nurse):
    response = post_json(
        api,
        f"{API}/clients/{client_record.pk}/network/",
        {"professional": nurse.pk, "responsibility": "Terveystarkastus"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    member = NetworkMember.objects.get(pk=body["id"])
    assert member.client_id == client_record.pk and member.professional_id == nurse.pk
    assert body["role"] == "member"
    assert body["responsibility"] == "Terveystarkastus"
    assert body["professional"]["organisation"]["id"] == nurse.organisation_id
    assert events(client_record, action="create", target=f"network_member:{member.pk}").exists()


def test_adding_a_member_twice_is_refused(api, coordinator, client_record, nurse):
    services.add_member(client=client_record, by=coordinator, professional=nurse)
    response = post_json(
        api, f"{API}/clients/{client_record.pk}/network/", {"professional": nurse.pk}
    )
    assert response.status_code == 400
    assert response.json()["professional"]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"professional": 999999},
        {"professional": "x"},
    ],
)
def test_bad_member_input_is_refused(api, client_record, payload):
    response = post_json(api, f"{API}/clients/{client_record.pk}/network/", payload)
    assert response.status_code == 400
    assert "professional" in response.json()


def test_responsibility_with_markup_is_refused(api, client_record, nurse):
    response = post_json(
        api,
        f"{API}/clients/{client_record.pk}/network/",
        {"professional": nurse.pk, "responsibility": "<b>kaikki</b>"},
    )
    assert response.status_code == 400
    assert "responsibility" in response.json()


def test_a_user_without_profession_cannot_be_added(api, client_record):
    plain = ProfessionalFactory(profession="", organisation=None)
    response = post_json(
        api, f"{API}/clients/{client_record.pk}/network/", {"professional": plain.pk}
    )
    assert response.status_code == 400
    assert response.json()["professional"]


def test_end_membership(api, coordinator, client_record, nurse):
    member = services.add_member(client=client_record, by=coordinator, professional=nurse)
    response = post_json(api, f"{API}/clients/{client_record.pk}/network/{member.pk}/end/", {})
    assert response.status_code == 200, response.json()
    assert response.json()["is_active"] is False
    member.refresh_from_db()
    assert member.ended_at is not None and member.ended_by_id == coordinator.pk
    assert events(client_record, action="update", target=f"network_member:{member.pk}").exists()


def test_the_coordinator_cannot_simply_leave(api, coordinator, client_record):
    seat = client_record.network.get(role="coordinator")
    response = post_json(api, f"{API}/clients/{client_record.pk}/network/{seat.pk}/end/", {})
    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    seat.refresh_from_db()
    assert seat.ended_at is None


def test_ending_twice_is_refused(api, coordinator, client_record, nurse):
    member = services.add_member(client=client_record, by=coordinator, professional=nurse)
    url = f"{API}/clients/{client_record.pk}/network/{member.pk}/end/"
    assert post_json(api, url, {}).status_code == 200
    assert post_json(api, url, {}).status_code == 400


def test_a_member_of_another_client_is_404(api, coordinator, client_record, nurse):
    other = make_client(coordinator=coordinator)
    foreign = services.add_member(client=other, by=coordinator, professional=nurse)
    response = post_json(api, f"{API}/clients/{client_record.pk}/network/{foreign.pk}/end/", {})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.ended_at is None
