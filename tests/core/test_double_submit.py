"""A creating form sent twice — one after the other, or twice at the same moment — creates one
record (issue 18, finding 11): agreements, meetings, consents, outcomes and portal goals. The
second submit is redirected to what the first created, with a neutral message."""

import datetime as dt
import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client as HttpClient
from django.utils import timezone

from polku.clients.models import Consent
from polku.core.models import SubmittedForm
from polku.meetings.models import Agreement, Meeting
from polku.portal.models import Contribution
from polku.research.models import OutcomeEvent
from tests.conftest import login
from tests.meetings.helpers import plan
from tests.portal.conftest import portal_login

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="form_token" value="([A-Za-z0-9_-]+)"')


# the pages answer in Finnish, the default language
ALREADY_SENT = "Lomake oli jo lähetetty."


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).strftime("%d.%m.%Y")


def _token(page: str, index: int = 0) -> str:
    found = TOKEN.findall(page)
    assert found, "the form renders no one-use token"
    return found[index]


def _cases(client_record, coordinator, kela):
    """(kind, page to load, URL to post, data, model, which token on the page) per form."""
    meeting = plan(client_record, coordinator)
    base = f"/clients/{client_record.pk}"
    return {
        "meeting": (
            f"{base}/meetings/new/",
            f"{base}/meetings/new/",
            {
                "kind": "first_joint",
                "mode": "in_person",
                "day": _day(2),
                "start_time": "13.00",
                "end_time": "14.00",
                "place": "Yhteispalvelupiste",
                "client_present": "on",
            },
            Meeting,
            0,
        ),
        "agreement": (
            f"{base}/meetings/{meeting.pk}/",
            f"{base}/meetings/{meeting.pk}/agreements/",
            {
                "agreement-owner": "client",
                "agreement-what": "Hakee opintotukea",
                "agreement-due_on": _day(5),
            },
            Agreement,
            0,
        ),
        "consent": (
            f"{base}/consents/new/",
            f"{base}/consents/new/",
            {
                "organisations": [str(kela.pk)],
                "purpose": "coordination",
                "given_how": "in_person",
                "valid_from": _day(0),
            },
            Consent,
            0,
        ),
        "outcome": (
            f"{base}/outcomes/",
            f"{base}/outcomes/",
            {"kind": "education", "date": _day(0)},
            OutcomeEvent,
            0,
        ),
    }


KINDS = ["meeting", "agreement", "consent", "outcome"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_form_sent_twice_creates_one(client, client_record, coordinator, kela, kind):
    http = login(client, coordinator)
    page, url, data, model, index = _cases(client_record, coordinator, kela)[kind]
    before = model.objects.count()
    data = {**data, "form_token": _token(http.get(page).content.decode(), index)}
    first = http.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert model.objects.count() == before + 1
    second = http.post(url, data)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert model.objects.count() == before + 1
    texts = [m.message for m in get_messages(second.wsgi_request)]
    assert ALREADY_SENT in texts
    # a new page load gives a new token: a deliberate second record is still possible
    data["form_token"] = _token(http.get(page).content.decode(), index)
    assert http.post(url, data).status_code == 302
    assert model.objects.count() == before + 2


def test_a_portal_goal_sent_twice_creates_one(client_record, coordinator):
    http = portal_login(client_record, coordinator)
    token = _token(http.get("/portal/plan/").content.decode())
    data = {"form": "goal", "goal-text": "Haluan töihin kahvilaan", "form_token": token}
    first = http.post("/portal/plan/", data)
    assert first.status_code == 302
    second = http.post("/portal/plan/", data)
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Contribution.objects.filter(client=client_record, kind="goal").count() == 1
    assert ALREADY_SENT in [m.message for m in get_messages(second.wsgi_request)]


def test_a_refused_submit_does_not_use_up_the_token(client, client_record, coordinator):
    http = login(client, coordinator)
    url = f"/clients/{client_record.pk}/outcomes/"
    token = _token(http.get(url).content.decode())
    refused = http.post(url, {"kind": "education", "date": _day(3), "form_token": token})
    assert refused.status_code == 400 and not OutcomeEvent.objects.exists()
    assert not SubmittedForm.objects.exists()
    corrected = http.post(url, {"kind": "education", "date": _day(0), "form_token": token})
    assert corrected.status_code == 302 and OutcomeEvent.objects.count() == 1


def test_someone_elses_token_is_not_followed(client_record, coordinator, kela):
    from tests.factories import ProfessionalFactory

    colleague = ProfessionalFactory(organisation=coordinator.organisation)
    url = f"/clients/{client_record.pk}/outcomes/"
    mine = login(HttpClient(), coordinator)
    token = _token(mine.get(url).content.decode())
    data = {"kind": "education", "date": _day(0), "form_token": token}
    assert mine.post(url, data).status_code == 302
    theirs = login(HttpClient(), colleague).post(url, data)
    # no second record, and no redirect to what another person created: back to the form
    assert theirs.status_code in (302, 404) and OutcomeEvent.objects.count() == 1
    if theirs.status_code == 302:
        assert theirs["Location"] == url


def test_a_malformed_token_is_refused_with_a_message(client, client_record, coordinator):
    http = login(client, coordinator)
    url = f"/clients/{client_record.pk}/outcomes/"
    bad = http.post(url, {"kind": "education", "date": _day(0), "form_token": "<x>"})
    assert bad.status_code == 400 and "kertakäyttöinen tunniste" in bad.content.decode()
    assert not OutcomeEvent.objects.exists()


def test_tokens_older_than_a_day_are_cleaned(client, client_record, coordinator):
    old = SubmittedForm.objects.create(token="a" * 32, owner="user:0", redirect_to="/")
    SubmittedForm.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    recent = SubmittedForm.objects.create(token="b" * 32, owner="user:0", redirect_to="/")
    http = login(client, coordinator)
    url = f"/clients/{client_record.pk}/outcomes/"
    token = _token(http.get(url).content.decode())
    http.post(url, {"kind": "education", "date": _day(0), "form_token": token})
    assert set(SubmittedForm.objects.values_list("pk", flat=True)) == {
        recent.pk,
        SubmittedForm.objects.get(token=token).pk,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", KINDS)
def test_the_same_form_sent_at_the_same_moment_creates_one(client_record, coordinator, kela, kind):
    assert connection.vendor == "postgresql"
    page, url, data, model, index = _cases(client_record, coordinator, kela)[kind]
    before = model.objects.count()
    token = _token(login(HttpClient(), coordinator).get(page).content.decode(), index)
    data = {**data, "form_token": token}
    browsers = [login(HttpClient(), coordinator) for _ in range(4)]
    _race(browsers, url, data)
    assert model.objects.count() == before + 1


def _race(browsers, url, data):
    """Send the same form from every browser at the same moment: each is redirected, all to
    the same place, none gets an error."""
    start = threading.Barrier(len(browsers))
    answers: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def send(http):
        try:
            start.wait()
            response = http.post(url, data)
            answers.append((response.status_code, response.get("Location", "")))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [status for status, _ in answers] == [302] * len(browsers)
    assert len({location for _, location in answers}) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_portal_goal_sent_at_the_same_moment_creates_one(client_record, coordinator):
    assert connection.vendor == "postgresql"
    first = portal_login(client_record, coordinator)
    token = _token(first.get("/portal/plan/").content.decode())
    data = {"form": "goal", "goal-text": "Haluan töihin kahvilaan", "form_token": token}
    browsers = [first] + [portal_login(client_record, coordinator) for _ in range(3)]
    _race(browsers, "/portal/plan/", data)
    assert Contribution.objects.filter(client=client_record, kind="goal").count() == 1


def _api_cases(client_record, coordinator, kela):
    meeting = plan(client_record, coordinator)
    today = timezone.localdate().isoformat()
    base = f"/api/v1/clients/{client_record.pk}"
    return {
        "consent": (
            f"{base}/consents/",
            {
                "organisations": [kela.pk],
                "purpose": "coordination",
                "given_how": "in_person",
                "valid_from": today,
            },
            Consent,
        ),
        "agreement": (
            f"{base}/meetings/{meeting.pk}/agreements/",
            {"what": "Hakee opintotukea", "due_on": today, "owner_is_client": True},
            Agreement,
        ),
    }


@pytest.mark.parametrize("kind", ["consent", "agreement"])
def test_an_api_retry_with_the_same_idempotency_key_creates_one(
    signed_in, client_record, coordinator, kela, kind
):
    url, data, model = _api_cases(client_record, coordinator, kela)[kind]
    before = model.objects.count()
    key = {"HTTP_IDEMPOTENCY_KEY": "3f1c2a9e-7b4d-4c1e-9a55-0d2f6b8e1c77"}
    first = signed_in.post(url, data, content_type="application/json", **key)
    assert first.status_code == 201, first.content.decode()[:1000]
    again = signed_in.post(url, data, content_type="application/json", **key)
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert model.objects.count() == before + 1
    other = signed_in.post(
        url,
        {**data, "description": "x"} if kind == "consent" else {**data, "what": "Toinen asia"},
        content_type="application/json",
        **key,
    )
    assert other.status_code == 400 and "Idempotency-Key" in other.json()
    bad = signed_in.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="1")
    assert bad.status_code == 400 and "Idempotency-Key" in bad.json()
    # without a key every request creates (documented: no blind retries)
    assert signed_in.post(url, data, content_type="application/json").status_code == 201
    assert model.objects.count() == before + 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_api_requests_with_one_idempotency_key_at_the_same_moment_create_one(
    client_record, coordinator, kela
):
    assert connection.vendor == "postgresql"
    url, data, model = _api_cases(client_record, coordinator, kela)["agreement"]
    before = model.objects.count()
    browsers = [login(HttpClient(), coordinator) for _ in range(4)]
    start = threading.Barrier(len(browsers))
    answers: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def send(http):
        try:
            start.wait()
            response = http.post(
                url,
                data,
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY="b7e4a1d2-0c3f-4e59-8a61-92d7c5f0e3ab",
            )
            answers.append((response.status_code, response.json().get("id")))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [code for code, _ in answers] == [201] * len(browsers)
    assert len({pk for _, pk in answers}) == 1
    assert model.objects.count() == before + 1
