"""The privacy app's menu entry (polku.core.hooks): the data-protection officer's requests."""

from django.utils.translation import gettext_lazy as _

from polku.access import resolver
from polku.core import hooks
from polku.core.navigation import NavItem

hooks.navigation.register(
    NavItem(
        "privacy:data_request",
        _("Data requests"),
        order=90,
        visible=resolver.can_serve_data_requests,
        landing=resolver.can_serve_data_requests,  # the data-protection officer's main page
    )
)
