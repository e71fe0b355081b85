"""The client's address, as everything in Polku reads it: sign-in limits (django-axes and
Polku's own), the portal code limit and the audit trail's "from where".

Behind reverse proxies REMOTE_ADDR is the nearest proxy, the same for every client. With
POLKU_TRUSTED_PROXIES = N (the number of proxies in front of Polku that each append the
address they received from to X-Forwarded-For), the client is the N-th address from the right
of X-Forwarded-For (django-ipware); addresses further left are whatever the client wrote and
are never trusted. With 0 (no proxy) the header is ignored and REMOTE_ADDR is the client."""

from django.conf import settings
from ipware import get_client_ip
from rest_framework.request import Request

from polku.core.http import AnyRequest


def client_ip(request: AnyRequest) -> str | None:
    meta = getattr(request, "META", None) or {}
    remote = meta.get("REMOTE_ADDR") or None
    proxies = settings.POLKU_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    address, _routable = get_client_ip(
        request._request if isinstance(request, Request) else request,  # DRF wraps Django's
        proxy_order="left-most",  # X-Forwarded-For lists the client first
        proxy_count=proxies - 1,  # ipware counts the proxies listed in the header
        request_header_order=("HTTP_X_FORWARDED_FOR",),
        strict=False,
    )
    # No or too short a header: the request did not come through the proxies; the nearest
    # address is all that is known.
    return address or remote
