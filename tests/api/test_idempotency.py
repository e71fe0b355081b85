"""Every API POST that creates honours `Idempotency-Key` (issue 18, finding 11), through one
mechanism (polku.api.idempotency). The creating operations are found from the OpenAPI
document (a POST answering 201 or 202): each must document the header, and each has a case
here that sends the same request twice with one key and gets one record and the same answer."""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from polku.clients.models import Client, Consent, NetworkMember
from polku.knots.models import Application, Blocker
from polku.meetings.models import Agreement
from polku.referrals.models import Referral
from tests.conftest import login
from tests.factories import ProfessionalFactory, synthetic_hetu
from tests.knots.factories import application, catalogue_service
from tests.meetings.helpers import plan
from tests.referrals.conftest import (  # noqa: F401 (fixtures of the referral case)
    colleague,
    kela_special,
    manager,
    partner,
    referral_data,
    shelter,
    team,
    worker,
)

pytestmark = pytest.mark.django_db

KEY = "3f1c2a9e-7b4d-4c1e-9a55-0d2f6b8e1c77"
HEADER = "Idempotency-Key"


@dataclass
class Case:
    url: str
    data: dict[str, Any]
    count: Callable[[], int]
    other: dict[str, Any]  # a different request (for the same key: refused)
    user: Any = None  # who sends it (default: the client's coordinator)


def _consent(f):
    data = {
        "organisations": [f["kela"].pk],
        "purpose": "coordination",
        "given_how": "in_person",
        "valid_from": timezone.localdate().isoformat(),
    }
    return Case(
        f"/api/v1/clients/{f['client'].pk}/consents/",
        data,
        Consent.objects.count,
        {**data, "description": "x"},
    )


def _agreement(f):
    meeting = plan(f["client"], f["coordinator"])
    data = {
        "what": "Hakee opintotukea",
        "due_on": timezone.localdate().isoformat(),
        "owner_is_client": True,
    }
    return Case(
        f"/api/v1/clients/{f['client'].pk}/meetings/{meeting.pk}/agreements/",
        data,
        Agreement.objects.count,
        {**data, "what": "Toinen asia"},
    )


def _member(f):
    nurse = ProfessionalFactory(organisation=f["kela"], profession="nurse")
    other = ProfessionalFactory(organisation=f["kela"], profession="nurse")
    return Case(
        f"/api/v1/clients/{f['client'].pk}/network/",
        {"professional": nurse.pk, "responsibility": "Terveys"},
        NetworkMember.objects.count,
        {"professional": other.pk, "responsibility": "Terveys"},
    )


def _application(f):
    catalogue_service("tyottomyysturva", name="Yleistuki")
    submitted = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    data = {"service": "tyottomyysturva", "status": "pending", "submitted": submitted}
    return Case(
        f"/api/v1/clients/{f['client'].pk}/applications/",
        data,
        Application.objects.count,
        {**data, "status": "draft", "submitted": None},
    )


def _blocker(f):
    waiting = application(f["client"], f["coordinator"])
    return Case(
        f"/api/v1/clients/{f['client'].pk}/applications/{waiting.pk}/blockers/",
        {"kind": "statement", "what": "B-lausunto"},
        Blocker.objects.count,
        {"kind": "statement", "what": "C-lausunto"},
    )


def _referral(f):
    fixture = f["request"].getfixturevalue
    receiving, sender = fixture("team"), fixture("partner")
    data = referral_data()
    data["preferred_language"] = data.pop("language")
    return Case(
        "/api/v1/referrals/",
        {"team": receiving.pk, **data},
        Referral.objects.count,
        {"team": receiving.pk, **data, "situation": "Toinen tilanne"},
        user=sender,
    )


def _client(f):
    hetu = synthetic_hetu(dt.date(1975, 5, 5))
    return Case(
        "/api/v1/clients/",
        {"hetu": hetu, "first_names": "Aino", "last_name": "Mäkelä"},
        Client.objects.count,
        {"hetu": hetu, "first_names": "Aino", "last_name": "Mäkinen"},
    )


CASES: dict[tuple[str, str], Callable[[dict[str, Any]], Case]] = {
    ("post", "/api/v1/clients/"): _client,
    ("post", "/api/v1/clients/{client_id}/consents/"): _consent,
    ("post", "/api/v1/clients/{client_id}/network/"): _member,
    ("post", "/api/v1/clients/{client_id}/meetings/{meeting_id}/agreements/"): _agreement,
    ("post", "/api/v1/clients/{client_id}/applications/"): _application,
    ("post", "/api/v1/clients/{client_id}/applications/{application_id}/blockers/"): _blocker,
    ("post", "/api/v1/referrals/"): _referral,
}


@pytest.fixture
def document(signed_in):
    response = signed_in.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def _creating(document) -> dict[tuple[str, str], dict]:
    return {
        (method, path): operation
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method == "post" and {"201", "202"} & set(operation["responses"])
    }


def test_every_creating_operation_documents_the_key_and_has_a_case(document):
    creating = _creating(document)
    assert len(creating) >= 7
    for (method, path), operation in creating.items():
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert HEADER in names, f"{method.upper()} {path} does not document {HEADER}"
    assert set(creating) == set(CASES), set(creating) ^ set(CASES)


def test_operations_that_do_not_create_do_not_offer_the_key(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if (method, path) in CASES:
                continue
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
            assert HEADER not in names, f"{method.upper()} {path}"


@pytest.mark.parametrize("operation", sorted(CASES), ids=lambda o: o[1])
def test_a_retry_with_the_same_key_creates_one(
    request, client_record, coordinator, kela, operation
):
    fixtures = {"client": client_record, "coordinator": coordinator, "kela": kela}
    case = CASES[operation]({**fixtures, "request": request})
    http = login(HttpClient(), case.user or coordinator)
    before = case.count()

    def send(data, key=KEY):
        extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        return http.post(case.url, data, content_type="application/json", **extra)

    first = send(case.data)
    assert first.status_code in (201, 202), first.content.decode()[:1000]
    assert case.count() == before + 1
    again = send(case.data)
    assert again.status_code == first.status_code
    assert again.json() == first.json()
    assert case.count() == before + 1
    other = send(case.other)
    assert other.status_code == 400 and HEADER in other.json()
    assert "toiseen pyyntöön" in other.json()[HEADER][0]  # in Finnish, the default language
    bad = send(case.data, key="1")
    assert bad.status_code == 400 and HEADER in bad.json()
    assert case.count() == before + 1


def test_a_refused_request_does_not_use_up_the_key(signed_in, client_record, coordinator):
    url = f"/api/v1/clients/{client_record.pk}/applications/"
    catalogue_service("tyottomyysturva", name="Yleistuki")
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    data = {"service": "tyottomyysturva", "status": "pending", "submitted": future}
    extra = {"HTTP_IDEMPOTENCY_KEY": KEY}
    refused = signed_in.post(url, data, content_type="application/json", **extra)
    assert refused.status_code == 400 and not Application.objects.exists()
    corrected = {**data, "submitted": timezone.localdate().isoformat()}
    accepted = signed_in.post(url, corrected, content_type="application/json", **extra)
    assert accepted.status_code == 201 and Application.objects.count() == 1


def test_a_key_is_per_user(client_record, coordinator, kela):
    """Another professional's key of the same value is theirs: no replay of someone else's."""
    case = _blocker({"client": client_record, "coordinator": coordinator, "kela": kela})
    mine = login(HttpClient(), coordinator)
    assert (
        mine.post(
            case.url, case.data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY
        ).status_code
        == 201
    )
    from polku.clients import services as client_services

    nurse = ProfessionalFactory(organisation=kela, profession="nurse")
    client_services.add_member(client=client_record, by=coordinator, professional=nurse)
    theirs = login(HttpClient(), nurse).post(
        case.url, case.data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY
    )
    assert theirs.status_code == 201 and Blocker.objects.count() == case.count() == 2
