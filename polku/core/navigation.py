"""The main navigation: the NavItems that apps register in their hooks.py
(polku.core.hooks.navigation), shown by `order`. An entry is the current page when the
request's namespaced view name ("clients:new") is the entry's: a short URL name such as "new"
is shared by many pages (new meeting, new assessment, new handover…).

hooks.navigation.register(NavItem("referrals:queue", _("Referrals"), order=30,
                                  visible=lambda user: user.is_authenticated))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse

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


def items_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return [
        {"url": reverse(item.url_name), "label": item.label, "current": item.url_name == current}
        for item in sorted(hooks.navigation.items(), key=lambda i: (i.order, i.url_name))
        if item.visible(user)
    ]
