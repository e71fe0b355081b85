"""Issue 18, finding 12: two people editing a client's details at once must not silently
revert each other's change (optimistic locking, as on plans and meetings)."""

import re

import pytest
from django.test import Client as HttpClient

from polku.audit.models import AuditEvent
from polku.clients.services import CLIENT_FIELDS
from tests.conftest import login

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _form_of(client, **changes) -> dict:
    data = {}
    for name in CLIENT_FIELDS:
        value = getattr(client, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    data["version"] = client.version
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_stale_form_does_not_revert_anothers_change(client_record, coordinator):
    first = login(HttpClient(), coordinator)
    second = login(HttpClient(), coordinator)
    second.cookies.load({"django_language": "fi"})
    loaded = _form_of(client_record)  # both browsers loaded version 1
    url = f"/clients/{client_record.pk}/edit/"

    saved = first.post(url, {**loaded, "phone": "040 111 2222"})
    assert saved.status_code == 302
    stale = second.post(url, {**loaded, "street_address": "Kauppakatu 1"})

    client_record.refresh_from_db()
    assert client_record.phone == "040 111 2222"  # not reverted
    assert client_record.street_address != "Kauppakatu 1"  # not saved from the stale copy
    page = stale.content.decode()
    assert stale.status_code == 200
    assert "Joku muu tallensi" in page
    assert 'value="Kauppakatu 1"' in page  # the user's input is kept
    assert "040 111 2222" in page  # what was saved meanwhile is shown
    assert re.search(r'name="version" value="2"', page)  # a second save is made knowingly
    # Saving again, knowingly, from the current version applies the user's input.
    again = second.post(url, {**loaded, "street_address": "Kauppakatu 1", "version": 2})
    assert again.status_code == 302
    client_record.refresh_from_db()
    assert client_record.street_address == "Kauppakatu 1"
    assert client_record.version == 3


def test_the_form_needs_the_version(client_record, coordinator):
    http = login(HttpClient(), coordinator)
    data = _form_of(client_record, phone="040 999")
    del data["version"]
    assert http.post(f"/clients/{client_record.pk}/edit/", data).status_code == 200
    client_record.refresh_from_db()
    assert client_record.phone != "040 999"


def test_the_edit_page_carries_the_version(client_record, coordinator):
    http = login(HttpClient(), coordinator)
    page = http.get(f"/clients/{client_record.pk}/edit/").content.decode()
    assert 'name="version"' in page and 'value="1"' in page


def test_a_stale_api_change_is_refused_with_409(client_record, coordinator):
    http = login(HttpClient(), coordinator)
    url = f"{API}/clients/{client_record.pk}/"
    version = http.get(url).json()["version"]

    first = http.patch(
        url, {"phone": "040 111 2222", "version": version}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["version"] == version + 1
    second = http.patch(
        url,
        {"street_address": "Kauppakatu 1", "version": version},
        content_type="application/json",
        headers={"accept-language": "fi"},
    )

    assert second.status_code == 409
    assert "Joku muu tallensi" in second.json()["version"][0]
    client_record.refresh_from_db()
    assert client_record.phone == "040 111 2222"
    assert client_record.street_address != "Kauppakatu 1"
    assert AuditEvent.objects.filter(client=client_record, action="update").count() == 1


def test_an_api_change_without_the_version_is_refused(client_record, coordinator):
    http = login(HttpClient(), coordinator)
    answer = http.patch(
        f"{API}/clients/{client_record.pk}/", {"phone": "1"}, content_type="application/json"
    )
    assert answer.status_code == 400 and "version" in answer.json()
