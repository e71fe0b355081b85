"""Research's part of the client overview and of the navigation (polku.core.hooks): the
client's latest outcome, and the reports for those who may see them."""

from django.utils.translation import gettext_lazy as _

from polku.access import resolver
from polku.clients.models import Client
from polku.core import hooks
from polku.core.http import SignedInRequest
from polku.core.navigation import NavItem

from .models import OutcomeEvent


@hooks.client_sections.register
def client_section(request: SignedInRequest, client: Client) -> dict:
    latest = OutcomeEvent.objects.filter(client=client).order_by("-date", "-pk").first()
    return {"outcome_summary": {"latest": latest}}


hooks.navigation.register(
    NavItem(
        "research:dashboard",
        _("Reports"),
        order=80,
        visible=resolver.can_view_dashboard,
        landing=resolver.is_researcher,  # the researcher's main page
    )
)
hooks.navigation.register(
    NavItem("research:exports", _("Research exports"), order=85, visible=resolver.can_export)
)
