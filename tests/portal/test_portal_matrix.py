"""The portal's authorisation matrix: every portal page and API endpoint, found from the URL
configuration (a new one is covered without being listed), for every kind of caller — no
one, a professional who sees the client, the client, and the client with another client's
ids. Only the client reaches their own data; everything of another client is "not found"."""

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from polku.clients.models import Consent
from tests.factories import make_client
from tests.meetings.helpers import plan

from .conftest import portal_login

pytestmark = pytest.mark.django_db
PUBLIC = {"portal:sign_in", "portal:oidc_start", "portal:oidc_callback", "portal:sign_out"}
# professionals' pages: the code is a client page (in the main matrix, tests/access)
PROFESSIONAL = {"portal:create_code", "portal:feedback_summary"}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", tuple(entry.pattern.regex.groupindex)


URLS = sorted(
    {
        (name, kwargs)
        for name, kwargs in _walk(get_resolver().url_patterns)
        if (name.startswith("portal:") or name.startswith("v1:portal-"))
        and name not in PUBLIC | PROFESSIONAL
    }
)


def test_the_matrix_finds_the_portal():
    names = {name for name, _ in URLS}
    assert {
        "portal:home",
        "portal:consent_withdraw",
        "portal:meeting_ics",
        "v1:portal-plan",
    } <= names


@pytest.fixture
def world(client_record, coordinator):
    other = make_client(coordinator=coordinator, first_names="Eero")
    ids = {
        "own": {
            "meeting_id": plan(client_record, coordinator).pk,
            "consent_id": Consent.objects.get(client=client_record).pk,
        },
        "other": {
            "meeting_id": plan(other, coordinator).pk,
            "consent_id": Consent.objects.get(client=other).pk,
        },
    }
    return ids


def _call(http, url):
    response = http.get(url)
    return http.post(url, {}) if response.status_code == 405 else response


@pytest.mark.parametrize(("name", "kwargs"), URLS, ids=[name for name, _ in URLS])
def test_portal_matrix(name, kwargs, world, client_record, coordinator, signed_in):
    own = reverse(name, kwargs={k: world["own"][k] for k in kwargs})
    api = name.startswith("v1:")
    for caller in (HttpClient(), signed_in):  # no one; a professional who sees the client
        response = _call(caller, own)
        if api:
            assert response.status_code in (401, 403), f"{own}: {response.status_code}"
        else:
            assert response.status_code == 302, f"{own}: {response.status_code}"
            assert response["Location"].startswith("/portal/sign-in/")
    me = portal_login(client_record, coordinator)
    response = _call(me, own)
    assert response.status_code in (200, 302), f"{own}: {response.status_code}"
    if response.status_code == 302:
        assert not response["Location"].startswith("/portal/sign-in/")
    if kwargs:
        theirs = reverse(name, kwargs={k: world["other"][k] for k in kwargs})
        assert _call(me, theirs).status_code == 404, f"another client's {theirs}"
