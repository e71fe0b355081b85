"""The client's path as a timeline: each item under what is true of it now.

- happened: done and over (a meeting held, a step done, a decision made);
- ongoing: under way now (a step in progress, an application waiting for its decision);
- agreed: promised in a meeting and still open (an agreement, the next contact);
- planned: intended, not started (a planned meeting, a planned step, an application drafted).

Every item carries its status in words (e.g. "In progress", "Pending"). Apps register providers
in their hooks.py (polku.core.hooks.client_timeline); a provider returns TimelineEvents for a
client (already taken through the access rule). The path page shows `groups_for(client)`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core import hooks

if TYPE_CHECKING:
    from .models import Client

State = Literal["happened", "ongoing", "agreed", "planned"]

# The groups of the path page, in reading order, with their headings.
STATES: tuple[tuple[State, Any], ...] = (
    ("happened", _("What happened")),
    ("ongoing", _("What is ongoing now")),
    ("agreed", _("What is agreed")),
    ("planned", _("What is planned")),
)

# What kind of item it is, in words (the "Kind" column).
KINDS: dict[str, Any] = {
    "goal": _("Goal"),
    "step": _("Step"),
    "meeting": _("Meeting"),
    "agreement": _("Agreement"),
    "next_contact": _("Next contact"),
    "assessment": _("Assessment"),
    "handover": _("Handover"),
    "application": _("Application"),
    "referral": _("Referral"),
}


@dataclass(frozen=True)
class TimelineEvent:
    day: dt.date
    state: State
    kind: str  # e.g. "meeting", "agreement", "step", "assessment", "handover", "application"
    title: str
    detail: str = ""
    url: str = ""
    status: str = ""  # the item's own status in words, e.g. "In progress", "Pending"
    # True when `day` is when the item is due or planned (so an item not yet happened is late
    # after it); False when it is only the day the item began (an application sent, with no
    # known processing time).
    day_is_due: bool = True

    def late(self, today: dt.date) -> bool:
        return self.state != "happened" and self.day_is_due and self.day < today


def events_for(client: Client) -> list[TimelineEvent]:
    events = [event for provider in hooks.client_timeline.items() for event in provider(client)]
    return sorted(events, key=lambda e: (e.day, e.kind, e.title))


def groups_for(client: Client, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The path page's groups in STATES order: {"state", "title", "events": [{"event",
    "kind", "late"}]}, each group oldest first."""
    today = today or timezone.localdate()
    events = events_for(client)
    return [
        {
            "state": state,
            "title": title,
            "events": [
                {
                    "event": event,
                    "kind": KINDS.get(event.kind, event.kind),
                    "late": event.late(today),
                }
                for event in events
                if event.state == state
            ],
        }
        for state, title in STATES
    ]
