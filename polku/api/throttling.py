"""Rate limits of the API. A view names its scope (`throttle_scope = "hsds"`) and lists
`ScopedThrottle`; the rate of each scope is declared in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
(config/settings/base.py). Requests are counted in the default cache, which production shares
between every process (Redis), per signed-in user or, for anyone else, per client address as
polku.accounts.client_ip finds it behind the trusted proxies. Past the limit: 429 with a
message in the language of the request and a Retry-After header (`RateLimitedMixin`)."""

import math
from typing import NoReturn

from django.utils.translation import ngettext
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle

from polku.accounts.client_ip import client_ip


class ScopedThrottle(ScopedRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_ip(request) or super().get_ident(request)


class RateLimited(Throttled):
    def __init__(self, wait: float | None) -> None:
        seconds = max(1, math.ceil(wait or 1))
        detail = ngettext(
            "Too many requests. Try again in %(seconds)d second.",
            "Too many requests. Try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
        super().__init__(detail=detail)
        self.wait = seconds


class RateLimitedMixin:
    """The 429 answer says, in the reader's language, when to try again."""

    def throttled(self, request: Request, wait: float | None) -> NoReturn:
        raise RateLimited(wait)
