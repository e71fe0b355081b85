"""Polku's own error pages: 400, 403, 404, 500 and the CSRF failure, in the reader's language.

A signed-in professional gets the site's header and menu and a way back to their clients; a
client signed in to the portal gets the portal's header and menu and a way to its front page;
anyone else a way to sign in. The page says nothing about what was asked for: a client outside
the access rule and a client id that does not exist get the same 404 (the pages never show the
exception's message). The API (/api/...) gets the same answers as JSON.

The 500 page is rendered without the database and without context processors (no user, no
session): it only needs templates, URL names and the active language. If even that fails, a
fixed page in Finnish, Swedish and English is returned.

Wired in config/urls.py (handler400 … handler500) and settings.CSRF_FAILURE_VIEW."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions as api_exceptions

from .navigation import landing_url

if TYPE_CHECKING:  # annotations only: the core imports no app at run time
    from polku.clients.models import Client

logger = logging.getLogger(__name__)

# The last resort when not even the 500 template renders: all three languages, no template,
# no static files.
FALLBACK_500 = """<!DOCTYPE html>
<html lang="fi">
<head><meta charset="utf-8"><title>Polku</title></head>
<body>
<h1>Polku</h1>
<p>Palvelussa tapahtui virhe. Yritä hetken päästä uudelleen.</p>
<p lang="sv">Ett fel inträffade i tjänsten. Försök igen om en stund.</p>
<p lang="en">Something went wrong in the service. Please try again in a moment.</p>
<p><a href="/">Polku</a></p>
</body>
</html>
"""


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _portal_client(request: HttpRequest) -> Client | None:
    """The client signed in to the portal, if any (the portal's own session rules)."""
    if not hasattr(request, "session"):
        return None
    from polku.portal import session  # the portal builds on core, not the other way round

    return session.current_client(request)


def _surroundings(request: HttpRequest) -> dict[str, object]:
    """Which header and menu the page has and the way on, by who is reading it."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # the way on is the reader's main page: the own clients, or — for those who have none
        # (researchers, data-protection officers…) — their role's page, named as such
        main = landing_url(user)
        has_clients = main == reverse("clients:my_clients")
        return {
            "layout": "base.html",
            "reader": "professional",
            "way_on_url": main,
            "way_on_label": _("Back to my clients") if has_clients else _("To my main page"),
        }
    client = _portal_client(request)
    if client is not None:
        return {
            "layout": "portal/base.html",
            "reader": "client",
            "client": client,
            "way_on_url": reverse("portal:home"),
            "way_on_label": _("To the front page of My Polku"),
        }
    if request.path.startswith("/portal/"):
        return {
            "layout": "portal/base.html",
            "reader": "client",
            "way_on_url": reverse("portal:sign_in"),
            "way_on_label": _("Sign in to My Polku"),
        }
    return {
        "layout": "base.html",
        "reader": "anonymous",
        "way_on_url": reverse("accounts:login"),
        "way_on_label": _("Sign in"),
    }


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    try:
        body = loader.render_to_string(template, _surroundings(request), request=request)
    except Exception:
        # An error page must not fail: log why, and answer with the static one.
        logger.exception("The error page %s could not be rendered", template)
        return HttpResponse(_static_500_body(request), status=status)
    return HttpResponse(body, status=status)


def _json(detail: object, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(detail)}, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(api_exceptions.ParseError.default_detail, 400)
    return _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(api_exceptions.PermissionDenied.default_detail, 403)
    return _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(api_exceptions.NotFound.default_detail, 404)
    return _page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token: usually a page left open too long, or a
    form sent again from the browser's history. The reason is logged by Django, not shown."""
    if _is_api(request):
        return _json(_("The form's security check failed. Reload the page and try again."), 403)
    return _page(request, "403_csrf.html", 403)


def _static_500_body(request: HttpRequest | None) -> str:
    portal = bool(request is not None and request.path.startswith("/portal/"))
    try:
        return loader.render_to_string("500.html", {"portal": portal})
    except Exception:
        logger.exception("The 500 page could not be rendered")
        return FALLBACK_500


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """No database, no session, no context processors: only the template and the language."""
    if _is_api(request):
        return _json(api_exceptions.APIException.default_detail, 500)
    return HttpResponse(_static_500_body(request), status=500)
