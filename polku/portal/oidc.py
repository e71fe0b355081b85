"""Strong electronic identification for the portal through an OpenID Connect provider
(authorisation code flow with PKCE, state and nonce; the ID token's RS256 signature checked
against the provider's keys). The person is matched to a client by the henkilötunnus claim,
through the keyed search hash — the code itself is never stored.

Configured with POLKU_PORTAL_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET and _HETU_CLAIM; off
when no issuer is set. Tested against a real local provider the tests start."""

from __future__ import annotations

import base64
import hashlib
import secrets
from functools import lru_cache
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from polku.clients.models import Client, ClientStatus
from polku.clients.services import find_by_hetu_hash

SESSION = "portal_oidc"
TIMEOUT = 10


class SignInFailed(Exception):
    """Shown to the client as it is (in the client's language)."""


def enabled() -> bool:
    return bool(settings.POLKU_PORTAL_OIDC_ISSUER)


@lru_cache(maxsize=4)
def _discovery(issuer: str) -> dict:
    response = requests.get(
        f"{issuer.rstrip('/')}/.well-known/openid-configuration", timeout=TIMEOUT
    )
    response.raise_for_status()
    return response.json()


@lru_cache(maxsize=4)
def _keys(jwks_uri: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(jwks_uri, cache_keys=True)


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _redirect_uri(request) -> str:
    return request.build_absolute_uri(reverse("portal:oidc_callback"))


def authorization_url(request) -> str:
    config = _discovery(settings.POLKU_PORTAL_OIDC_ISSUER)
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    request.session[SESSION] = {"state": state, "nonce": nonce, "verifier": verifier}
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.POLKU_PORTAL_OIDC_CLIENT_ID,
            "redirect_uri": _redirect_uri(request),
            "scope": "openid",
            "state": state,
            "nonce": nonce,
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
            "ui_locales": request.LANGUAGE_CODE,
        }
    )
    return f"{config['authorization_endpoint']}?{query}"


def client_from_callback(request) -> Client:
    pending = request.session.pop(SESSION, None)
    failed = SignInFailed(_("The identification did not succeed. Please try again."))
    if not pending or request.GET.get("state") != pending["state"] or "code" not in request.GET:
        raise failed
    config = _discovery(settings.POLKU_PORTAL_OIDC_ISSUER)
    try:
        response = requests.post(
            config["token_endpoint"],
            data={
                "grant_type": "authorization_code",
                "code": request.GET["code"],
                "redirect_uri": _redirect_uri(request),
                "code_verifier": pending["verifier"],
            },
            auth=(settings.POLKU_PORTAL_OIDC_CLIENT_ID, settings.POLKU_PORTAL_OIDC_CLIENT_SECRET),
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        token = response.json()["id_token"]
        key = _keys(config["jwks_uri"]).get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            key.key,
            algorithms=["RS256"],
            audience=settings.POLKU_PORTAL_OIDC_CLIENT_ID,
            issuer=config["issuer"],
        )
    except (requests.RequestException, KeyError, ValueError, jwt.PyJWTError):
        raise failed from None
    if claims.get("nonce") != pending["nonce"]:
        raise failed
    hashes = find_by_hetu_hash(str(claims.get(settings.POLKU_PORTAL_OIDC_HETU_CLAIM, "")))
    client = (
        Client.objects.filter(hetu_hash__in=hashes).exclude(status=ClientStatus.CLOSED).first()
        if hashes
        else None
    )
    if client is None:
        raise SignInFailed(
            _("You were identified, but Polku has no service for you. Ask your coordinator.")
        )
    return client
