"""Sections of the client overview contributed by other apps (assessment, plan, meetings …).

An app registers a function in its AppConfig.ready(); the overview calls each with the request
and the client (already taken through the access rule and audited) and merges the returned
dicts into the template context. The app's template `<app>/client_section.html` shows it."""

from collections.abc import Callable
from typing import Any

SectionContext = Callable[[Any, Any], dict[str, Any]]
_SECTIONS: list[SectionContext] = []


def register(section: SectionContext) -> SectionContext:
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def context_for(request, client) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for section in _SECTIONS:
        context.update(section(request, client))
    return context
