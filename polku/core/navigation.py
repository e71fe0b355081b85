"""The main navigation: the core entries (below) and those that apps add in their
AppConfig.ready(), after the core ones. An entry is the current page when the request's
namespaced view name ("clients:new") is the entry's: a short URL name such as "new" is shared
by many pages (new meeting, new assessment, new handover…).

navigation.register(navigation.NavItem("referrals:queue", _("Referrals"), order=30,
                                       visible=lambda user: user.is_authenticated))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _always(user) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    url_name: str  # namespaced URL name without arguments
    label: object  # lazy translated string
    order: int = 100
    visible: Callable[[object], bool] = field(default=_always)


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.url_name] = item


def items_for(request) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return [
        {"url": reverse(item.url_name), "label": item.label, "current": item.url_name == current}
        for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.url_name))
        if item.visible(user)
    ]


def _service_manager(user) -> bool:
    return getattr(user, "profession", None) == "service_manager"


for _item in (
    NavItem("clients:my_clients", _("My clients"), order=1),
    NavItem("worklists:worklist", _("My worklist"), order=2),
    NavItem("worklists:team", _("Team view"), order=3, visible=_service_manager),
    NavItem("clients:new", _("Record a client"), order=4),
):
    register(_item)
