"""The worklist's entries in the navigation (polku.core.hooks)."""

from django.utils.translation import gettext_lazy as _

from polku.access import resolver
from polku.core import hooks
from polku.core.navigation import NavItem

hooks.navigation.register(
    NavItem("worklists:worklist", _("My worklist"), order=2, visible=resolver.works_with_clients)
)
hooks.navigation.register(
    NavItem(
        "worklists:team",
        _("Team view"),
        order=3,
        visible=resolver.can_view_team_worklist,
        landing=resolver.can_view_team_worklist,  # the service manager's main page
    )
)
