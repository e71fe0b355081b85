"""Strong identification against a real local OpenID Connect provider: the whole code path
(discovery, authorisation with state, nonce and PKCE, the token exchange, the RS256
signature against the provider's keys, the henkilötunnus claim matched to a client)."""

import jwt
import pytest
import requests
from django.test import Client as HttpClient

from polku.audit.models import AuditEvent

from .oidc_provider import Provider

pytestmark = pytest.mark.django_db


def _identify(provider, settings) -> tuple[HttpClient, object]:
    settings.POLKU_PORTAL_OIDC_ISSUER = provider.issuer
    settings.POLKU_PORTAL_OIDC_CLIENT_ID = provider.client_id
    settings.POLKU_PORTAL_OIDC_CLIENT_SECRET = provider.secret
    http = HttpClient()
    start = http.get("/portal/sign-in/oidc/")
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer)
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    callback = back.headers["Location"].replace("http://testserver", "")
    return http, http.get(callback)


def test_a_client_identified_by_the_provider_signs_in(settings, client_record):
    with Provider(hetu=client_record.reveal_hetu()) as provider:
        http, response = _identify(provider, settings)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert http.get("/portal/").status_code == 200
    event = AuditEvent.objects.get(client=client_record, action="login", target="portal")
    assert event.details == {"method": "oidc"}


def test_a_person_polku_does_not_know_is_not_signed_in(settings, client_record):
    with Provider(hetu="010190-999P") as provider:
        http, response = _identify(provider, settings)
    assert response["Location"] == "/portal/sign-in/"
    assert http.get("/portal/")["Location"].startswith("/portal/sign-in/")


def test_a_wrong_nonce_or_a_wrong_secret_fails(settings, client_record):
    with Provider(hetu=client_record.reveal_hetu()) as provider:
        provider.nonce_override = "replayed"
        _http, response = _identify(provider, settings)
        assert response["Location"] == "/portal/sign-in/"
        provider.nonce_override = None
        provider.secret = "changed"
        settings.POLKU_PORTAL_OIDC_CLIENT_SECRET = "wrong"
        http = HttpClient()
        start = http.get("/portal/sign-in/oidc/")
        back = requests.get(start["Location"], allow_redirects=False, timeout=5)
        response = http.get(back.headers["Location"].replace("http://testserver", ""))
    assert response["Location"] == "/portal/sign-in/"
    assert not AuditEvent.objects.filter(action="login", target="portal").exists()


def test_a_forged_state_is_refused(settings, client_record):
    with Provider(hetu=client_record.reveal_hetu()) as provider:
        settings.POLKU_PORTAL_OIDC_ISSUER = provider.issuer
        http = HttpClient()
        http.get("/portal/sign-in/oidc/")
        response = http.get("/portal/sign-in/oidc/callback/?code=x&state=forged")
    assert response["Location"] == "/portal/sign-in/"


def test_an_id_token_not_signed_with_rs256_is_refused(settings, client_record):
    with Provider(hetu=client_record.reveal_hetu()) as provider:
        signed = provider.id_token

        def with_a_shared_key(nonce: str) -> str:  # HS256: anyone holding the key could sign
            claims = jwt.decode(signed(nonce), options={"verify_signature": False})
            return jwt.encode(claims, "k" * 32, algorithm="HS256", headers={"kid": "test"})

        provider.id_token = with_a_shared_key
        _http, response = _identify(provider, settings)
    assert response["Location"] == "/portal/sign-in/"
    assert not AuditEvent.objects.filter(action="login", target="portal").exists()
