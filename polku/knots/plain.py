"""The knot in plain words, for the client: what was decided, what is still pending and
what the client must do. Used by the summary of an "open the knot" meeting (page and PDF)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from polku.core import tasks as told
from polku.meetings.models import Agreement, AgreementStatus
from polku.meetings.selectors import agreement_task

from . import selectors
from .models import Application, Blocker, BlockerKind, KnotOpening, StepOutcome


def _text(value: str) -> str:
    """A free text inside a sentence: without a full stop of its own."""
    return value.strip().rstrip(".")


def waits_for(blocker: Blocker) -> str:
    """What an application waits for, addressed to the client in plain words (selkokieli /
    lättläst): short sentences, everyday words, names left in their base form."""
    what = _text(blocker.what)
    whom = _text(blocker.from_whom)
    match blocker.kind:
        case BlockerKind.DECISION:
            other = blocker.waits_for
            return _(
                "This application first waits for the decision on another application: %(other)s."
            ) % {"other": other.service.name if other else ""}
        case BlockerKind.FURTHER_INFORMATION:
            sentence = _("The application needs more information: %(what)s.") % {"what": what}
            if whom:
                sentence += " " + _("%(whom)s gives the information.") % {"whom": whom}
            return sentence
        case BlockerKind.CLIENT_ACTION:
            # the worker writes what is needed as a note, often a thing ("Pankkitunnukset …"):
            # quoted as the worker's words, never put after a verb it was not written for
            # (polku.core.tasks)
            sentence = _("The application waits for something you do.")
            if what:
                sentence += " " + _("In the worker's words:") + f" {what}."
            return sentence
        case BlockerKind.STATEMENT:
            sentence = _("The application needs a statement: %(what)s.") % {"what": what}
            if whom:
                sentence += " " + _("%(whom)s gives the statement.") % {"whom": whom}
            return sentence
        case _:
            return _("First we need a meeting: %(what)s.") % {"what": what}


def cleared(blocker: Blocker) -> str:
    """What was sorted out about a blocker, addressed to the client."""
    if blocker.kind == BlockerKind.DECISION:
        other = blocker.waits_for
        return _(
            "This application no longer waits for the decision on another application: %(other)s."
        ) % {"other": other.service.name if other else ""}
    return _("We sorted this out in the meeting: %(what)s.") % {"what": _text(blocker.what)}


def decision_words(application: Application) -> str:
    """The decision in one or two plain sentences.

    A refusal does not say "you can appeal" as if it were always open: the appeal period
    runs from the decision and Polku holds no sourced period to count its last day from.
    /work/shared/domain/benefits-facts.md (read 3.12.2026) gives no appeal period
    (oikaisuvaatimus) for Kela's or any other decisions, so none is encoded — not the 30 days
    often quoted, which would be a figure without a source or a date it applies from. The
    client is sent to the decision letter, which states the period and how to appeal, and the
    decision's date is given (docs/knots.md, "A refusal and its appeal")."""
    if application.status == "decided_refused":
        refused = (
            _("The application was refused on %(date)s.")
            % {"date": formats.date_format(application.decision_date, "j.n.Y")}
            if application.decision_date
            else _("The application was refused.")
        )
        return (
            refused
            + " "
            + _(
                "If you disagree, read the decision letter: it tells how to appeal and "
                "by which date. Your personal coordinator helps you."
            )
        )
    if application.decision_date:
        day = {"date": formats.date_format(application.decision_date, "j.n.Y")}
        if application.status == "decided_granted":
            return _("The application was accepted on %(date)s.") % day
        if application.status == "decided_partly_granted":
            return _("The application was partly accepted on %(date)s.") % day
    return {
        "decided_granted": _("The application was accepted."),
        "decided_partly_granted": _("The application was partly accepted."),
        "withdrawn": _("The application was withdrawn."),
    }.get(application.status, "")


def _decided_by_kela(application: Application) -> bool:
    organisation = application.deciding_organisation
    if organisation is not None:
        return organisation.kind == "kela"
    return application.service.provider.kind == "kela"


def _decider(application: Application) -> str:
    organisation = application.deciding_organisation
    return organisation.name if organisation is not None else application.service.provider.name


def agreement_text(blocker: Blocker) -> str:
    """A first draft of the agreement that opens a blocker, for the professionals: what must
    be done, to whom it goes, and which application it is for — in the interface's
    language. The client's own action is prefilled as it was written."""
    application = blocker.application
    what = _text(blocker.what)
    whom = _text(blocker.from_whom)
    names = {"what": what, "application": application.service.name}
    match blocker.kind:
        case BlockerKind.FURTHER_INFORMATION:
            if _decided_by_kela(application):
                return (
                    _(
                        "Deliver the further information to Kela: %(what)s (application: "
                        "%(application)s)"
                    )
                    % names
                )
            return _(
                "Deliver the further information to %(organisation)s: %(what)s "
                "(application: %(application)s)"
            ) % {**names, "organisation": _decider(application)}
        case BlockerKind.STATEMENT:
            if whom:
                return _(
                    "Ask %(whom)s for the statement: %(what)s (application: %(application)s)"
                ) % {**names, "whom": whom}
            return _("Ask for the statement: %(what)s (application: %(application)s)") % names
        case BlockerKind.MEETING:
            return _("Arrange the meeting: %(what)s") % names
        case BlockerKind.DECISION:
            other = blocker.waits_for
            if other is None:
                return ""
            names["other"] = other.service.name
            if _decided_by_kela(other):
                return (
                    _("Ask Kela to decide first: %(other)s (%(application)s waits for it)") % names
                )
            return _(
                "Ask %(organisation)s to decide first: %(other)s (%(application)s waits for it)"
            ) % {**names, "organisation": _decider(other)}
        case _:
            return what


@dataclass
class PendingApplication:
    application: Application
    reasons: list[str] = field(default_factory=list)


@dataclass
class Summary:
    opening: KnotOpening
    cleared: list[tuple[Application, str]]  # blockers cleared in the meeting
    decisions: list[tuple[Application, str]]  # applications decided, in words
    agreements: list[Agreement]  # who does what by when, from the meeting
    agreed: list[told.Task]  # the same agreements told as tasks, in the same order
    client_tasks: list[told.Task]  # what the client must do, and only that
    pending: list[PendingApplication]


def summary(opening: KnotOpening, today: dt.date | None = None) -> Summary:
    """The summary given to the client; each task told the one way (polku.core.tasks)."""
    today = today or timezone.localdate()
    client = opening.client
    knot = selectors.knot(client)
    steps = list(
        opening.steps.select_related("blocker__application__service", "blocker__waits_for__service")
    )
    cleared_rows = [
        (s.blocker.application, cleared(s.blocker))
        for s in steps
        # a decided application is told by its decision, not by what it no longer waits for
        if s.outcome == StepOutcome.RESOLVED and s.blocker.application.is_open
    ]
    decisions = [
        (a, decision_words(a))
        for a in knot.applications
        if not a.is_open and a.decision_date and a.decision_date >= opening.started_at.date()
    ]
    agreements = list(
        Agreement.objects.filter(meeting_id=opening.meeting_id)
        .exclude(status=AgreementStatus.CANCELLED)
        .select_related("owner__organisation")
    )
    agreed = [agreement_task(a, today) for a in agreements]
    tasks = [
        task
        for a, task in zip(agreements, agreed, strict=True)
        if a.owner_is_client and a.status == AgreementStatus.OPEN
    ]
    agreed_blockers = {s.blocker_id for s in steps if s.outcome == StepOutcome.AGREED}
    by_application: dict[int, PendingApplication] = {
        a.pk: PendingApplication(a) for a in knot.applications if a.is_open
    }
    for blocker in knot.open_blockers:
        entry = by_application.get(blocker.application_id)
        if entry is None:
            continue
        entry.reasons.append(waits_for(blocker))
        acts = blocker.owner_is_client or blocker.kind == BlockerKind.CLIENT_ACTION
        if acts and blocker.pk not in agreed_blockers and blocker.what:
            # the client does it; a professional who owns it helps
            helper = None if blocker.owner_is_client else blocker.owner
            tasks.append(
                told.task(
                    blocker.what, client_does=True, helper=helper, due=blocker.due, today=today
                )
            )
    if knot.needs_digital_help:
        # Polku's own sentence, not a worker's note: said as it is, with no quotation
        tasks.append(
            told.Task(
                written="",
                who="",
                when="",
                client_does=True,
                lead=_(
                    "Get online banking credentials. Then you can read Kela's messages. "
                    "You can also ask Kela to send its letters on paper."
                ),
            )
        )
    return Summary(
        opening=opening,
        cleared=cleared_rows,
        decisions=decisions,
        agreements=agreements,
        agreed=agreed,
        client_tasks=list(dict.fromkeys(tasks)),
        pending=list(by_application.values()),
    )
