"""Strong electronic identification for the portal through an OpenID Connect provider, with
Authlib's Django client: the authorisation code flow with PKCE (S256), state and nonce kept in
the session, the provider found by discovery, the ID token's signature checked against the
provider's keys (refetched when the provider rotates them), its issuer, audience, expiry and
nonce. The person is matched to a client by the henkilötunnus claim, through the keyed search
hash — the code itself is never stored.

Authlib rather than mozilla-django-oidc: the portal's client is not a Django user, so what is
needed is the OpenID Connect client, not an authentication backend that logs in users.

Configured with POLKU_PORTAL_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET and _HETU_CLAIM; off
when no issuer is set. Tested against a real local provider the tests start."""

from __future__ import annotations

from functools import lru_cache

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from joserfc.errors import JoseError

from polku.clients.models import Client, ClientStatus
from polku.clients.services import find_by_hetu_hash

TIMEOUT = 10


class SignInFailed(Exception):
    """Shown to the client as it is (in the client's language)."""


def enabled() -> bool:
    return bool(settings.POLKU_PORTAL_OIDC_ISSUER)


def _provider() -> DjangoOAuth2App:
    provider = _registered(
        settings.POLKU_PORTAL_OIDC_ISSUER,
        settings.POLKU_PORTAL_OIDC_CLIENT_ID,
        settings.POLKU_PORTAL_OIDC_CLIENT_SECRET,
    )
    # Discovery once per client; an ID token is accepted signed with RS256 only, whatever
    # else the provider lists.
    provider.load_server_metadata()["id_token_signing_alg_values_supported"] = ["RS256"]
    return provider


@lru_cache(maxsize=4)
def _registered(issuer: str, client_id: str, secret: str) -> DjangoOAuth2App:
    """One client per configuration: it keeps the discovery document and the provider's keys."""
    oauth = OAuth()
    oauth.register(
        "portal",
        client_id=client_id,
        client_secret=secret,  # sent as HTTP Basic (client_secret_basic)
        server_metadata_url=f"{issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid",
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT,
        },
    )
    return oauth.create_client("portal")


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("portal:oidc_callback"))


def authorization_url(request: HttpRequest) -> str:
    """The provider's sign-in page; state, nonce and the PKCE verifier wait in the session."""
    provider = _provider()
    redirect_uri = _redirect_uri(request)
    found = provider.create_authorization_url(redirect_uri, ui_locales=request.LANGUAGE_CODE)
    provider.save_authorize_data(request, redirect_uri=redirect_uri, **found)
    return found["url"]


def client_from_callback(request: HttpRequest) -> Client:
    failed = SignInFailed(_("The identification did not succeed. Please try again."))
    if "code" not in request.GET or "state" not in request.GET:
        raise failed
    try:
        token = _provider().authorize_access_token(request)
    except (AuthlibBaseError, JoseError, requests.RequestException, KeyError, ValueError):
        raise failed from None
    claims = token.get("userinfo")  # the ID token's claims, checked; none without an ID token
    if not claims:
        raise failed
    hetu = str(claims.get(settings.POLKU_PORTAL_OIDC_HETU_CLAIM, ""))
    hashes = find_by_hetu_hash(hetu)
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
