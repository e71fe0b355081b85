"""The referrals API: the partner creates and reads the status, the team lists and claims;
everyone else gets 404."""

import pytest

from polku.referrals import services
from polku.referrals.models import Referral
from tests.conftest import login

from .conftest import referral_data

pytestmark = pytest.mark.django_db


def _as(http, user):
    http.logout()
    http.cookies.load({"django_language": "en"})
    return login(http, user)


def _payload(**overrides):
    data = referral_data(**overrides)
    data["preferred_language"] = data.pop("language")
    return data


def test_partner_creates_and_reads_the_status(client, partner, team, worker):
    http = _as(client, partner)
    response = http.post(
        "/api/v1/referrals/", {"team": team.pk, **_payload()}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "received" and body["named_worker"] == ""
    assert "first_names" not in body and "hetu" not in body and "situation" not in body
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    referral = Referral.objects.get()
    services.claim(referral=referral, by=worker)
    body = http.get(f"/api/v1/referrals/{referral.pk}/").json()
    assert body["status"] == "claimed" and body["named_worker"] == worker.get_full_name()
    assert [row["id"] for row in http.get("/api/v1/referrals/").json()["results"]] == [referral.pk]


def test_bad_input_is_400_with_field_messages(client, partner, team):
    http = _as(client, partner)
    response = http.post(
        "/api/v1/referrals/",
        {"team": team.pk, **_payload(hetu="010190-1234", consent_in_person=False)},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "check character" in body["hetu"][0]
    assert "consent" in body["consent_in_person"][0]
    assert not Referral.objects.exists()


def test_team_lists_the_queue_and_claims_once(client, referral, worker, colleague):
    http = _as(client, worker)
    queue = http.get("/api/v1/referrals/queue/").json()["results"]
    assert [row["id"] for row in queue] == [referral.pk]
    assert queue[0]["working_days_left"] >= 0 and queue[0]["last_name"] == referral.last_name
    response = http.post(f"/api/v1/referrals/{referral.pk}/claim/")
    assert response.status_code == 200 and response.json()["status"] == "claimed"
    response = _as(client, colleague).post(f"/api/v1/referrals/{referral.pk}/claim/")
    assert response.status_code == 400


def test_others_get_404(client, referral, partner, other_partner, outsider):
    for user in (other_partner, outsider):
        http = _as(client, user)
        assert http.get(f"/api/v1/referrals/{referral.pk}/").status_code == 404
        assert http.post(f"/api/v1/referrals/{referral.pk}/claim/").status_code == 404
        assert http.get("/api/v1/referrals/").json()["results"] == []
        assert http.get("/api/v1/referrals/queue/").json()["results"] == []
    http = _as(client, partner)
    assert http.post(f"/api/v1/referrals/{referral.pk}/claim/").status_code == 404
    assert http.get("/api/v1/referrals/queue/").json()["results"] == []


def test_anonymous_is_refused(client, referral):
    assert client.get("/api/v1/referrals/").status_code == 403


def test_the_partner_api_shows_the_referred_name_and_audits_it(client, referral, partner):
    from polku.audit.models import AuditEvent

    http = _as(client, partner)
    listed = http.get("/api/v1/referrals/").json()["results"]
    assert [row["client_name"] for row in listed] == [referral.full_name]
    assert http.get(f"/api/v1/referrals/{referral.pk}/").json()["client_name"] == referral.full_name
    event = AuditEvent.objects.get(actor=partner, target="referral_list:partner")
    assert event.details["client_names_shown"] == [referral.pk]
    assert AuditEvent.objects.filter(
        actor=partner, target=f"referral:{referral.pk}:status", details__client_name_shown=True
    ).exists()


def test_the_partner_api_tells_the_lateness_the_queue_tells(client, referral, partner, worker):
    import datetime as dt

    Referral.objects.filter(pk=referral.pk).update(deadline=dt.date(2020, 1, 2))
    queued = _as(client, worker).get("/api/v1/referrals/queue/").json()["results"][0]
    http = _as(client, partner)
    status = http.get(f"/api/v1/referrals/{referral.pk}/").json()
    listed = http.get("/api/v1/referrals/").json()["results"][0]
    assert queued["overdue"] and queued["working_days_left"] < 0
    for body in (status, listed):
        assert body["overdue"] is True
        assert body["working_days_left"] == queued["working_days_left"]
