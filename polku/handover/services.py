"""The warm handover (saattaen siirto): the coordinator proposes, a joint meeting with the
client takes place, and the receiving professional accepts or declines. Until acceptance the
old coordinator stays responsible; acceptance moves the role with
polku.clients.services.transfer_coordinator, which keeps exactly one coordinator at every
moment. Each write validates, saves in one transaction and writes its audit event."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Organisation, User
from polku.audit import services as audit
from polku.audit.models import Action
from polku.clients import services as clients
from polku.clients.models import Client, Consent, NetworkMember, NetworkRole
from polku.core.validators import validate_no_markup
from polku.meetings.models import Meeting, MeetingKind, MeetingStatus

from .models import Handover, HandoverStatus


def current_coordinator_id(client: Client | int) -> int | None:
    return (
        NetworkMember.objects.active()
        .filter(client_id=getattr(client, "pk", client), role=NetworkRole.COORDINATOR)
        .values_list("professional_id", flat=True)
        .first()
    )


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _organisation_name(user: User) -> str:
    return (
        Organisation.objects.filter(pk=user.organisation_id or 0)
        .values_list("name", flat=True)
        .first()
        or ""
    )


def _text_errors(errors: dict, **fields: str) -> None:
    for name, value in fields.items():
        try:
            validate_no_markup(value)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)


def _locked(handover: Handover) -> Handover:
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    if locked.status != HandoverStatus.PROPOSED:
        raise ValidationError(
            _("This handover has already been decided: it is %(status)s.")
            % {"status": str(locked.get_status_display()).lower()}
        )
    return locked


@transaction.atomic
def propose_handover(
    *, client: Client, by: User, to: User, reason: str, summary: str, request=None
) -> Handover:
    """Only the current coordinator proposes, to another active professional whose
    organisation a consent in force covers. The receiver joins the network (if not yet a member)
    so that they can see the client and accept."""
    if current_coordinator_id(client) != by.pk:
        raise ValidationError(_("Only the client's personal coordinator can propose a handover."))
    errors: dict[str, list[str]] = {}
    reason, summary = (reason or "").strip(), (summary or "").strip()
    if not reason:
        errors.setdefault("reason", []).append(_("Give the reason for the handover."))
    if not summary:
        errors.setdefault("summary", []).append(
            _("Write the handover summary: what the next coordinator needs to know.")
        )
    _text_errors(errors, reason=reason, summary=summary)
    if to is None:
        errors.setdefault("to_professional", []).append(_("Choose the receiving professional."))
    elif to.pk == by.pk:
        errors.setdefault("to_professional", []).append(
            _("You are already the coordinator: choose another professional.")
        )
    elif not (to.is_active and to.is_professional):
        errors.setdefault("to_professional", []).append(
            _("The coordinator role can be handed over only to an active professional.")
        )
    elif (
        not Consent.objects.valid_on(timezone.localdate())
        .filter(client=client, organisations=to.organisation_id)
        .exists()
    ):
        errors.setdefault("to_professional", []).append(
            _(
                "No consent in force covers %(organisation)s. Record the client's consent "
                "covering %(organisation)s first, then propose the handover."
            )
            % {"organisation": _organisation_name(to)}
        )
    if errors:
        raise ValidationError(errors)
    if Handover.objects.filter(client=client, status=HandoverStatus.PROPOSED).exists():
        raise ValidationError(_already_open())
    handover = Handover(
        client=client, from_coordinator=by, to_professional=to, reason=reason, summary=summary
    )
    handover.full_clean(exclude=["client", "from_coordinator", "to_professional", "meeting"])
    try:
        with transaction.atomic():
            handover.save()
    except IntegrityError:  # proposed concurrently: the database holds one open proposal
        raise ValidationError(_already_open()) from None
    if not NetworkMember.objects.active().filter(client=client, professional=to).exists():
        clients.add_member(
            client=client,
            by=by,
            professional=to,
            responsibility=_("Receiving the coordinator role (handover)"),
            request=request,
        )
    audit.record(
        actor=by,
        action=Action.CREATE,
        client=client,
        target=f"handover:{handover.pk}",
        request=request,
        details={"to": to.pk},
    )
    return handover


def _already_open() -> str:
    return _(
        "A handover of this client is already waiting for a decision. "
        "It must be accepted, declined or withdrawn before a new one can be proposed."
    )


@transaction.atomic
def link_meeting(*, handover: Handover, meeting: Meeting, by: User, request=None) -> Handover:
    """The joint meeting with the client: a handover meeting of the same client."""
    locked = _locked(handover)
    if by.pk not in (locked.from_coordinator_id, locked.to_professional_id):
        raise ValidationError(
            _("Only the coordinator and the receiving professional can choose the joint meeting.")
        )
    if meeting.client_id != locked.client_id:
        raise ValidationError({"meeting": _("Choose a meeting of this client.")})
    if meeting.kind != MeetingKind.HANDOVER:
        raise ValidationError({"meeting": _("The joint meeting must be a handover meeting.")})
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"meeting": _("This meeting has been cancelled.")})
    if not meeting.client_present:
        raise ValidationError(
            {"meeting": _("The client takes part in the joint meeting of a warm handover.")}
        )
    locked.meeting = meeting
    locked.save(update_fields=["meeting"])
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=locked.client_id,
        target=f"handover:{locked.pk}",
        request=request,
        details={"meeting": meeting.pk},
    )
    return locked


@transaction.atomic
def accept_handover(*, client: Client, handover: Handover, by: User, request=None) -> Handover:
    """Only the receiving professional accepts, and only after the joint meeting with the
    client has been held and closed. The role moves in one step (transfer_coordinator)."""
    if handover.client_id != client.pk:
        raise ValidationError(_("This handover belongs to another client."))
    locked = _locked(handover)
    if by.pk != locked.to_professional_id:
        raise ValidationError(_("Only the receiving professional can accept the handover."))
    meeting = (
        Meeting.objects.filter(pk=locked.meeting_id).only("id", "status").first()
        if locked.meeting_id
        else None
    )
    if meeting is None or meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(
            _(
                "The joint meeting with the client must be held and closed before the handover "
                "can be accepted: a warm handover is met together with the client."
            )
        )
    if current_coordinator_id(client) != locked.from_coordinator_id:
        raise ValidationError(
            _(
                "The coordinator has changed since this handover was proposed: it can no longer "
                "be accepted. Ask the current coordinator to propose it again."
            )
        )
    clients.transfer_coordinator(client=client, to=by, by=by, request=request, reason=locked.reason)
    locked.status = HandoverStatus.ACCEPTED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=client,
        target=f"handover:{locked.pk}",
        request=request,
        details={"status": locked.status},
    )
    return locked


@transaction.atomic
def decline_handover(*, handover: Handover, by: User, note: str, request=None) -> Handover:
    """The receiver declines with a note; the old coordinator stays responsible."""
    locked = _locked(handover)
    if by.pk != locked.to_professional_id:
        raise ValidationError(_("Only the receiving professional can decline the handover."))
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if not note:
        errors["decision_note"] = [_("Say why you decline, so the coordinator can plan anew.")]
    _text_errors(errors, decision_note=note)
    if errors:
        raise ValidationError(errors)
    return _decide(locked, by, HandoverStatus.DECLINED, note, request)


@transaction.atomic
def withdraw_handover(*, handover: Handover, by: User, note: str = "", request=None) -> Handover:
    """The proposer withdraws the proposal; they stay the coordinator."""
    locked = _locked(handover)
    if by.pk != locked.from_coordinator_id:
        raise ValidationError(_("Only the professional who proposed the handover can withdraw it."))
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    _text_errors(errors, decision_note=note)
    if errors:
        raise ValidationError(errors)
    return _decide(locked, by, HandoverStatus.WITHDRAWN, note, request)


def _decide(locked: Handover, by: User, status: str, note: str, request) -> Handover:
    locked.status = status
    locked.decided_at = timezone.now()
    locked.decision_note = note[:500]
    locked.save(update_fields=["status", "decided_at", "decision_note"])
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=locked.client_id,
        target=f"handover:{locked.pk}",
        request=request,
        details={"status": status},
    )
    return locked
