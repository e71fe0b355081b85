"""Consents through the API: list, give, withdraw (at once), and lookups within the client."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.clients import services
from polku.clients.models import ClientStatus, Consent
from tests.api.conftest import API, events, post_json
from tests.conftest import login
from tests.factories import ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db


def consent_payload(*organisations, **changes):
    return {
        "organisations": [o.pk for o in organisations],
        "purpose": "benefits",
        "given_how": "written",
        "valid_from": timezone.localdate().isoformat(),
        "description": "Kelan kuntoutushakemus",
        **changes,
    }


def test_list_consents_and_audit(api, coordinator, client_record, kela):
    response = api.get(f"{API}/clients/{client_record.pk}/consents/")
    assert response.status_code == 200
    [consent] = response.json()["results"]
    assert consent["purpose"] == "coordination"
    assert consent["organisations"] == [{"id": kela.pk, "name": kela.name}]
    assert consent["recorded_by"] == {"id": coordinator.pk, "name": coordinator.get_full_name()}
    assert consent["in_force"] is True
    assert consent["withdrawn_at"] is None
    assert events(client_record, action="view", target="consents").count() == 1


def test_give_consent(api, coordinator, client_record, kela, municipality):
    response = post_json(
        api,
        f"{API}/clients/{client_record.pk}/consents/",
        consent_payload(kela, municipality, valid_until="2099-12-31"),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    consent = Consent.objects.get(pk=body["id"])
    assert consent.client_id == client_record.pk
    assert {o["id"] for o in body["organisations"]} == {kela.pk, municipality.pk}
    assert body["valid_until"] == "2099-12-31"
    assert body["description"] == "Kelan kuntoutushakemus"
    assert events(client_record, action="create", target=f"consent:{consent.pk}").count() == 1


def test_giving_consent_to_a_client_in_intake_activates_it(api, coordinator, kela):
    intake = make_client(coordinator=coordinator, with_consent=False)
    response = post_json(api, f"{API}/clients/{intake.pk}/consents/", consent_payload(kela))
    assert response.status_code == 201
    intake.refresh_from_db()
    assert intake.status == ClientStatus.ACTIVE


def test_consent_dates_in_the_wrong_order_are_refused(api, client_record, kela):
    today = timezone.localdate()
    response = post_json(
        api,
        f"{API}/clients/{client_record.pk}/consents/",
        consent_payload(kela, valid_until=(today - dt.timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 400
    assert response.json()["valid_until"]
    assert client_record.consents.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organisations": []}, "organisations"),
        ({"organisations": [999999]}, "organisations"),
        ({"purpose": "marketing"}, "purpose"),
        ({"given_how": "telepathy"}, "given_how"),
        ({"valid_from": "1.2.2025"}, "valid_from"),
        ({"description": "<script>alert(1)</script>"}, "description"),
        ({"description": "x" * 501}, "description"),
    ],
)
def test_bad_consent_input_is_refused(api, client_record, kela, changes, field):
    response = post_json(
        api, f"{API}/clients/{client_record.pk}/consents/", consent_payload(kela, **changes)
    )
    assert response.status_code == 400
    assert field in response.json()


def test_withdraw_consent(api, coordinator, client_record, kela, municipality):
    extra = services.give_consent(
        client=client_record,
        by=coordinator,
        organisations=[municipality],
        purpose="benefits",
        given_how="phone",
        valid_from=timezone.localdate(),
    )
    response = post_json(
        api,
        f"{API}/clients/{client_record.pk}/consents/{extra.pk}/withdraw/",
        {"reason": "Asiakas perui puhelimessa."},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["withdrawn_at"] is not None
    assert body["withdrawn_by"]["id"] == coordinator.pk
    assert body["withdrawal_reason"] == "Asiakas perui puhelimessa."
    assert body["in_force"] is False
    extra.refresh_from_db()
    assert extra.withdrawn_at is not None
    assert events(client_record, action="update", target=f"consent:{extra.pk}").count() == 1


def test_withdrawing_twice_is_refused_with_a_message(api, coordinator, client_record, municipality):
    extra = services.give_consent(
        client=client_record,
        by=coordinator,
        organisations=[municipality],
        purpose="benefits",
        given_how="phone",
        valid_from=timezone.localdate(),
    )
    url = f"{API}/clients/{client_record.pk}/consents/{extra.pk}/withdraw/"
    assert post_json(api, url, {}).status_code == 200
    response = post_json(api, url, {})
    assert response.status_code == 400
    assert response.json()["non_field_errors"]


def test_withdrawal_reason_with_markup_is_refused(api, client_record):
    consent = client_record.consents.get()
    response = post_json(
        api,
        f"{API}/clients/{client_record.pk}/consents/{consent.pk}/withdraw/",
        {"reason": "<script>alert(1)</script>"},
    )
    assert response.status_code == 400
    assert "reason" in response.json()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_withdrawal_takes_effect_at_once(client, coordinator, kela, municipality):
    worker = ProfessionalFactory(organisation=municipality)
    record = make_client(coordinator=coordinator)
    extra = services.give_consent(
        client=record,
        by=coordinator,
        organisations=[municipality],
        purpose="coordination",
        given_how="in_person",
        valid_from=timezone.localdate(),
    )
    services.add_member(client=record, by=coordinator, professional=worker)
    login(client, worker)
    assert client.get(f"{API}/clients/{record.pk}/").status_code == 200

    response = post_json(client, f"{API}/clients/{record.pk}/consents/{extra.pk}/withdraw/", {})

    assert response.status_code == 200
    assert client.get(f"{API}/clients/{record.pk}/").status_code == 404
    assert client.get(f"{API}/clients/").json()["count"] == 0


def test_a_consent_of_another_client_is_404(api, coordinator, client_record):
    other = make_client(coordinator=coordinator)  # visible to the same user
    foreign = other.consents.get()
    response = post_json(
        api, f"{API}/clients/{client_record.pk}/consents/{foreign.pk}/withdraw/", {}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.withdrawn_at is None


def test_an_unknown_consent_is_404(api, client_record):
    response = post_json(api, f"{API}/clients/{client_record.pk}/consents/999999/withdraw/", {})
    assert response.status_code == 404


def test_withdraw_is_post_only(api, client_record):
    consent = client_record.consents.get()
    url = f"{API}/clients/{client_record.pk}/consents/{consent.pk}/withdraw/"
    assert api.get(url).status_code == 405
