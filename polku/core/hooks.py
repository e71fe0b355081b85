"""The extension points of Polku: named hooks that apps fill from their own `hooks.py`.

A capability adds itself to a page it does not own by registering into one of the hooks below,
in `polku/<app>/hooks.py`:

    from polku.core import hooks

    @hooks.client_sections.register
    def client_section(request, client) -> dict: ...

CoreConfig.ready() imports every installed app's `hooks` module once
(`autodiscover_modules("hooks")`), so nothing is wired in an AppConfig.ready(). A hook's
items are in registration order: the order of INSTALLED_APPS, then the order in the module.
The hooks are declared here, in the lowest layer, so an app only ever imports `polku.core` to
extend another: the page that reads a hook never imports the apps that fill it, and they
never import it (e.g. referrals adds to the worklist without importing polku.worklists).

The hooks:

- `client_sections`: f(request, client) → dict merged into the client overview's context
  (the client has come through the access rule and been audited); the app's template
  `<app>/client_section.html` on the overview shows it.
- `client_timeline`: f(client) → TimelineEvents for the client's path (polku.clients.timeline).
- `meeting_sections`: f(request, client, meeting) → None or a dict with "template", included
  at the end of the meeting page with the dict as `section`.
- `worklist_sections`: f(request, today, visible) → None or a dict with "template", rendered at
  the end of the worklist with the dict as its context; `visible` is the access rule's clients
  of the signed-in user today, built once for the whole page (filter it, do not rebuild the
  rule); the app keeps its own access checks and audit.
- `navigation`: NavItems of the main navigation (polku.core.navigation), shown by their
  `order` to the users their `visible` predicate lets see them.
- `owns_open_work`: f(client_id, professional_id) → whether the professional still owns open
  work of the client in the app (open agreements, next contacts, plan steps); a coordinator
  who hands the seat over and owns some stays a member (polku.clients.services).
- `pass_open_work`: f(client_id, from_id, to_id) → the audit targets ("agreement:12" …) of
  the open work the app passed from a professional who left the client's network to the
  coordinator (polku.clients.services.end_membership audits each).
- `export_words`: f(model label, field name, value) → the value in the reader's words, or
  None: codes an app stores without choices ("agreement_overdue", "agreement:7"), said in
  the client's access export (polku.privacy.export) by the app that knows them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: the core imports no app
    import datetime as dt

    from django.db.models import QuerySet

    from polku.clients.models import Client
    from polku.clients.timeline import TimelineEvent
    from polku.core.http import SignedInRequest
    from polku.core.navigation import NavItem
    from polku.meetings.models import Meeting

    ClientSection = Callable[[SignedInRequest, Client], dict[str, Any]]
    TimelineProvider = Callable[[Client], Iterable[TimelineEvent]]
    MeetingSection = Callable[[SignedInRequest, Client, Meeting], dict[str, Any] | None]
    WorklistSection = Callable[[SignedInRequest, dt.date, QuerySet[Client]], dict[str, Any] | None]
    OpenWorkCheck = Callable[[int, int], bool]
    OpenWorkPass = Callable[[int, int, int], list[str]]
    ExportWords = Callable[[str, str, Any], str | None]


class Hook[T]:
    """One named extension point: `register` (usable as a decorator) adds an item once;
    `items()` gives them in registration order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: list[T] = []

    def register(self, item: T) -> T:
        if item not in self._items:
            self._items.append(item)
        return item

    def items(self) -> tuple[T, ...]:
        return tuple(self._items)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._items)} items>"


client_sections: Hook[ClientSection] = Hook("client_sections")
client_timeline: Hook[TimelineProvider] = Hook("client_timeline")
meeting_sections: Hook[MeetingSection] = Hook("meeting_sections")
worklist_sections: Hook[WorklistSection] = Hook("worklist_sections")
navigation: Hook[NavItem] = Hook("navigation")
owns_open_work: Hook[OpenWorkCheck] = Hook("owns_open_work")
pass_open_work: Hook[OpenWorkPass] = Hook("pass_open_work")
export_words: Hook[ExportWords] = Hook("export_words")


def words_for(model: str, name: str, value: Any) -> str | None:
    """The first `export_words` item's words for a stored code (None: no app knows it)."""
    for words in export_words.items():
        if (found := words(model, name, value)) is not None:
            return found
    return None


def client_section_context(request: SignedInRequest, client: Client) -> dict[str, Any]:
    """The client overview's context from every `client_sections` item, merged in order."""
    context: dict[str, Any] = {}
    for section in client_sections.items():
        context.update(section(request, client))
    return context


def meeting_page_sections(request: SignedInRequest, client: Client, meeting: Meeting) -> list[dict]:
    """The meeting page's extra sections, in order (the items that returned one)."""
    found = (section(request, client, meeting) for section in meeting_sections.items())
    return [context for context in found if context]


def worklist_page_sections(
    request: SignedInRequest, today: dt.date, visible: QuerySet[Client]
) -> list[dict]:
    """The worklist's extra sections, in order (the items that returned one). `visible`: the
    access rule's clients of the signed-in user today, as the worklist built it."""
    found = (section(request, today, visible) for section in worklist_sections.items())
    return [context for context in found if context]
