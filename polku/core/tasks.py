"""A task told to the client in plain words (selkokieli / lättläst): what a professional wrote,
shown as they wrote it and said to be their words, then who does it and by when, in short
sentences addressed to "you".

A worker writes a step, an agreement or a blocker as a note for colleagues: often a noun
phrase ("Pankkitunnukset Kelan viestien lukemiseen") or a verb in the third person ("Hakee
pankkitunnukset"). Put after a generic verb ("Hoida tämä: …") it reads as an order the worker
never wrote, and it made a professional's task look like the client's. So the worker's text is
quoted, never rewritten, and Polku adds only what it knows for certain: who acts (the client,
a named professional, an organisation) and the date, or that the date has passed.

The one wording of a task wherever it is given to the client: the portal, the summary of a
knot-opening meeting (polku.knots.plain) and the meeting summary PDF (polku.meetings); HTML
shows it with templates/includes/task.html. It imports no app, so any app may use it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import formats
from django.utils.translation import gettext as _

if TYPE_CHECKING:  # annotations only: this module imports no app at run time
    from polku.accounts.models import Organisation, User


@dataclass(frozen=True)
class Task:
    written: str  # the professional's own words, as written (without a trailing full stop)
    who: str  # who does it, in a sentence: "Sinä teet tämän." / "Jani Laine hoitaa tämän."
    when: str  # by when, or that it is late: "" when no date was set
    client_does: bool
    late: bool = False
    lead: str = ""  # what Polku knows around it: "Kela pyytää sinulta lisää tietoja."
    label: str = ""  # "In the worker's words:", in the language it was made in

    def __str__(self) -> str:
        """The task as one paragraph of plain text (the API and the PDF use this)."""
        written = f"{self.label} {self.written}." if self.written else ""
        parts = [self.lead, written, self.who, self.when]
        return " ".join(part for part in parts if part)


def _date(day: dt.date) -> str:
    return formats.date_format(day, "j.n.Y")


def _name(user: User) -> str:
    """The professional's name, with their organisation when they have one."""
    name = user.get_full_name() or user.username
    organisation = getattr(user, "organisation", None)
    return f"{name} ({organisation.name})" if organisation is not None else name


def task(
    what: str,
    *,
    client_does: bool,
    doer: User | None = None,
    organisation: Organisation | None = None,
    helper: User | None = None,
    due: dt.date | None = None,
    today: dt.date,
    lead: str = "",
    done: bool = False,
) -> Task:
    """One task: `what` as the professional wrote it; the client does it (`client_does`,
    with `helper`, a professional, helping), or `doer` (a professional) or `organisation`
    does it — said as "a worker" when no one is named; `due`: by when. `done`: it was done,
    and who did it is said in the past."""
    if done:
        if client_does:
            who = _("You did this.")
        elif doer is not None:
            who = _("%(name)s did this.") % {"name": _name(doer)}
        elif organisation is not None:
            who = _("%(organisation)s did this.") % {"organisation": organisation.name}
        else:
            who = _("A worker did this.")
        due = None
    elif client_does:
        who = _("You do this.")
        if helper is not None:
            who += " " + _("%(name)s helps you.") % {"name": _name(helper)}
    elif doer is not None:
        who = _("%(name)s takes care of it.") % {"name": _name(doer)}
    elif organisation is not None:
        who = _("%(organisation)s takes care of it.") % {"organisation": organisation.name}
    else:
        who = _("A worker takes care of it.")
    late = due is not None and due < today
    if due is None:
        when = ""
    elif late:
        when = _("The task is late. It should have been done by %(date)s.") % {"date": _date(due)}
    elif client_does:
        when = _("Do it by %(date)s at the latest.") % {"date": _date(due)}
    else:
        when = _("It will be done by %(date)s at the latest.") % {"date": _date(due)}
    return Task(
        written=what.strip().rstrip("."),
        who=who,
        when=when,
        client_does=client_does,
        late=late,
        lead=lead,
        label=_("In the worker's words:"),
    )
