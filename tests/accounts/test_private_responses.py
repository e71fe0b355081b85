"""Every response to a signed-in person is `Cache-Control: no-store, private` — over every
client-data URL the access matrix finds and every portal page (issue #18, finding 6)."""

import pytest

from tests.access.client_urls import client_data_urls, extra_ids
from tests.conftest import login
from tests.portal.conftest import portal_login
from tests.portal.test_portal_matrix import URLS as PORTAL_URLS
from tests.portal.test_portal_matrix import world as world

pytestmark = pytest.mark.django_db
CLIENT_URLS = client_data_urls()
OTHER_PAGES = ["/", "/accounts/password/", "/feedback/", "/api/v1/clients/"]


def _directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}


def _assert_private(response, url):
    directives = _directives(response)
    assert {"no-store", "private"} <= directives, (
        f"{url} ({response.status_code}): Cache-Control {response.get('Cache-Control')!r}"
    )
    assert "public" not in directives


def _call(http, url):
    response = http.get(url)
    return http.post(url, {}) if response.status_code == 405 else response


def test_the_matrix_is_not_empty():
    assert len(CLIENT_URLS) > 20
    assert any(u.is_api for u in CLIENT_URLS)
    assert len(PORTAL_URLS) > 5


def test_every_professional_response_is_no_store_private(client, client_record, coordinator):
    ids = {
        "client_id": client_record.pk,
        "consent_id": client_record.consents.order_by("id").first().pk,
        **extra_ids(client_record, coordinator),
    }
    from polku.clients.models import NetworkMember

    member = NetworkMember.objects.filter(client=client_record).first()
    ids.setdefault("member_id", member.pk if member else 1)
    login(client, coordinator)
    checked = 0
    for client_url in CLIENT_URLS:
        # an id no module provides yet: a 404 must be no-store, private too
        url = client_url.build({k: ids.get(k, 999_999) for k in client_url.kwargs})
        _assert_private(_call(client, url), url)
        checked += 1
    for url in OTHER_PAGES:
        _assert_private(client.get(url), url)
    assert checked == len(CLIENT_URLS)


def test_every_portal_response_is_no_store_private(world, client_record, coordinator):
    from django.urls import reverse

    http = portal_login(client_record, coordinator)
    for name, kwargs in PORTAL_URLS:
        url = reverse(name, kwargs={k: world["own"][k] for k in kwargs})
        _assert_private(_call(http, url), url)
