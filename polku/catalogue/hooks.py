"""The service map's entry in the navigation (polku.core.hooks)."""

from django.utils.translation import gettext_lazy as _

from polku.core import hooks
from polku.core.navigation import NavItem

hooks.navigation.register(NavItem("catalogue:map", _("Service map"), order=20))
