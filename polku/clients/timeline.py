"""The client's path as a timeline: what happened, what is agreed, what is planned.

Apps register providers in AppConfig.ready(); a provider returns TimelineEvents for a client
(already taken through the access rule). The plan page merges and sorts them."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

State = Literal["happened", "agreed", "planned"]


@dataclass(frozen=True)
class TimelineEvent:
    day: dt.date
    state: State
    kind: str  # e.g. "meeting", "agreement", "step", "assessment", "handover"
    title: str
    detail: str = ""
    url: str = ""


Provider = Callable[[Any], Iterable[TimelineEvent]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def events_for(client) -> list[TimelineEvent]:
    events = [event for provider in _PROVIDERS for event in provider(client)]
    return sorted(events, key=lambda e: (e.day, e.kind, e.title))
