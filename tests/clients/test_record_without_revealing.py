"""Issue 18, finding 2: recording a client by personal identity code must not tell the asker
whether the person is already a client. The answer (page or API) is the same either way; a
match becomes an audited access request that the client's coordinator grants or declines
through the access rule; every attempt counts towards a per-professional limit kept in the
database."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from polku.access import policy
from polku.audit.models import AuditEvent
from polku.clients import services
from polku.clients.models import AccessRequest, Client, NetworkMember, RecordAttempt
from tests.conftest import login
from tests.factories import ProfessionalFactory, make_client, synthetic_hetu

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _form(code: str) -> dict:
    return {"hetu": code, "first_names": "Aino", "last_name": "Koe", "preferred_language": "fi"}


def _json(code: str) -> dict:
    return {"hetu": code, "first_names": "Aino", "last_name": "Koe"}


@pytest.fixture
def shelter_client(municipality):
    """A shelter's client, coordinated by a shelter worker."""
    worker = ProfessionalFactory(organisation=municipality)
    return make_client(coordinator=worker, first_names="Salainen", last_name="Turvakoti")


@pytest.fixture
def prober(kela):
    """Any professional of another organisation, signed in."""
    person = ProfessionalFactory(organisation=kela)
    return person, login(HttpClient(), person)


def _shape(response) -> tuple:
    """What the asker sees of an answer: status, where it leads, and the text shown."""
    location = response.get("Location", "")
    return response.status_code, location, response.content


def test_the_api_answers_the_same_for_a_client_and_a_new_person(prober, shelter_client):
    _, http = prober
    known = http.post(
        f"{API}/clients/", _json(shelter_client.reveal_hetu()), content_type="application/json"
    )
    fresh = http.post(f"{API}/clients/", _json(synthetic_hetu()), content_type="application/json")

    assert _shape(known) == _shape(fresh)
    assert known.status_code == 202
    assert "already recorded" not in known.content.decode()
    assert not known.has_header("Location")
    assert set(known.json()) == {"detail"}


def test_the_form_answers_the_same_for_a_client_and_a_new_person(prober, shelter_client):
    _, http = prober
    http.cookies.load({"django_language": "fi"})
    known = http.post("/clients/new/", _form(shelter_client.reveal_hetu()))
    fresh = http.post("/clients/new/", _form(synthetic_hetu()))

    assert _shape(known) == _shape(fresh)
    assert known.status_code == 302
    known_page = http.get(known["Location"]).content.decode()
    assert "Tällä henkilötunnuksella on jo kirjattu asiakas" not in known_page
    # The message after either is the same sentence (the list below it differs by design:
    # a new person is the asker's own client; see docs/security.md).
    message = services.recorded_message()
    assert message


def test_a_match_is_audited_and_reaches_the_coordinator(prober, shelter_client):
    asker, http = prober
    before = AuditEvent.objects.filter(client=shelter_client).count()

    for _ in range(2):
        http.post(
            f"{API}/clients/",
            _json(shelter_client.reveal_hetu()),
            content_type="application/json",
        )

    matches = AuditEvent.objects.filter(
        client=shelter_client, target="hetu_match", actor=asker
    ).order_by("id")
    assert matches.count() == 2  # every match, also a repeated one
    assert [m.details["outcome"] for m in matches] == ["requested", "already_waiting"]
    assert AuditEvent.objects.filter(client=shelter_client).count() == before + 2
    request = AccessRequest.objects.get(client=shelter_client)
    assert request.requested_by_id == asker.pk and request.status == "pending"
    assert matches[0].details["access_request"] == request.pk
    # No second client, no membership, no access for the asker.
    assert Client.objects.filter(hetu_hash=shelter_client.hetu_hash).count() == 1
    assert not NetworkMember.objects.filter(client=shelter_client, professional=asker).exists()
    assert not policy.can_see(asker, shelter_client.pk)


def test_the_coordinator_sees_the_request_on_the_client_page_and_in_my_clients(
    prober, shelter_client
):
    asker, http = prober
    http.post(
        f"{API}/clients/", _json(shelter_client.reveal_hetu()), content_type="application/json"
    )
    coordinator = shelter_client.network.get().professional
    own = login(HttpClient(), coordinator)

    page = own.get(f"/clients/{shelter_client.pk}/").content.decode()
    assert asker.get_full_name() in page
    listing = own.get("/").content.decode()
    request = AccessRequest.objects.get()
    assert f"/clients/{shelter_client.pk}/access-requests/{request.pk}/" in listing
    api = own.get(f"{API}/clients/{shelter_client.pk}/access-requests/").json()["results"]
    assert [item["requested_by"]["id"] for item in api] == [asker.pk]
    assert api[0]["consent_covers"] is False


def test_grant_adds_the_asker_and_the_consent_decides_what_they_see(prober, shelter_client, kela):
    asker, http = prober
    http.post("/clients/new/", _form(shelter_client.reveal_hetu()))
    request = AccessRequest.objects.get()
    coordinator = shelter_client.network.get().professional
    own = login(HttpClient(), coordinator)

    answer = own.post(
        f"/clients/{shelter_client.pk}/access-requests/{request.pk}/", {"decision": "grant"}
    )
    assert answer.status_code == 302
    request.refresh_from_db()
    assert request.status == "granted" and request.decided_by_id == coordinator.pk
    assert NetworkMember.objects.active().filter(client=shelter_client, professional=asker)
    # In the network, but no consent covers Kela: the access rule still says no.
    assert not policy.can_see(asker, shelter_client.pk)
    assert http.get(f"{API}/clients/{shelter_client.pk}/").status_code == 404
    services.give_consent(
        client=shelter_client,
        by=coordinator,
        organisations=[kela, coordinator.organisation],
        purpose="coordination",
        given_how="in_person",
        valid_from=timezone.localdate(),
    )
    assert policy.can_see(asker, shelter_client.pk)
    assert AuditEvent.objects.filter(
        client=shelter_client, target=f"access_request:{request.pk}", details__decision="granted"
    ).exists()


def test_decline_through_the_api_leaves_the_asker_outside(prober, shelter_client):
    asker, http = prober
    http.post(
        f"{API}/clients/", _json(shelter_client.reveal_hetu()), content_type="application/json"
    )
    request = AccessRequest.objects.get()
    own = login(HttpClient(), shelter_client.network.get().professional)
    url = f"{API}/clients/{shelter_client.pk}/access-requests/{request.pk}/decide/"

    answer = own.post(url, {"decision": "decline"}, content_type="application/json")

    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "declined"
    assert not NetworkMember.objects.filter(client=shelter_client, professional=asker).exists()
    assert own.post(url, {"decision": "grant"}, content_type="application/json").status_code == 404
    assert AuditEvent.objects.filter(
        target=f"access_request:{request.pk}", details__decision="declined"
    ).exists()


def test_only_the_coordinator_decides_member_403_outsider_404(prober, shelter_client, municipality):
    _asker, http = prober
    http.post(
        f"{API}/clients/", _json(shelter_client.reveal_hetu()), content_type="application/json"
    )
    request = AccessRequest.objects.get()
    coordinator = shelter_client.network.get().professional
    member = ProfessionalFactory(organisation=municipality)
    services.add_member(client=shelter_client, by=coordinator, professional=member)
    other = login(HttpClient(), member)
    url = f"{API}/clients/{shelter_client.pk}/access-requests/{request.pk}/decide/"

    # A network member who is not the coordinator sees the client (so a 404 would hide
    # nothing) but may not decide: the list is empty, deciding is 403, as for portal codes.
    assert other.get(f"{API}/clients/{shelter_client.pk}/access-requests/").json()["results"] == []
    assert (
        other.post(url, {"decision": "grant"}, content_type="application/json").status_code == 403
    )
    page = f"/clients/{shelter_client.pk}/access-requests/{request.pk}/"
    assert other.post(page, {"decision": "grant"}).status_code == 403
    # The asker (outside the rule) cannot decide their own request.
    assert http.post(url, {"decision": "grant"}, content_type="application/json").status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.parametrize("existing", [True, False])
def test_the_limit_holds_and_counts_every_attempt_alike(prober, shelter_client, settings, existing):
    settings.POLKU_CLIENT_RECORD_LIMIT = 3
    asker, http = prober
    http.cookies.load({"django_language": "fi"})
    answers = []
    for _ in range(4):
        code = shelter_client.reveal_hetu() if existing else synthetic_hetu()
        answers.append(http.post(f"{API}/clients/", _json(code), content_type="application/json"))
    assert [a.status_code for a in answers] == [202, 202, 202, 429]
    assert "24 tunnin" in answers[-1].json()["detail"]
    form = http.post("/clients/new/", _form(synthetic_hetu()))
    assert form.status_code == 200
    assert "24 tunnin" in form.content.decode()
    assert Client.objects.filter(created_by=asker).count() == (0 if existing else 3)


def test_the_limit_is_kept_in_the_database_and_forgets_after_a_day(prober, settings):
    settings.POLKU_CLIENT_RECORD_LIMIT = 1
    asker, http = prober
    RecordAttempt.objects.create(professional=asker, at=timezone.now() - dt.timedelta(hours=23))
    blocked = http.post(f"{API}/clients/", _json(synthetic_hetu()), content_type="application/json")
    assert blocked.status_code == 429
    RecordAttempt.objects.update(at=timezone.now() - dt.timedelta(hours=25))
    allowed = http.post(f"{API}/clients/", _json(synthetic_hetu()), content_type="application/json")
    assert allowed.status_code == 202
    assert RecordAttempt.objects.filter(professional=asker).count() == 1


def test_invalid_input_is_refused_alike_for_a_client_and_a_new_person(prober, shelter_client):
    _, http = prober
    bad = {"first_names": "<b>x</b>", "last_name": "Koe"}
    known = http.post(
        f"{API}/clients/",
        {**bad, "hetu": shelter_client.reveal_hetu()},
        content_type="application/json",
    )
    fresh = http.post(
        f"{API}/clients/", {**bad, "hetu": synthetic_hetu()}, content_type="application/json"
    )
    assert known.status_code == fresh.status_code == 400
    assert known.json() == fresh.json()
    assert not AccessRequest.objects.exists()


def test_the_old_refusal_text_appears_nowhere(prober, shelter_client):
    from django.utils import translation

    _, http = prober
    response = http.post("/clients/new/", _form(shelter_client.reveal_hetu()), follow=True)
    text = response.content.decode()
    assert response.status_code == 200
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            refusal = translation.gettext(
                "A client with this personal identity code is already recorded."
            )
        assert refusal not in text, language
    assert "Salainen" not in text and "Turvakoti" not in text
