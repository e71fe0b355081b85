"""Meeting-page sections contributed by other apps (e.g. the knots' "open the knot" mode):
each registered function takes (request, client, meeting) and returns None or a dict with
"template" (included at the end of the meeting page with the dict as `section`) and the
values it needs. The client has already come through the access rule."""

from collections.abc import Callable
from typing import Any

Section = Callable[[Any, Any, Any], dict[str, Any] | None]
_SECTIONS: list[Section] = []


def register(section: Section) -> Section:
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def sections_for(request, client, meeting) -> list[dict[str, Any]]:
    found = []
    for section in _SECTIONS:
        context = section(request, client, meeting)
        if context:
            found.append(context)
    return found
