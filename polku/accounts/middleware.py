"""Professionals sign in with a password and a second factor (TOTP). Until the second factor
is done, every page except the sign-in steps redirects there (the API answers 403)."""

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
