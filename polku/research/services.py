"""Writes of the research app: a client's outcome (audited)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access.policy import purpose_for
from polku.accounts.models import User
from polku.audit.models import Action
from polku.audit.services import record
from polku.clients.models import Client
from polku.core.http import AnyRequest

from .models import OutcomeEvent, OutcomeKind


@transaction.atomic
def record_outcome(
    *, client: Client, by: User, kind: str, date: dt.date, request: AnyRequest | None = None
) -> OutcomeEvent:
    errors = {}
    if kind not in OutcomeKind.values:
        errors["kind"] = _("Choose the situation.")
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif date < timezone.localtime(client.created_at).date():
        errors["date"] = _("The date cannot be before the client's first contact.")
    if errors:
        raise ValidationError(errors)
    event = OutcomeEvent.objects.create(client=client, kind=kind, date=date, recorded_by=by)
    record(
        actor=by,
        action=Action.CREATE,
        client=client,
        purpose=purpose_for(by, client),
        target=f"outcome:{event.pk}",
        request=request,
        details={"kind": kind, "date": date.isoformat()},
    )
    return event
