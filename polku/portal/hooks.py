"""The portal's part of the client overview, of a meeting's page and of the navigation
(polku.core.hooks): what the client wrote in the portal, shown to the professionals."""

from django.utils.translation import gettext_lazy as _

from polku.access import resolver
from polku.clients.models import Client
from polku.core import hooks
from polku.core.http import SignedInRequest
from polku.core.navigation import NavItem

from .models import Contribution


@hooks.client_sections.register
def client_section(request: SignedInRequest, client: Client) -> dict:
    """For professionals on the client overview: what the client wrote in the portal."""
    return {"portal_contributions": list(Contribution.objects.filter(client=client)[:10])}


@hooks.meeting_sections.register
def meeting_section(request: SignedInRequest, client: Client, meeting) -> dict | None:
    """On the meeting page: the topics the client added to this meeting's agenda."""
    items = list(Contribution.objects.filter(meeting=meeting, kind="agenda_item"))
    if not items:
        return None
    return {"template": "portal/meeting_section.html", "items": items}


hooks.navigation.register(
    NavItem(
        "portal:feedback_summary",
        _("Client feedback"),
        order=70,
        visible=resolver.can_view_feedback_summary,
    )
)
