""" "Open the knot" meeting mode: a planned meeting walks through the client's open blockers
in the order that opens the knot. Each blocker is resolved at the table, turned into an
agreement (who does what by when — it lands on the owner's worklist), or left for later.

Writes validate, save whole or not at all and are audited; views and the API call these."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access.policy import purpose_for
from polku.audit.models import Action
from polku.audit.services import record
from polku.core.http import AnyRequest
from polku.meetings import services as meetings
from polku.meetings.models import Meeting, MeetingStatus

from . import selectors
from .models import Blocker, KnotOpening, KnotStep, StepOutcome
from .services import resolve_blocker

if TYPE_CHECKING:  # annotations only
    from polku.accounts.models import User


def _ensure_planned(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(
            _("The knot can be opened only in a planned meeting that is not yet closed.")
        )


@transaction.atomic
def start(*, meeting: Meeting, by: User, request: AnyRequest | None = None) -> KnotOpening:
    """Put the client's open blockers on the meeting's walk, in the order that opens the knot
    (deadlocked ones last), and keep the knot's size at the start."""
    meeting = Meeting.objects.select_for_update().select_related("client").get(pk=meeting.pk)
    _ensure_planned(meeting)
    if KnotOpening.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("The knot is already being opened in this meeting."))
    knot = selectors.knot(meeting.client)
    if not knot.result.order:
        raise ValidationError(_("Nothing blocks the client's applications: there is no knot."))
    opening = KnotOpening.objects.create(
        meeting=meeting,
        client_id=meeting.client_id,
        started_by=by,
        blockers_at_start=len(knot.result.order),
        deadlocks_at_start=len(knot.result.deadlocks),
        pending_at_start=sum(1 for a in knot.applications if a.is_open),
    )
    KnotStep.objects.bulk_create(
        KnotStep(
            opening=opening,
            blocker_id=int(row["blocker"]),
            position=position,
            deadlocked=row["deadlocked"],
        )
        for position, row in enumerate(knot.result.order, start=1)
    )
    record(
        actor=by,
        action=Action.CREATE,
        client=meeting.client_id,
        purpose=purpose_for(by, meeting.client_id),
        target=f"knot_opening:{opening.pk}",
        request=request,
        details={"meeting": meeting.pk, "blockers": opening.blockers_at_start},
    )
    return opening


def current_step(opening: KnotOpening) -> KnotStep | None:
    """The first blocker not yet discussed; None when the walk is through."""
    return (
        opening.steps.filter(outcome=StepOutcome.PENDING)
        .select_related(
            "blocker__application__service__provider",
            "blocker__application__deciding_organisation",
            "blocker__waits_for__service__provider",
            "blocker__waits_for__deciding_organisation",
        )
        .first()
    )


def _locked_step(opening: KnotOpening, step_id: int) -> KnotStep:
    step = (
        KnotStep.objects.select_for_update()
        .select_related("opening__meeting", "blocker__application")
        .filter(opening=opening, pk=step_id)
        .first()
    )
    if step is None or step.outcome != StepOutcome.PENDING:
        raise ValidationError(_("This blocker was already handled. The page shows the next one."))
    _ensure_planned(step.opening.meeting)
    return step


def _decided(step: KnotStep, outcome: str, by: User, request: AnyRequest | None) -> KnotStep:
    step.outcome = outcome
    step.decided_by = by
    step.decided_at = timezone.now()
    step.save(update_fields=["outcome", "decided_by", "decided_at"])
    record(
        actor=by,
        action=Action.UPDATE,
        client=step.opening.client_id,
        purpose=purpose_for(by, step.opening.client_id),
        target=f"knot_opening:{step.opening_id}",
        request=request,
        details={"blocker": step.blocker_id, "outcome": outcome},
    )
    return step


@transaction.atomic
def resolve_step(
    *, opening: KnotOpening, step_id: int, by: User, request: AnyRequest | None = None
) -> KnotStep:
    """The blocker was cleared at the table (a decision given, the information handed over)."""
    step = _locked_step(opening, step_id)
    if step.blocker.resolved_at is None:
        resolve_blocker(blocker=step.blocker, by=by, request=request)
    return _decided(step, StepOutcome.RESOLVED, by, request)


@transaction.atomic
def agree_step(
    *,
    opening: KnotOpening,
    step_id: int,
    by: User,
    what: str,
    due_on: dt.date | None,
    owner=None,
    owner_is_client: bool = False,
    request: AnyRequest | None = None,
) -> KnotStep:
    """The blocker becomes an agreement of the meeting: its owner and date are the
    blocker's from now on, and marking the agreement done resolves the blocker."""
    step = _locked_step(opening, step_id)
    agreement = meetings.add_agreement(
        meeting=step.opening.meeting,
        by=by,
        what=what,
        due_on=due_on,
        owner=owner,
        owner_is_client=owner_is_client,
        request=request,
    )
    Blocker.objects.filter(pk=step.blocker_id).update(
        agreement=agreement, owner=owner, owner_is_client=owner_is_client, due=due_on
    )
    return _decided(step, StepOutcome.AGREED, by, request)


@transaction.atomic
def skip_step(
    *, opening: KnotOpening, step_id: int, by: User, request: AnyRequest | None = None
) -> KnotStep:
    step = _locked_step(opening, step_id)
    return _decided(step, StepOutcome.SKIPPED, by, request)


@transaction.atomic
def finish(*, opening: KnotOpening, by: User, request: AnyRequest | None = None) -> KnotOpening:
    """End the walk: what was not discussed stays open (left for later)."""
    opening = KnotOpening.objects.select_for_update().get(pk=opening.pk)
    if opening.finished_at is not None:
        raise ValidationError(_("The knot opening has already been finished."))
    now = timezone.now()
    opening.steps.filter(outcome=StepOutcome.PENDING).update(
        outcome=StepOutcome.SKIPPED, decided_by=by, decided_at=now
    )
    opening.finished_at = now
    opening.save(update_fields=["finished_at"])
    record(
        actor=by,
        action=Action.UPDATE,
        client=opening.client_id,
        purpose=purpose_for(by, opening.client_id),
        target=f"knot_opening:{opening.pk}",
        request=request,
        details={"finished": True},
    )
    return opening


def resolve_blockers_of_done_agreement(
    *, agreement, by: User, request: AnyRequest | None = None, **_ignored
) -> None:
    """Receiver of meetings.signals.agreement_done: the agreement was the blocker's remedy."""
    for blocker in Blocker.objects.filter(
        agreement=agreement, resolved_at__isnull=True
    ).select_related("application"):
        resolve_blocker(blocker=blocker, by=by, request=request)


def opened_in_one_meeting(opening: KnotOpening, outcomes: list[str]) -> bool:
    """The knot counts as opened in one meeting when the walk is finished and every blocker
    on it was resolved at the table or given an owner and a date — none left for later."""
    return (
        opening.finished_at is not None
        and bool(outcomes)
        and all(o in (StepOutcome.RESOLVED, StepOutcome.AGREED) for o in outcomes)
    )
