"""The client's portal session: a separate identity from professionals. Signing in flushes
whatever the browser's session held (a professional's sign-in included) and keeps only the
client's id; every portal view takes the client from here, never from the URL. The two
identities never share a session: a professional's sign-in drops the portal keys
(polku.accounts.signals), and a browser signed in as a professional gets no portal page
(current_client is None for it). Sessions are
short: idle and absolute limits (POLKU_PORTAL_IDLE_SECONDS, POLKU_PORTAL_MAX_SECONDS).
Every sign-in and sign-out is audited on the client."""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from polku.audit.models import Action
from polku.audit.services import record
from polku.clients.models import Client, ClientStatus

KEY = "portal_client"
STARTED = "portal_started"
SEEN = "portal_seen"


def sign_in(request, client: Client, *, method: str) -> None:
    request.session.flush()
    now = int(time.time())
    request.session[KEY] = client.pk
    request.session[STARTED] = now
    request.session[SEEN] = now
    request.session.set_expiry(settings.POLKU_PORTAL_IDLE_SECONDS)
    translation.activate(client.preferred_language)
    record(
        actor=None,
        action=Action.LOGIN,
        client=client,
        target="portal",
        request=request,
        details={"method": method},
    )


def drop(session) -> None:
    """Remove the portal identity from a session (a professional signed in on it)."""
    for key in (KEY, STARTED, SEEN):
        session.pop(key, None)


def sign_out(request) -> None:
    client_id = request.session.get(KEY)
    request.session.flush()
    if client_id:
        record(actor=None, action=Action.LOGOUT, client=client_id, target="portal", request=request)


def current_client(request) -> Client | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # A professional is signed in on this browser: the portal is not theirs.
        drop(request.session)
        return None
    client_id = request.session.get(KEY)
    if not client_id:
        return None
    now = int(time.time())
    idle = now - int(request.session.get(SEEN, 0)) > settings.POLKU_PORTAL_IDLE_SECONDS
    too_long = now - int(request.session.get(STARTED, 0)) > settings.POLKU_PORTAL_MAX_SECONDS
    client = (
        Client.objects.filter(pk=client_id).exclude(status=ClientStatus.CLOSED).first()
        if not (idle or too_long)
        else None
    )
    if client is None:
        request.session.flush()
        return None
    request.session[SEEN] = now
    return client


def portal_view(view):
    """The signed-in client as `request.portal_client`; otherwise to the sign-in page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        client = current_client(request)
        if client is None:
            return redirect(f"{reverse('portal:sign_in')}?next={request.path}")
        request.portal_client = client
        return view(request, *args, **kwargs)

    return wrapper


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/portal/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return default
