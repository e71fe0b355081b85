"""Professionals sign in with a password and a second factor (TOTP). Until the second factor
is done, every page except the sign-in steps redirects there (the API answers 403). Sessions
end after SESSION_COOKIE_AGE without activity (SlidingSessionMiddleware)."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

EXEMPT_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:verify",
    "accounts:totp_setup",
    "accounts:enrol",
    "set_language",
    "healthz",
    "javascript-catalog",
}


def second_factor_done(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if settings.POLKU_DEMO_MODE and getattr(user, "is_demo", False):
        return True
    return bool(getattr(user, "is_verified", lambda: False)())


# When the session was last written (seconds since the epoch), kept in the session itself.
REFRESHED = "_polku_refreshed"


class SlidingSessionMiddleware:
    """A session ends after SESSION_COOKIE_AGE (30 minutes) without activity: each write moves
    its expiry SESSION_COOKIE_AGE ahead (the database row's expire_date, and the cache entry's
    lifetime with the cached_db engine). Writing it on every request (SESSION_SAVE_EVERY_REQUEST)
    cost each page a database write and the signing of the session data; instead a request
    writes a session that nothing else changed only when it was last written
    POLKU_SESSION_REFRESH_SECONDS (60) ago or more. So the idle limit is between
    SESSION_COOKIE_AGE minus that interval and SESSION_COOKIE_AGE, never longer: after 29 idle
    minutes one is still signed in, after 30 no longer (tests/accounts/test_session_expiry.py).

    Only a session the request read and that holds something is refreshed: signing out (an
    emptied session) or a page that never looked at the session creates no session. Must come
    right after SessionMiddleware, which saves what this marks on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        refreshed = session.get(REFRESHED)
        stale = (
            not isinstance(refreshed, int)
            or not 0 <= now - refreshed < settings.POLKU_SESSION_REFRESH_SECONDS
        )
        if session.modified or stale:
            session[REFRESHED] = now  # saved (and its expiry moved) by SessionMiddleware
        return response


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if not request.user.is_authenticated or second_factor_done(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Sign in with the second factor first.")}, status=403)
        from django_otp import devices_for_user

        has_device = any(True for _device in devices_for_user(request.user, confirmed=True))
        target = "accounts:verify" if has_device else "accounts:totp_setup"
        from django.urls import reverse

        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class PrivateResponsesMiddleware:
    """Every response to a signed-in person, a professional or a client in the portal, is
    `Cache-Control: no-store, private`: no browser, proxy or shared computer keeps a copy of
    a page of client data (HTML, JSON, PDF, calendar files alike)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if _signed_in(request):
            patch_cache_control(response, no_store=True, private=True)
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    from polku.portal.session import KEY

    return bool(session is not None and session.get(KEY))
