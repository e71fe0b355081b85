"""The route planner's part of the client overview and of the navigation (polku.core.hooks):
on the overview a link to the route plan and the client's screening flags (without running
the engine: the overview stays fast)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.access import resolver
from polku.clients.models import Client
from polku.core import hooks, rules_labels
from polku.core.http import SignedInRequest
from polku.core.navigation import NavItem

from . import definitions
from .models import ClientFacts, RouteChoice, ScreeningFlag


@hooks.client_sections.register
def client_section(request: SignedInRequest, client: Client) -> dict:
    flags = ScreeningFlag.objects.filter(client=client).values_list("rule", flat=True)
    chosen = RouteChoice.objects.filter(client=client).values_list("route", flat=True)
    return {
        "routes_flags": [rules_labels.rule_label(rule) for rule in flags],
        "routes_chosen": [_(definitions.BY_ID[r].title) for r in chosen if r in definitions.BY_ID],
        "routes_has_facts": ClientFacts.objects.filter(client=client).exists(),
    }


hooks.navigation.register(
    NavItem(
        "route_plans:screening",
        gettext_lazy("Likely eligible"),
        order=60,
        visible=resolver.works_with_clients,
    )
)
