"""The knot in plain words, for the client: what was decided, what is still pending and
what the client must do. Used by the summary of an "open the knot" meeting (page and PDF)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from polku.meetings.models import Agreement, AgreementStatus

from . import selectors
from .models import Application, Blocker, BlockerKind, KnotOpening, StepOutcome


def waits_for(blocker: Blocker) -> str:
    """One sentence, addressed to the client, on what an application waits for."""
    what = blocker.what
    match blocker.kind:
        case BlockerKind.DECISION:
            other = blocker.waits_for
            return _("It waits for the decision on %(other)s.") % {
                "other": other.service.name if other else ""
            }
        case BlockerKind.FURTHER_INFORMATION:
            if blocker.from_whom:
                return _("More information is needed from %(whom)s: %(what)s.") % {
                    "whom": blocker.from_whom,
                    "what": what,
                }
            return _("More information is needed: %(what)s.") % {"what": what}
        case BlockerKind.CLIENT_ACTION:
            return _("Something you need to do: %(what)s.") % {"what": what}
        case BlockerKind.STATEMENT:
            return _("A statement is needed from another organisation: %(what)s.") % {"what": what}
        case _:
            return _("A meeting is needed: %(what)s.") % {"what": what}


def decision_words(application: Application) -> str:
    return {
        "decided_granted": _("granted"),
        "decided_partly_granted": _("partly granted"),
        "decided_refused": _("refused — you can appeal; ask your coordinator for help"),
        "withdrawn": _("withdrawn"),
    }.get(application.status, "")


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
    client_tasks: list[str]  # what the client must do
    pending: list[PendingApplication]


def summary(opening: KnotOpening) -> Summary:
    client = opening.client
    knot = selectors.knot(client)
    steps = list(
        opening.steps.select_related("blocker__application__service", "blocker__waits_for__service")
    )
    cleared = [
        (s.blocker.application, waits_for(s.blocker))
        for s in steps
        if s.outcome == StepOutcome.RESOLVED
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
    tasks = [a.what for a in agreements if a.owner_is_client and a.status == AgreementStatus.OPEN]
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
            tasks.append(blocker.what)
    if knot.needs_digital_help:
        tasks.append(
            _(
                "Get online banking credentials, or ask Kela to send its letters on paper, "
                "so that you can read Kela's requests."
            )
        )
    return Summary(
        opening=opening,
        cleared=cleared,
        decisions=decisions,
        agreements=agreements,
        client_tasks=list(dict.fromkeys(tasks)),
        pending=list(by_application.values()),
    )
