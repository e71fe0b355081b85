"""The clients app's entries in the navigation (polku.core.hooks)."""

from django.utils.translation import gettext_lazy as _

from polku.access import resolver
from polku.core import hooks
from polku.core.navigation import NavItem

hooks.navigation.register(
    NavItem("clients:my_clients", _("My clients"), order=1, visible=resolver.works_with_clients)
)
hooks.navigation.register(
    NavItem("clients:new", _("Record a client"), order=4, visible=resolver.can_record_client)
)
