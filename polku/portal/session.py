"""The client's portal session: a separate identity from professionals. Signing in flushes
whatever the browser's session held (a professional's sign-in included) and keeps only the
client's id; every portal view takes the client from here, never from the URL. The two
identities never share a session: a professional's sign-in drops the portal keys
(polku.accounts.signals), and a browser signed in as a professional gets no portal page
(current_client is None for it). Sessions are
short: idle and absolute limits (POLKU_PORTAL_IDLE_SECONDS, POLKU_PORTAL_MAX_SECONDS).
Every sign-in and sign-out is audited on the client.

The code sign-in form carries a one-use form token (polku.core.submissions) like the creating
forms: a second submit of the same form (a double click, a reload) is not a second attempt at
a code already used up — which would show "the code is wrong" and count against the wrong-code
limit — but is sent where the first one went (`claim_sign_in`)."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from typing import Concatenate, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from polku.audit.models import Action
from polku.audit.services import record
from polku.clients.models import Client, ClientStatus
from polku.core.http import AnyRequest
from polku.core.models import SubmittedForm
from polku.core.submissions import FIELD
from polku.portal.http import PortalRequest

KEY = "portal_client"
STARTED = "portal_started"
SEEN = "portal_seen"
SIGN_IN_OWNER = "portal:sign-in"
# How long a repeated sign-in waits for the first one to finish, in seconds (then it is sent
# where the first one went, and the browser has the first answer's session cookie by then).
WAIT_FOR_FIRST = 5.0
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def sign_in(request: HttpRequest, client: Client, *, method: str) -> None:
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


def sign_out(request: HttpRequest) -> None:
    client_id = request.session.get(KEY)
    request.session.flush()
    if client_id:
        record(actor=None, action=Action.LOGOUT, client=client_id, target="portal", request=request)


def current_client(request: AnyRequest) -> Client | None:
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
    if now - int(request.session.get(SEEN, 0)) >= settings.POLKU_SESSION_REFRESH_SECONDS:
        # Not on every page: that would write the session each time. The idle limit is
        # thus up to POLKU_SESSION_REFRESH_SECONDS shorter, never longer (as for
        # professionals, polku.accounts.middleware.SlidingSessionMiddleware).
        request.session[SEEN] = now
    return client


def portal_view[**P](
    view: Callable[Concatenate[PortalRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """The signed-in client as `request.portal_client`; otherwise to the sign-in page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        client = current_client(request)
        if client is None:
            return redirect(f"{reverse('portal:sign_in')}?next={request.path}")
        portal_request = cast(PortalRequest, request)
        portal_request.portal_client = client
        return view(portal_request, *args, **kwargs)

    return wrapper


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/portal/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return default


class SignInClaim:
    """The sign-in form's one-use token (`claim_sign_in`): `repeat_to` is set when the token was
    sent before and its sign-in succeeded (the repeat goes there); `invalid` when the token is
    malformed. Otherwise the sign-in goes ahead: `succeeded(target)` or `failed()` after it."""

    def __init__(self, token: str = "", *, repeat_to: str = "", invalid: bool = False):
        self.token = token
        self.repeat_to = repeat_to
        self.invalid = invalid

    def succeeded(self, target: str) -> None:
        if self.token:
            SubmittedForm.objects.filter(token=self.token, owner=SIGN_IN_OWNER).update(
                redirect_to=target
            )

    def failed(self) -> None:
        """A wrong code: the token is free again, so the corrected form can be sent."""
        if self.token:
            SubmittedForm.objects.filter(
                token=self.token, owner=SIGN_IN_OWNER, redirect_to=""
            ).delete()


def claim_sign_in(request: HttpRequest) -> SignInClaim:
    """Take the sign-in form's token before the code is checked. The token row is committed at
    once (the wrong-code counters are committed at once too, polku.accounts.throttle, so the
    sign-in cannot run inside one transaction as a creating form does). A token already taken:
    wait for that first sign-in to finish; when it succeeded, the repeat is sent where it went
    (it is given no session of its own: the browser already has the first one's); when it
    failed, the repeat is an attempt of its own."""
    token = request.POST.get(FIELD, "")
    if not token:
        return SignInClaim()  # an old page or a script: no protection, as elsewhere
    if not _TOKEN.fullmatch(token):
        return SignInClaim(invalid=True)
    waited = 0.0
    while True:
        try:
            with transaction.atomic():
                SubmittedForm.objects.create(token=token, owner=SIGN_IN_OWNER)
        except IntegrityError:
            first = SubmittedForm.objects.filter(token=token).first()
            if first is not None and first.owner != SIGN_IN_OWNER:
                return SignInClaim(invalid=True)
            if first is not None and first.redirect_to:
                return SignInClaim(repeat_to=first.redirect_to)
            if waited >= WAIT_FOR_FIRST:
                return SignInClaim(repeat_to=safe_next(request, reverse("portal:home")))
            time.sleep(0.1)
            waited += 0.1
            continue  # the first one is still checking its code (or failed: then retry)
        return SignInClaim(token)
