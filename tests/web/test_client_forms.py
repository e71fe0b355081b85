"""Recording and editing through the pages: bad input gets a clear message, nothing is
half-saved, and the page answers in the user's language."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.audit.models import AuditEvent
from polku.clients.models import Client, Consent, NetworkMember
from tests.conftest import login
from tests.factories import synthetic_hetu

pytestmark = pytest.mark.django_db


def _new_client(**overrides):
    data = {
        "hetu": synthetic_hetu(),
        "first_names": "Matti Johannes",
        "last_name": "Mäkelä",
        "preferred_language": "fi",
        "phone": "040 1234567",
        "email": "matti@example.fi",
        "postal_code": "60100",
        "municipality": "Seinäjoki",
        "has_online_credentials": "on",
    }
    data.update(overrides)
    return data


def _with_consent(data, kela, **overrides):
    consent = {
        "give_consent": "on",
        "consent-organisations": [kela.pk],
        "consent-purpose": "coordination",
        "consent-given_how": "in_person",
        "consent-valid_from": timezone.localdate().strftime("%d.%m.%Y"),
        "consent-valid_until": "",
    }
    consent.update(overrides)
    return {**data, **consent}


def test_recording_a_client_with_consent_makes_them_active(signed_in, coordinator, kela):
    response = signed_in.post("/clients/new/", _with_consent(_new_client(), kela))
    assert response.status_code == 302
    client = Client.objects.get(last_name="Mäkelä")
    assert client.status == "active"
    assert client.birth_date is not None
    assert NetworkMember.objects.get(client=client).professional_id == coordinator.pk
    assert AuditEvent.objects.filter(client=client, action="create").exists()


def test_without_consent_the_client_stays_in_intake_visible_to_the_recorder(signed_in):
    response = signed_in.post("/clients/new/", _new_client())
    client = Client.objects.get(last_name="Mäkelä")
    assert client.status == "intake"
    assert signed_in.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The check character does not match"),
        ("fi", "Tarkistusmerkki ei täsmää"),
        ("sv", "Kontrolltecknet stämmer inte"),
    ],
)
def test_invalid_hetu_is_explained_in_the_users_language(signed_in, language, expected):
    signed_in.cookies.load({"django_language": language})
    code = synthetic_hetu()
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = signed_in.post("/clients/new/", _new_client(hetu=wrong))
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not Client.objects.exists()


def test_a_duplicate_hetu_records_nothing_and_answers_as_before(signed_in):
    """Issue 18, finding 2: the same answer as for a new person (tests/clients/
    test_record_without_revealing.py); no second client."""
    code = synthetic_hetu()
    first = signed_in.post("/clients/new/", _new_client(hetu=code))
    response = signed_in.post("/clients/new/", _new_client(hetu=code.lower()))
    assert (response.status_code, response["Location"]) == (first.status_code, first["Location"])
    assert Client.objects.count() == 1


def test_consent_dates_in_the_wrong_order_save_nothing(signed_in, kela):
    today = timezone.localdate()
    data = _with_consent(
        _new_client(),
        kela,
        **{"consent-valid_until": (today - dt.timedelta(days=3)).strftime("%d.%m.%Y")},
    )
    signed_in.cookies.load({"django_language": "en"})
    response = signed_in.post("/clients/new/", data)
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.content.decode()
    assert not Client.objects.exists()
    assert not Consent.objects.exists()


def test_script_tags_in_free_text_are_refused(signed_in):
    signed_in.cookies.load({"django_language": "en"})
    response = signed_in.post("/clients/new/", _new_client(last_name="<script>alert(1)</script>"))
    assert response.status_code == 200
    assert "may not contain HTML tags" in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Client.objects.exists()


def test_over_long_text_is_refused(signed_in):
    response = signed_in.post("/clients/new/", _new_client(first_names="A" * 101))
    assert response.status_code == 200
    assert not Client.objects.exists()


def test_a_failure_in_the_middle_leaves_nothing_behind(signed_in, kela, monkeypatch):
    """The consent fails after the client row was written: the whole recording rolls back."""
    from polku.clients import services

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "give_consent", broken)
    with pytest.raises(RuntimeError):
        signed_in.post("/clients/new/", _with_consent(_new_client(), kela))
    assert not Client.objects.exists()
    assert not NetworkMember.objects.exists()


def test_withdrawal_takes_effect_at_once(client, coordinator, municipality, kela):
    from tests.factories import ProfessionalFactory, make_client

    colleague = ProfessionalFactory(organisation=municipality)
    record = make_client(coordinator=coordinator, consent_organisations=[municipality])
    from polku.clients import services

    services.add_member(client=record, by=coordinator, professional=colleague)
    login(client, colleague)
    assert client.get(f"/clients/{record.pk}/").status_code == 200
    consent = record.consents.get()
    login(client, coordinator)
    client.post(f"/clients/{record.pk}/consents/{consent.pk}/withdraw/", {"reason": "Asiakas"})
    login(client, colleague)
    assert client.get(f"/clients/{record.pk}/").status_code == 404


def test_editing_records_which_fields_changed(signed_in, client_record):
    response = signed_in.post(
        f"/clients/{client_record.pk}/edit/",
        {
            "first_names": client_record.first_names,
            "last_name": client_record.last_name,
            "preferred_language": "sv",
            "municipality": "Vaasa",
            "version": client_record.version,
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(client=client_record, action="update").latest("id")
    assert event.details == {"fields": ["municipality", "preferred_language"], "version": 2}
