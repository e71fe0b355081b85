"""The worklist's entries in the navigation (polku.core.hooks)."""

from django.utils.translation import gettext_lazy as _

from polku.core import hooks
from polku.core.navigation import NavItem


def _service_manager(user) -> bool:
    return getattr(user, "profession", None) == "service_manager"


hooks.navigation.register(NavItem("worklists:worklist", _("My worklist"), order=2))
hooks.navigation.register(
    NavItem("worklists:team", _("Team view"), order=3, visible=_service_manager)
)
