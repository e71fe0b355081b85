"""Writes of applications and blockers: validated, whole or not at all, audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from polku.access.policy import purpose_for
from polku.audit.models import Action
from polku.audit.services import record
from polku.clients.models import Client
from polku.core.http import AnyRequest
from polku.core.validators import validate_no_markup
from polku.meetings.models import MeetingStatus

from .models import (
    Application,
    ApplicationStatus,
    Blocker,
    BlockerKind,
    KnotStep,
    StepOutcome,
)

if TYPE_CHECKING:  # annotations only
    from polku.accounts.models import User


@transaction.atomic
def add_application(
    *,
    client: Client,
    service,
    by: User,
    status,
    submitted=None,
    deciding_organisation=None,
    request: AnyRequest | None = None,
) -> Application:
    errors = {}
    if status not in ApplicationStatus.values:
        errors["status"] = _("Choose a status.")
    if submitted and submitted > timezone.localdate():
        errors["submitted"] = _("The submission date cannot be in the future.")
    if status != ApplicationStatus.DRAFT and submitted is None:
        errors["submitted"] = _("Enter when the application was submitted.")
    if ended := _ended_by(service, submitted or timezone.localdate()):
        errors["service"] = ended
    if errors:
        raise ValidationError(errors)
    application = Application.objects.create(
        client=client,
        service=service,
        status=status,
        submitted=submitted,
        deciding_organisation=deciding_organisation,
        created_by=by,
    )
    record(
        actor=by,
        action=Action.CREATE,
        client=client,
        purpose=purpose_for(by, client),
        target=f"application:{application.pk}",
        request=request,
    )
    return application


def _ended_by(service, day) -> str:
    """Why `service` cannot be applied for on `day` (it had ended), or "" when it can. An
    application submitted while the benefit was in force can still be recorded later."""
    if service.valid_until is None or service.valid_until >= day:
        return ""
    message = _("%(name)s ended on %(date)s and cannot be applied for after that.") % {
        "name": service.name,
        "date": date_format(service.valid_until, "j.n.Y"),
    }
    if service.replaced_by_id:
        message += " " + _("It was replaced by %(name)s.") % {"name": service.replaced_by.name}
    return message


@transaction.atomic
def set_status(
    *,
    application: Application,
    status: str,
    by: User,
    decision_date=None,
    request: AnyRequest | None = None,
) -> Application:
    if status not in ApplicationStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    decided = status.startswith("decided_")
    if decided and decision_date is None:
        decision_date = timezone.localdate()
    if status == "appealed" and decision_date is None:
        decision_date = application.decision_date  # the appealed decision keeps its date
    application.status = status
    application.decision_date = decision_date if decided or status == "appealed" else None
    application.version += 1
    application.save(update_fields=["status", "decision_date", "version"])
    record(
        actor=by,
        action=Action.UPDATE,
        client=application.client_id,
        purpose=purpose_for(by, application.client_id),
        target=f"application:{application.pk}",
        request=request,
        details={"status": status},
    )
    if not application.is_open:
        settle_after_decision(application=application, by=by, request=request)
    return application


def settle_after_decision(
    *, application: Application, by: User, request: AnyRequest | None = None
) -> list[Blocker]:
    """The application was decided (or withdrawn): what waited for its decision no longer
    waits, and nothing holds up the application itself any more. Each such open blocker is
    resolved (audited), and a knot walk still under way counts it as sorted out at the
    table. Returns the blockers resolved."""
    settled = list(
        Blocker.objects.select_for_update()
        .filter(resolved_at__isnull=True)
        .filter(Q(kind=BlockerKind.DECISION, waits_for=application) | Q(application=application))
        .select_related("application")
        .order_by("pk")
    )
    for blocker in settled:
        resolve_blocker(blocker=blocker, by=by, request=request)
    return settled


@transaction.atomic
def add_blocker(
    *,
    application: Application,
    kind: str,
    by: User,
    waits_for: Application | None = None,
    what: str = "",
    from_whom: str = "",
    owner=None,
    owner_is_client: bool = False,
    due: dt.date | None = None,
    request: AnyRequest | None = None,
) -> Blocker:
    errors: dict[str, str] = {}
    if kind not in BlockerKind.values:
        errors["kind"] = _("Choose what the application waits for.")
    if kind == BlockerKind.DECISION:
        if waits_for is None:
            errors["waits_for"] = _("Choose the application whose decision this one waits for.")
        elif waits_for.client_id != application.client_id or waits_for.pk == application.pk:
            errors["waits_for"] = _("Choose another application of the same client.")
    else:
        waits_for = None
        if not what.strip():
            errors["what"] = _("Write what is needed.")
    for name, value in (("what", what), ("from_whom", from_whom)):
        try:
            validate_no_markup(value)
        except ValidationError as error:
            errors[name] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    blocker = Blocker.objects.create(
        application=application,
        kind=kind,
        waits_for=waits_for,
        what=what.strip(),
        from_whom=from_whom.strip(),
        owner=owner,
        owner_is_client=owner_is_client,
        due=due,
    )
    record(
        actor=by,
        action=Action.CREATE,
        client=application.client_id,
        purpose=purpose_for(by, application.client_id),
        target=f"blocker:{blocker.pk}",
        request=request,
    )
    return blocker


@transaction.atomic
def resolve_blocker(*, blocker: Blocker, by: User, request: AnyRequest | None = None) -> Blocker:
    """Mark the blocker resolved. A knot walk under way (not finished, its meeting still
    planned) that has not yet discussed it takes it as resolved at the table, so the walk
    never shows a blocker that no longer binds."""
    if blocker.resolved_at is not None:
        raise ValidationError(_("This blocker is already resolved."))
    now = timezone.now()
    blocker.resolved_at = now
    blocker.resolved_by = by
    blocker.save(update_fields=["resolved_at", "resolved_by"])
    KnotStep.objects.filter(
        blocker=blocker,
        outcome=StepOutcome.PENDING,
        opening__finished_at__isnull=True,
        opening__meeting__status=MeetingStatus.PLANNED,
    ).update(outcome=StepOutcome.RESOLVED, decided_by=by, decided_at=now)
    record(
        actor=by,
        action=Action.UPDATE,
        client=blocker.application.client_id,
        purpose=purpose_for(by, blocker.application.client_id),
        target=f"blocker:{blocker.pk}",
        request=request,
        details={"resolved": True},
    )
    return blocker
