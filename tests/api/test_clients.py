"""Clients through the API: list and search, record, overview, change, full code."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from polku.audit.models import AuditEvent
from polku.clients import services
from polku.clients.models import Client, ClientStatus
from tests.api.conftest import API, events, patch_json, post_json
from tests.conftest import login
from tests.factories import ProfessionalFactory, make_client, synthetic_hetu

pytestmark = pytest.mark.django_db


# --- list and search ---------------------------------------------------------------------------


def test_list_shows_the_visible_clients_paginated_and_audits_each(api, coordinator, kela):
    mine = [
        make_client(coordinator=coordinator, first_names="Aino", last_name="Virtanen"),
        make_client(coordinator=coordinator, first_names="Mikko", last_name="Korhonen"),
    ]
    other = make_client(coordinator=ProfessionalFactory(organisation=kela), last_name="Muu")

    response = api.get(f"{API}/clients/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["last_name"] for row in body["results"]] == ["Korhonen", "Virtanen"]
    row = body["results"][0]
    assert row["hetu_masked"].endswith("****")
    assert row["coordinator"] == {"id": coordinator.pk, "name": coordinator.get_full_name()}
    for client in mine:
        event = events(client, action="list").get()
        assert event.actor_id == coordinator.pk
        assert event.purpose == "coordination"
        assert event.path == f"{API}/clients/"
    assert not events(other).exclude(action="create").exists()


def test_list_is_paginated(api, coordinator, monkeypatch):
    from rest_framework.pagination import PageNumberPagination

    for n in range(3):
        make_client(coordinator=coordinator, last_name=f"Sivu{n}")
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)

    first = api.get(f"{API}/clients/").json()
    second = api.get(f"{API}/clients/", {"page": 2}).json()

    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    assert len(second["results"]) == 1
    # Only the clients on the returned page are audited.
    assert AuditEvent.objects.filter(action="list").count() == 3


def test_search_by_name_audits_the_hits_as_a_search(api, coordinator):
    aino = make_client(coordinator=coordinator, first_names="Aino Maria", last_name="Virtanen")
    mikko = make_client(coordinator=coordinator, first_names="Mikko", last_name="Korhonen")

    body = api.get(f"{API}/clients/", {"q": "maria virt"}).json()

    assert [row["id"] for row in body["results"]] == [aino.pk]
    assert events(aino, action="search").count() == 1
    assert not events(mikko, action__in=["search", "list"]).exists()


def test_search_by_exact_personal_identity_code(api, coordinator):
    code = synthetic_hetu()
    wanted = make_client(coordinator=coordinator, hetu=code)
    make_client(coordinator=coordinator)

    body = api.get(f"{API}/clients/", {"q": code.lower()}).json()

    assert [row["id"] for row in body["results"]] == [wanted.pk]


def test_search_refuses_markup(api):
    response = api.get(f"{API}/clients/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 400
    assert "q" in response.json()


def test_list_does_not_show_clients_outside_the_rule(client, coordinator, kela, municipality):
    make_client(coordinator=coordinator)
    colleague = ProfessionalFactory(organisation=kela)  # same organisation, not in the network
    login(client, colleague)
    assert client.get(f"{API}/clients/").json()["count"] == 0


# --- record --------------------------------------------------------------------------------------


def test_record_a_client_with_consent(api, coordinator, kela, municipality):
    code = synthetic_hetu()
    payload = {
        "hetu": code,
        "first_names": "Liisa",
        "last_name": "Mäkinen",
        "preferred_language": "sv",
        "needs_interpreter": False,
        "phone": "+358 40 123 4567",
        "email": "liisa@example.fi",
        "postal_code": "60100",
        "municipality": "Seinäjoki",
        "has_online_credentials": True,
        "can_read_kela_messages": False,
        "consent": {
            "organisations": [kela.pk, municipality.pk],
            "purpose": "coordination",
            "given_how": "in_person",
            "valid_from": timezone.localdate().isoformat(),
        },
    }

    response = post_json(api, f"{API}/clients/", payload)

    # The same answer as for a person already recorded (tests/clients/
    # test_record_without_revealing.py): no id, no Location; the client is in your list.
    assert response.status_code == 202, response.json()
    assert response.json() == {"detail": services.recorded_message()}
    assert not response.has_header("Location")
    assert code not in response.content.decode()
    client = Client.objects.get(last_name="Mäkinen")
    body = api.get(f"{API}/clients/{client.pk}/").json()
    assert body["status"] == ClientStatus.ACTIVE
    assert body["hetu_masked"] == f"{code[:7]}****"
    assert "hetu" not in body
    assert body["preferred_language"] == "sv"
    assert client.reveal_hetu() == code
    assert client.consents.get().organisations.count() == 2
    assert events(client, action="create").count() == 2  # the client and the consent


def test_record_a_client_without_consent_stays_in_intake(api, coordinator):
    code = synthetic_hetu()
    response = post_json(
        api, f"{API}/clients/", {"hetu": code, "first_names": "A", "last_name": "B"}
    )
    assert response.status_code == 202
    # The recorder finds the client in intake by the code.
    found = api.get(f"{API}/clients/", {"q": code}).json()["results"]
    assert [row["status"] for row in found] == [ClientStatus.INTAKE]
    assert api.get(f"{API}/clients/{found[0]['id']}/").status_code == 200


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("010190-123B", "check character"),
        ("320190-123A", "birth date"),
        ("0101901234", None),  # too short
    ],
)
def test_invalid_personal_identity_code_is_refused_with_a_message(api, code, fragment):
    response = api.post(
        f"{API}/clients/",
        {"hetu": code, "first_names": "A", "last_name": "B"},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    messages = response.json()["hetu"]
    assert messages and all(isinstance(m, str) and m for m in messages)
    if fragment:
        assert fragment in messages[0]
    assert not Client.objects.exists()


def test_a_code_recorded_already_answers_as_a_new_one_would(api, client_record):
    """Issue 18, finding 2: the answer must not reveal that the person is a client."""
    response = post_json(
        api,
        f"{API}/clients/",
        {"hetu": client_record.reveal_hetu(), "first_names": "A", "last_name": "B"},
    )
    assert response.status_code == 202
    assert response.json() == {"detail": services.recorded_message()}
    assert Client.objects.count() == 1


def test_messages_follow_accept_language(api):
    payload = {"hetu": "010190-123B", "first_names": "A", "last_name": "B"}
    english = api.post(
        f"{API}/clients/",
        payload,
        content_type="application/json",
        headers={"accept-language": "en"},
    ).json()["hetu"][0]
    finnish = api.post(
        f"{API}/clients/",
        payload,
        content_type="application/json",
        headers={"accept-language": "fi"},
    ).json()["hetu"][0]
    assert english.startswith("The check character")
    assert finnish  # translated when the catalogue has it; never empty


def test_markup_in_free_text_is_refused(api):
    response = post_json(
        api,
        f"{API}/clients/",
        {"hetu": synthetic_hetu(), "first_names": "<script>alert(1)</script>", "last_name": "B"},
    )
    assert response.status_code == 400
    assert "first_names" in response.json()
    assert not Client.objects.exists()


def test_too_long_text_is_refused(api):
    response = post_json(
        api,
        f"{API}/clients/",
        {"hetu": synthetic_hetu(), "first_names": "A" * 101, "last_name": "B"},
    )
    assert response.status_code == 400
    assert "first_names" in response.json()


def test_consent_dates_in_the_wrong_order_are_refused_when_recording(api, kela):
    today = timezone.localdate()
    response = post_json(
        api,
        f"{API}/clients/",
        {
            "hetu": synthetic_hetu(),
            "first_names": "A",
            "last_name": "B",
            "consent": {
                "organisations": [kela.pk],
                "purpose": "coordination",
                "given_how": "in_person",
                "valid_from": today.isoformat(),
                "valid_until": (today - dt.timedelta(days=1)).isoformat(),
            },
        },
    )
    assert response.status_code == 400
    assert "valid_until" in response.json()["consent"]
    assert not Client.objects.exists()


# --- overview ------------------------------------------------------------------------------------


def test_overview_masks_the_code_and_shows_network_and_consents(
    api, coordinator, client_record, kela
):
    nurse = ProfessionalFactory(organisation=kela, profession="nurse")
    services.add_member(client=client_record, by=coordinator, professional=nurse)

    response = api.get(f"{API}/clients/{client_record.pk}/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["hetu_masked"] == client_record.hetu_masked
    assert client_record.reveal_hetu() not in response.content.decode()
    assert body["birth_date"] == client_record.birth_date.isoformat()
    for key in (
        "preferred_language",
        "needs_interpreter",
        "interpreter_language",
        "phone",
        "email",
        "street_address",
        "postal_code",
        "municipality",
        "has_online_credentials",
        "can_read_kela_messages",
        "status",
    ):
        assert key in body
    assert [m["role"] for m in body["network"]] == ["coordinator", "member"]
    assert body["network"][0]["professional"]["id"] == coordinator.pk
    assert body["network"][0]["professional"]["organisation"] == {"id": kela.pk, "name": kela.name}
    [consent] = body["consents"]
    assert consent["in_force"] is True
    assert consent["organisations"] == [{"id": kela.pk, "name": kela.name}]


def test_overview_is_audited_as_a_view(api, coordinator, client_record):
    api.get(f"{API}/clients/{client_record.pk}/")
    event = events(client_record, action="view").get()
    assert event.actor_id == coordinator.pk
    assert event.actor_organisation_id == coordinator.organisation_id
    assert event.target == "client"
    assert event.purpose == "coordination"
    assert event.method == "GET"


def test_unknown_client_is_404(api):
    assert api.get(f"{API}/clients/999999/").status_code == 404


# --- change --------------------------------------------------------------------------------------


def test_change_details(api, client_record):
    response = patch_json(
        api,
        f"{API}/clients/{client_record.pk}/",
        {
            "phone": "040 765 4321",
            "needs_interpreter": True,
            "interpreter_language": "arabia",
            "version": 1,
        },
    )
    assert response.status_code == 200, response.json()
    client_record.refresh_from_db()
    assert client_record.phone == "040 765 4321"
    assert client_record.interpreter_language == "arabia"
    assert response.json()["interpreter_language"] == "arabia"
    update = events(client_record, action="update").get()
    assert update.details == {
        "fields": ["interpreter_language", "needs_interpreter", "phone"],
        "version": 2,
    }
    assert events(client_record, action="view").exists()


def test_no_interpreter_clears_the_language(api, client_record):
    patch_json(
        api,
        f"{API}/clients/{client_record.pk}/",
        {"needs_interpreter": True, "interpreter_language": "somali", "version": 1},
    )
    response = patch_json(
        api, f"{API}/clients/{client_record.pk}/", {"needs_interpreter": False, "version": 2}
    )
    assert response.status_code == 200
    client_record.refresh_from_db()
    assert client_record.interpreter_language == ""


def test_interpreter_language_without_need_is_refused(api, client_record):
    response = patch_json(
        api,
        f"{API}/clients/{client_record.pk}/",
        {"needs_interpreter": False, "interpreter_language": "somali"},
    )
    assert response.status_code == 400
    assert "interpreter_language" in response.json()


@pytest.mark.parametrize(
    "payload",
    [
        {"street_address": "Kauppakatu 1 <script>alert(1)</script>"},
        {"municipality": '<img src=x onerror="alert(1)">'},
        {"postal_code": "601"},
        {"email": "not-an-address"},
        {"preferred_language": "de"},
        {"last_name": ""},
    ],
)
def test_bad_changes_are_refused(api, client_record, payload):
    response = patch_json(api, f"{API}/clients/{client_record.pk}/", payload)
    assert response.status_code == 400
    assert set(response.json()) == set(payload)
    assert not events(client_record, action="update").exists()


# --- full personal identity code ---------------------------------------------------------------


def test_reveal_the_full_code_with_a_purpose(api, client_record):
    response = post_json(
        api, f"{API}/clients/{client_record.pk}/hetu/", {"purpose": "Kela application form"}
    )
    assert response.status_code == 200
    assert response.json() == {"hetu": client_record.reveal_hetu()}
    assert "no-store" in response["Cache-Control"]
    event = events(client_record, action="reveal").get()
    assert event.purpose == "Kela application form"
    assert event.target == "hetu"


@pytest.mark.parametrize("purpose", ["", "   ", "<script>x</script>", "x" * 201])
def test_reveal_needs_a_proper_purpose(api, client_record, purpose):
    response = post_json(api, f"{API}/clients/{client_record.pk}/hetu/", {"purpose": purpose})
    assert response.status_code == 400
    assert "purpose" in response.json()
    assert "hetu" not in response.json()
    assert not events(client_record, action="reveal").exists()


# --- no N+1 queries ------------------------------------------------------------------------------


def _queries(http, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


def test_overview_queries_do_not_grow_with_the_network(
    api, coordinator, client_record, kela, municipality
):
    url = f"{API}/clients/{client_record.pk}/"
    few = _queries(api, url)
    for n in range(4):
        worker = ProfessionalFactory(organisation=municipality if n % 2 else kela)
        services.add_member(client=client_record, by=coordinator, professional=worker)
        services.give_consent(
            client=client_record,
            by=coordinator,
            organisations=[kela, municipality],
            purpose="benefits",
            given_how="phone",
            valid_from=timezone.localdate(),
        )
    many = _queries(api, url)
    assert many == few


def test_list_queries_do_not_grow_with_the_clients(api, coordinator):
    make_client(coordinator=coordinator)
    few = _queries(api, f"{API}/clients/")
    for _n in range(4):
        make_client(coordinator=coordinator)
    many = _queries(api, f"{API}/clients/")
    assert many == few
