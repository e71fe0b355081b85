"""The worklist's entries in the navigation, and its alerts' codes in words for the client's
access export (polku.core.hooks)."""

from typing import Any

from django.utils.translation import gettext
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


# What an alert is about (Alert.subject "kind:id"), in words: the id means nothing to a reader.
SUBJECT_WORDS = {
    "client": _("the client's situation"),
    "agreement": _("an agreement"),
    "handover": _("a handover of the personal coordinator role"),
    "referral": _("a referral"),
    "next_contact": _("an agreed next contact"),
    "plan_step": _("a step of the plan"),
}


@hooks.export_words.register
def alert_words(model: str, name: str, value: Any) -> str | None:
    from .alerts import RULES

    if model != "worklists.Alert" or not isinstance(value, str):
        return None
    if name == "rule":
        rule = RULES.get(value)
        return str(rule.title) if rule else None
    if name == "subject":
        words = SUBJECT_WORDS.get(value.partition(":")[0])
        return str(words) if words else gettext("something else")
    return None
