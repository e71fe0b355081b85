"""The warm handover (saattaen siirto): the coordinator proposes, a joint meeting with the
client takes place, and the receiving professional accepts or declines. Until acceptance the
old coordinator stays responsible; acceptance moves the role with
polku.clients.services.transfer_coordinator, which keeps exactly one coordinator at every
moment. Each write validates, saves in one transaction and writes its audit event.

Nothing the leaving coordinator owns may fall off every worklist: before acceptance every open
agreement, next contact and plan step of hers for the client is settled (`settle`) — reassigned to a
network member who sees the client, or kept by her, in which case she stays in the network as
a member and still sees the client under the consent. Acceptance is refused while anything is
unsettled, and applies the settlement in the same transaction as the seat's move."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polku.access import policy, resolver
from polku.accounts.models import Organisation, User
from polku.audit import services as audit
from polku.audit.models import Action
from polku.clients import services as clients
from polku.clients.models import Client, Consent, NetworkMember
from polku.core.http import AnyRequest
from polku.core.validators import field_errors
from polku.meetings.models import (
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NextContact,
)
from polku.plans.models import OPEN_STEP_STATUSES, GoalStatus, Plan, Step

from .models import Handover, HandoverStatus, Settlement


def current_coordinator_id(client: Client | int) -> int | None:
    return (
        NetworkMember.objects.coordinators()
        .of(client)
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
    *,
    client: Client,
    by: User,
    to: User,
    reason: str,
    summary: str,
    request: AnyRequest | None = None,
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
    field_errors(errors, Handover, reason=reason, summary=summary)
    if to is None:
        errors.setdefault("to_professional", []).append(_("Choose the receiving professional."))
    elif to.pk == by.pk:
        errors.setdefault("to_professional", []).append(
            _("You are already the coordinator: choose another professional.")
        )
    elif not resolver.is_professional(to):
        errors.setdefault("to_professional", []).append(
            _("The coordinator role can be handed over only to an active professional.")
        )
    elif not resolver.can_coordinate(to):
        errors.setdefault("to_professional", []).append(
            _(
                "%(profession)s cannot take the personal coordinator role: "
                "choose another professional."
            )
            % {"profession": to.get_profession_display()}
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
    if not NetworkMember.objects.includes(client, to):
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
        purpose=policy.purpose_for(by, client),
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
def link_meeting(
    *, handover: Handover, meeting: Meeting, by: User, request: AnyRequest | None = None
) -> Handover:
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
        purpose=policy.purpose_for(by, locked.client_id),
        target=f"handover:{locked.pk}",
        request=request,
        details={"meeting": meeting.pk},
    )
    return locked


@transaction.atomic
def accept_handover(
    *, client: Client, handover: Handover, by: User, request: AnyRequest | None = None
) -> Handover:
    """Only the receiving professional accepts, only after the joint meeting with the client
    has been held and closed, and only when every open agreement and next contact of the
    leaving coordinator is settled. The settlement is applied and the role moves in one
    transaction (transfer_coordinator); if she kept anything she stays as a member."""
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
    items = open_items(locked)
    waiting = [item for item in items if item.settlement is None]
    if waiting:
        raise ValidationError(_unsettled_message(len(waiting)))
    keeps = _apply_settlements(locked, items, by, request)
    if keeps and (error := _keep_error(locked)):
        raise ValidationError(error)
    # She walks beside the client: if she kept work, transfer_coordinator keeps her in the
    # network as a member for it.
    clients.transfer_coordinator(
        client=client,
        to=by,
        by=by,
        request=request,
        reason=locked.reason,
        keeps_responsibility=_("Completes the work kept at the handover"),
    )
    locked.status = HandoverStatus.ACCEPTED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=client,
        purpose=policy.purpose_for(by, client),
        target=f"handover:{locked.pk}",
        request=request,
        details={"status": locked.status},
    )
    return locked


@transaction.atomic
def decline_handover(
    *, handover: Handover, by: User, note: str, request: AnyRequest | None = None
) -> Handover:
    """The receiver declines with a note; the old coordinator stays responsible."""
    locked = _locked(handover)
    if by.pk != locked.to_professional_id:
        raise ValidationError(_("Only the receiving professional can decline the handover."))
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if not note:
        errors["decision_note"] = [_("Say why you decline, so the coordinator can plan anew.")]
    field_errors(errors, Handover, decision_note=note)
    if errors:
        raise ValidationError(errors)
    return _decide(locked, by, HandoverStatus.DECLINED, note, request)


@transaction.atomic
def withdraw_handover(
    *, handover: Handover, by: User, note: str = "", request: AnyRequest | None = None
) -> Handover:
    """The proposer withdraws the proposal; they stay the coordinator."""
    locked = _locked(handover)
    if by.pk != locked.from_coordinator_id:
        raise ValidationError(_("Only the professional who proposed the handover can withdraw it."))
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    field_errors(errors, Handover, decision_note=note)
    if errors:
        raise ValidationError(errors)
    return _decide(locked, by, HandoverStatus.WITHDRAWN, note, request)


def _decide(
    locked: Handover, by: User, status: str, note: str, request: AnyRequest | None
) -> Handover:
    locked.status = status
    locked.decided_at = timezone.now()
    locked.decision_note = note[:500]
    locked.save(update_fields=["status", "decided_at", "decision_note"])
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=locked.client_id,
        purpose=policy.purpose_for(by, locked.client_id),
        target=f"handover:{locked.pk}",
        request=request,
        details={"status": status},
    )
    return locked


# --- settling the leaving coordinator's open work --------------------------------------------

AGREEMENT = "agreement"
NEXT_CONTACT = "next_contact"
PLAN_STEP = "plan_step"
KEEP = "keep"


@dataclass
class OpenItem:
    """One open agreement or next contact of the leaving coordinator, and how it is settled
    (None: not yet)."""

    kind: str  # AGREEMENT, NEXT_CONTACT or PLAN_STEP
    item: Agreement | NextContact | Step
    settlement: Settlement | None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.item.pk}"

    @property
    def due_on(self) -> dt.date | None:
        """By when: an agreement's or next contact's day, a plan step's target date."""
        if isinstance(self.item, Step):
            return self.item.target_date
        return self.item.due_on


def open_items(handover: Handover) -> list[OpenItem]:
    """The coordinator's open agreements, next contacts and plan steps (of active goals) of
    the client, oldest due first, each with its settlement in this handover."""
    settled = {
        _settled_item(s): s
        for s in Settlement.objects.filter(handover=handover).select_related(
            "to_professional__organisation"
        )
    }
    agreements = Agreement.objects.filter(
        client_id=handover.client_id,
        owner_id=handover.from_coordinator_id,
        status=AgreementStatus.OPEN,
    ).order_by("due_on", "pk")
    contacts = NextContact.objects.filter(
        client_id=handover.client_id,
        contact_by_id=handover.from_coordinator_id,
        done_at__isnull=True,
    ).order_by("due_on", "pk")
    steps = Step.objects.filter(
        goal__plan__client_id=handover.client_id,
        goal__status=GoalStatus.ACTIVE,
        responsible_id=handover.from_coordinator_id,
        status__in=OPEN_STEP_STATUSES,
    ).order_by("target_date", "pk")
    items = [OpenItem(AGREEMENT, a, settled.get((AGREEMENT, a.pk))) for a in agreements]
    items += [OpenItem(NEXT_CONTACT, c, settled.get((NEXT_CONTACT, c.pk))) for c in contacts]
    items += [OpenItem(PLAN_STEP, s, settled.get((PLAN_STEP, s.pk))) for s in steps]
    return sorted(items, key=lambda i: (i.due_on, i.kind, i.item.pk))


def _settled_item(settlement: Settlement) -> tuple[str, int | None]:
    if settlement.agreement_id:
        return AGREEMENT, settlement.agreement_id
    if settlement.next_contact_id:
        return NEXT_CONTACT, settlement.next_contact_id
    return PLAN_STEP, settlement.step_id


def unsettled(handover: Handover) -> list[OpenItem]:
    return [item for item in open_items(handover) if item.settlement is None]


def settlement_candidates(handover: Handover) -> list[User]:
    """Whom an open item can be reassigned to: the receiver first, then the other active
    network members who see the client under the access rule (not the leaving coordinator)."""
    members = (
        User.objects.filter(
            pk__in=NetworkMember.objects.of(handover.client_id).values("professional_id"),
            is_active=True,
        )
        .exclude(pk=handover.from_coordinator_id)
        .filter(pk__in=_seeing(handover.client_id))
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )
    people = list(members)
    people.sort(key=lambda p: p.pk != handover.to_professional_id)
    return people


def _seeing(client_id: int) -> list[int]:
    """The active network members who may see the client today (the access rule)."""
    ids = NetworkMember.objects.of(client_id).values_list("professional_id", flat=True)
    return [
        person.pk
        for person in User.objects.filter(pk__in=list(ids))
        if policy.can_see(person, client_id)
    ]


def _keep_error(handover: Handover) -> str | None:
    """Keeping work means staying in the network as a member who still sees the client: a
    consent in force must cover her organisation (the access rule decides)."""
    giver = User.objects.get(pk=handover.from_coordinator_id)
    if policy.can_see(giver, handover.client_id):
        return None
    return _(
        "%(name)s cannot keep work for this client: no consent in force covers their "
        "organisation, so they would not see the client. Reassign it to a network member."
    ) % {"name": _name(giver)}


@transaction.atomic
def settle(
    *, handover: Handover, by: User, decisions: dict[str, str], request: AnyRequest | None = None
) -> list[Settlement]:
    """Settle open items of the leaving coordinator: `decisions` maps an item key
    ("agreement-12", "next_contact-5") to KEEP or a professional's id. Only the proposer
    settles (she hands over in person). All decisions are saved, or none."""
    locked = _locked(handover)
    if by.pk != locked.from_coordinator_id:
        raise ValidationError(
            _("Only the coordinator who proposed the handover can settle their open work.")
        )
    items = {item.key: item for item in open_items(locked)}
    candidates = {person.pk: person for person in settlement_candidates(locked)}
    errors: list[str] = []
    chosen: list[tuple[OpenItem, bool, User | None]] = []
    for key, value in decisions.items():
        if not value:
            continue
        item = items.get(key)
        if item is None:
            errors.append(
                _("This agreement or next contact is no longer open, or not the coordinator's.")
            )
            continue
        if value == KEEP:
            chosen.append((item, True, None))
            continue
        person = candidates.get(int(value)) if str(value).isdigit() else None
        if person is None:
            errors.append(
                _(
                    "Reassign only to a member of the client's network who sees the client "
                    "under the consent."
                )
            )
            continue
        chosen.append((item, False, person))
    if any(keep for _item, keep, _p in chosen):
        error = _keep_error(locked)
        if error:
            errors.append(error)
    if errors:
        raise ValidationError(sorted(set(errors)))
    saved = []
    for item, keep, person in chosen:
        defaults = {
            "keep": keep,
            "to_professional": person,
            "decided_by": by,
            "decided_at": timezone.now(),
        }
        if isinstance(item.item, Agreement):
            settlement, _created = Settlement.objects.update_or_create(
                handover=locked, agreement=item.item, defaults=defaults
            )
        elif isinstance(item.item, Step):
            settlement, _created = Settlement.objects.update_or_create(
                handover=locked, step=item.item, defaults=defaults
            )
        else:
            settlement, _created = Settlement.objects.update_or_create(
                handover=locked, next_contact=item.item, defaults=defaults
            )
        saved.append(settlement)
    if saved:
        audit.record(
            actor=by,
            action=Action.UPDATE,
            client=locked.client_id,
            purpose=policy.purpose_for(by, locked.client_id),
            target=f"handover:{locked.pk}",
            request=request,
            details={
                "settled": {
                    "{}:{}".format(*_settled_item(s)): "keep" if s.keep else s.to_professional_id
                    for s in saved
                }
            },
        )
    return saved


def _unsettled_message(count: int) -> str:
    return ngettext(
        "%(count)d open agreement, next contact or plan step of the coordinator is not settled "
        "yet. Before the handover can be accepted, the coordinator reassigns it or keeps it.",
        "%(count)d open agreements, next contacts or plan steps of the coordinator are not "
        "settled yet. Before the handover can be accepted, the coordinator reassigns or keeps "
        "each of them.",
        count,
    ) % {"count": count}


def _apply_settlements(
    locked: Handover, items: list[OpenItem], by: User, request: AnyRequest | None
) -> bool:
    """Reassign what was reassigned; return whether she keeps anything. Refuses a
    reassignment to someone who no longer sees the client."""
    seeing = set(_seeing(locked.client_id))
    for item in items:
        settlement = item.settlement
        assert settlement is not None
        if settlement.keep:
            continue
        if settlement.to_professional is None or settlement.to_professional_id not in seeing:
            raise ValidationError(
                _(
                    "%(name)s is no longer in the client's network under the consent: settle "
                    "their part again."
                )
                % {"name": _name(settlement.to_professional) if settlement.to_professional else ""}
            )
        if item.kind == AGREEMENT:
            Agreement.objects.filter(pk=item.item.pk).update(owner=settlement.to_professional)
            target = f"agreement:{item.item.pk}"
        elif item.kind == PLAN_STEP:
            # The organisation that provides the step stays; the plan's version moves on so
            # that a plan page loaded before the handover cannot save the old person back.
            Step.objects.filter(pk=item.item.pk).update(responsible=settlement.to_professional)
            Plan.objects.filter(goals__steps=item.item.pk).update(version=F("version") + 1)
            target = f"plan_step:{item.item.pk}"
        else:
            NextContact.objects.filter(pk=item.item.pk).update(
                contact_by=settlement.to_professional
            )
            target = f"next_contact:{item.item.pk}"
        audit.record(
            actor=by,
            action=Action.UPDATE,
            client=locked.client_id,
            purpose=policy.purpose_for(by, locked.client_id),
            target=target,
            request=request,
            details={"reassigned_to": settlement.to_professional_id, "handover": locked.pk},
        )
    return any(item.settlement and item.settlement.keep for item in items)
