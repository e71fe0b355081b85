"""The route planner's part of the client overview: a link to the route plan and the
client's screening flags (without running the engine: the overview stays fast)."""

from django.utils.translation import gettext as _

from polku.core import rules_labels

from . import definitions
from .models import ClientFacts, RouteChoice, ScreeningFlag


def client_section(request, client) -> dict:
    flags = ScreeningFlag.objects.filter(client=client).values_list("rule", flat=True)
    chosen = RouteChoice.objects.filter(client=client).values_list("route", flat=True)
    return {
        "routes_flags": [rules_labels.rule_label(rule) for rule in flags],
        "routes_chosen": [_(definitions.BY_ID[r].title) for r in chosen if r in definitions.BY_ID],
        "routes_has_facts": ClientFacts.objects.filter(client=client).exists(),
    }
