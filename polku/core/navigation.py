"""The main navigation: the NavItems that apps register in their hooks.py
(polku.core.hooks.navigation), shown by `order`. An entry is the current page when the
request's namespaced view name ("clients:new") is the entry's: a short URL name such as "new"
is shared by many pages (new meeting, new assessment, new handover…).

hooks.navigation.register(NavItem("referrals:queue", _("Referrals"), order=30,
                                  visible=lambda user: user.is_authenticated))

Who sees an entry is a question for polku.access.resolver (`visible=resolver.…`): an entry is
shown only to those who may use its page. `landing=resolver.…` makes the page the main page
of a role (landing_url).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from . import hooks

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .http import AnyUser


def _always(user: AnyUser) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    url_name: str  # namespaced URL name without arguments
    label: object  # lazy translated string
    order: int = 100
    visible: Callable[[AnyUser], bool] = field(default=_always)
    # Whose main page this is: where they land after signing in (landing_url).
    landing: Callable[[AnyUser], bool] | None = None


def _ordered() -> list[NavItem]:
    return sorted(hooks.navigation.items(), key=lambda i: (i.order, i.url_name))


def landing_url(user: AnyUser) -> str:
    """Where `user` lands after signing in: the main page of their role (the first entry
    whose `landing` answers yes: the team view for a service manager, the data requests for
    a data-protection officer…), else settings.LOGIN_REDIRECT_URL (the own clients) if the
    menu offers it to them, else their first menu entry."""
    entries = [item for item in _ordered() if item.visible(user)]
    for item in entries:
        if item.landing is not None and item.landing(user):
            return reverse(item.url_name)
    default = settings.LOGIN_REDIRECT_URL
    if not entries or any(item.url_name == default for item in entries):
        return reverse(default)
    return reverse(entries[0].url_name)


@functools.cache
def _url(url_name: str, prefix: str, urlconf: str | None) -> str:
    """A menu entry's address: the same for every request under one script prefix and URL
    configuration, so worked out once (reverse() on every page cost each page ~10 of them)."""
    return reverse(url_name, urlconf=urlconf)


def items_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    prefix, urlconf = get_script_prefix(), get_urlconf()
    return [
        {
            "url": _url(item.url_name, prefix, urlconf),
            "label": item.label,
            "current": item.url_name == current,
        }
        for item in _ordered()
        if item.visible(user)
    ]
