"""Worklist sections contributed by other apps (e.g. referrals): each registered function
takes (request, today) and returns None or a dict with "template" (rendered at the end of the
worklist with the dict as its context) and the values it needs. The app keeps its own
access checks and audit."""

from collections.abc import Callable
from typing import Any

Section = Callable[[Any, Any], dict[str, Any] | None]
_SECTIONS: list[Section] = []


def register(section: Section) -> Section:
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def sections_for(request, today) -> list[dict[str, Any]]:
    found = []
    for section in _SECTIONS:
        context = section(request, today)
        if context:
            found.append(context)
    return found
