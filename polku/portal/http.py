"""Typed requests of the client's portal, for annotations (like polku.core.http).

`portal_view` (polku.portal.session) and the portal API's permission (polku.portal.api) set
`request.portal_client` to the signed-in client before the view runs; these types say so::

    @portal_view
    def home(request: PortalRequest) -> HttpResponse:
        request.portal_client.preferred_language  # a Client: no None to rule out first

Nothing is checked at run time; annotations only, never instantiated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from rest_framework.request import Request

if TYPE_CHECKING:  # annotations only
    from polku.clients.models import Client


class PortalRequest(HttpRequest):
    """A portal page's request behind `portal_view`: the signed-in client is known."""

    portal_client: Client


class PortalAPIRequest(Request):
    """A portal API call's request behind `IsPortalClient`: the signed-in client is known."""

    portal_client: Client
