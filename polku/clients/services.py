"""Writes on clients, consents and networks. Each validates, saves whole or not at all
(one transaction), and writes its audit event. Views and the API call these."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polku.access import policy, resolver
from polku.access.policy import may_see_full_hetu
from polku.accounts.models import Organisation, User
from polku.audit import services as audit
from polku.audit.models import Action
from polku.core import hooks
from polku.core.http import AnyRequest
from polku.core.locking import bump_version

from . import crypto
from . import hetu as hetu_rules
from .models import (
    AccessRequest,
    AccessRequestStatus,
    Client,
    ClientStatus,
    Consent,
    NetworkMember,
    NetworkRole,
    RecordAttempt,
)

CLIENT_FIELDS = (
    "first_names",
    "last_name",
    "preferred_language",
    "needs_interpreter",
    "interpreter_language",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "municipality",
    "has_online_credentials",
    "can_read_kela_messages",
)


def hetu_error_message(error: hetu_rules.InvalidHetu) -> str:
    messages = {
        "length": _("A personal identity code has 11 characters, for example 010190-123A."),
        "format": _("The birth date and the individual number must be digits."),
        "century": _("The 7th character must be a century sign: -, + or A–F (or U–Y)."),
        "date": _("The birth date in the personal identity code does not exist."),
        "individual": _("The individual number 000 or 001 is not in use."),
        "checksum": _("The check character does not match: please check the code."),
    }
    return messages.get(error.code, _("This is not a valid personal identity code."))


def _set_hetu(client: Client, text: str) -> None:
    try:
        client.set_hetu(text)
    except hetu_rules.InvalidHetu as error:
        raise ValidationError({"hetu": hetu_error_message(error)}) from None
    # Under every configured data key: rows not yet rotated (rotate_keys) clash too.
    hashes = crypto.search_hashes(hetu_rules.parse(text).value)
    clash = Client.objects.filter(hetu_hash__in=hashes).exclude(pk=client.pk)
    if clash.exists():
        raise ValidationError(
            {"hetu": _("A client with this personal identity code is already recorded.")}
        )


def find_by_hetu_hash(text: str) -> list[str] | None:
    """The search hashes of a valid code (under every configured data key, to match with
    `hetu_hash__in`), or None if the text is not a valid code."""
    try:
        return crypto.search_hashes(hetu_rules.parse(text).value)
    except hetu_rules.InvalidHetu:
        return None


@transaction.atomic
def record_client(
    *,
    by: User,
    hetu: str,
    data: dict[str, Any],
    consent: dict[str, Any] | None = None,
    request: AnyRequest | None = None,
) -> Client:
    """Record a new client. The recorder becomes the client's coordinator. With `consent`
    (the arguments of give_consent) the client becomes active at once; without it the client
    stays in intake, visible only to the recorder until a consent is recorded."""
    client = Client(created_by=by, status=ClientStatus.INTAKE)
    for name in CLIENT_FIELDS:
        if name in data:
            setattr(client, name, data[name])
    _set_hetu(client, hetu)
    client.full_clean(exclude=["created_by"])
    try:
        client.save()
    except IntegrityError:  # the same code recorded concurrently
        raise ValidationError(
            {"hetu": _("A client with this personal identity code is already recorded.")}
        ) from None
    NetworkMember.objects.create(
        client=client, professional=by, role=NetworkRole.COORDINATOR, added_by=by
    )
    audit.record(
        actor=by,
        action=Action.CREATE,
        client=client,
        target="client",
        purpose=policy.purpose_for(by, client),
        request=request,
    )
    if consent is not None:
        give_consent(client=client, by=by, request=request, **consent)
    return client


# --- recording by personal identity code without revealing who is a client -------------------

RECORD_WINDOW = dt.timedelta(hours=24)


def record_limit() -> int:
    """How many clients (new or already recorded) one professional may try to record in 24
    hours: settings.POLKU_CLIENT_RECORD_LIMIT (config/settings/base.py, 20 by default)."""
    return settings.POLKU_CLIENT_RECORD_LIMIT


class RecordLimitReached(ValidationError):
    pass


def _count_attempt(by: User) -> None:
    """Count one attempt in the shared store (the database), or refuse it past the limit.
    The professional's row is locked first so that concurrent attempts are counted one by one
    (PostgreSQL; SQLite runs one writer at a time)."""
    User.objects.select_for_update().filter(pk=by.pk).first()
    since = timezone.now() - RECORD_WINDOW
    RecordAttempt.objects.filter(professional=by, at__lt=since).delete()
    limit = record_limit()
    if RecordAttempt.objects.filter(professional=by).count() >= limit:
        raise RecordLimitReached(
            ngettext(
                "You have tried to record %(limit)d client in the last 24 hours, which is the "
                "limit. Try again later, or ask your organisation's administrator for help.",
                "You have tried to record %(limit)d clients in the last 24 hours, which is the "
                "limit. Try again later, or ask your organisation's administrator for help.",
                limit,
            )
            % {"limit": limit},
            code="record_limit",
        )
    RecordAttempt.objects.create(professional=by)


def recorded_message() -> str:
    """The one answer to recording a client, whether or not the person was a client already."""
    return _(
        "Thank you, the details were received. If the person was not yet a client, they are "
        "now recorded and you find them among your clients. If they were "
        "already a client, their personal coordinator decides whether you join their network; "
        "the client's consent decides what you then see."
    )


def record_or_request(
    *,
    by: User,
    hetu: str,
    data: dict[str, Any],
    consent: dict[str, Any] | None = None,
    request: AnyRequest | None = None,
) -> None:
    """Record a new client, or — if a client with this code is already recorded — ask the
    client's personal coordinator for access. Returns nothing, and the caller answers the
    same in both cases: whether a person is a client is not revealed to whoever types their
    code. Every attempt counts towards the per-professional limit (RecordLimitReached);
    every match is audited on the matched client and reaches the coordinator as an
    AccessRequest. Validate the input (the code's checksum included) before calling, so that
    bad input is refused the same way in both cases."""
    with transaction.atomic():
        _count_attempt(by)
    hetu_hashes = crypto.search_hashes(hetu_rules.parse(hetu).value)
    with transaction.atomic():
        matched = Client.objects.filter(hetu_hash__in=hetu_hashes).first()
        if matched is None:
            try:
                record_client(by=by, hetu=hetu, data=data, consent=consent, request=request)
                return
            except ValidationError:
                matched = Client.objects.filter(hetu_hash__in=hetu_hashes).first()
                if matched is None:
                    raise  # not a clash: a real input error
        _request_access(matched, by, request)


def _request_access(client: Client, by: User, request: AnyRequest | None) -> None:
    """A match: audited on the client; a pending request for the coordinator unless the asker
    is already in the client's network or already waiting."""
    if NetworkMember.objects.includes(client, by):
        outcome, found = "already_in_network", None
    else:
        found = AccessRequest.objects.filter(
            client=client, requested_by=by, status=AccessRequestStatus.PENDING
        ).first()
        outcome = "already_waiting" if found else "requested"
        if found is None:
            try:
                with transaction.atomic():
                    found = AccessRequest.objects.create(client=client, requested_by=by)
            except IntegrityError:  # the same asker twice at once
                found = AccessRequest.objects.get(
                    client=client, requested_by=by, status=AccessRequestStatus.PENDING
                )
                outcome = "already_waiting"
    audit.record(
        actor=by,
        action=Action.SEARCH,
        client=client,
        # A member of the client's network asked for nothing: their own purpose for the client.
        purpose=policy.ACCESS_REQUEST if found else policy.purpose_for(by, client),
        target="hetu_match",
        request=request,
        details={"outcome": outcome, **({"access_request": found.pk} if found else {})},
    )


def pending_access_requests(client: Client) -> QuerySet[AccessRequest]:
    return (
        AccessRequest.objects.filter(client=client, status=AccessRequestStatus.PENDING)
        .select_related("requested_by__organisation")
        .order_by("requested_at", "id")
    )


def access_requests_for_coordinator(user: User) -> QuerySet[AccessRequest]:
    """Pending requests to the clients `user` coordinates now."""
    seats = NetworkMember.objects.coordinators().filter(professional=user)
    return (
        AccessRequest.objects.filter(
            status=AccessRequestStatus.PENDING, client_id__in=seats.values("client_id")
        )
        .select_related("requested_by__organisation")
        .order_by("requested_at", "id")
    )


@transaction.atomic
def decide_access_request(
    *,
    access_request: AccessRequest,
    by: User,
    grant: bool,
    note: str = "",
    request: AnyRequest | None = None,
) -> AccessRequest:
    """The client's personal coordinator grants (the asker joins the client's network as a
    member; the access rule then lets them see the client only under a consent in force that
    covers their organisation) or declines. Audited; the asker is not told."""
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if locked.status != AccessRequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if not NetworkMember.objects.coordinators().includes(locked.client_id, by):
        raise ValidationError(_("Only the client's personal coordinator can decide this."))
    client = Client.objects.get(pk=locked.client_id)
    asker = User.objects.select_related("organisation").get(pk=locked.requested_by_id)
    if grant and not NetworkMember.objects.includes(client, asker):
        add_member(
            client=client,
            by=by,
            professional=asker,
            responsibility=_("Asked for access"),
            request=request,
        )
    locked.status = AccessRequestStatus.GRANTED if grant else AccessRequestStatus.DECLINED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    locked.full_clean(exclude=["client", "requested_by", "decided_by"])
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=client,
        purpose=policy.purpose_for(by, client),
        target=f"access_request:{locked.pk}",
        request=request,
        details={"decision": locked.status, "professional": asker.pk},
    )
    access_request.__dict__.update(
        {n: getattr(locked, n) for n in ("status", "decided_by_id", "decided_at", "decision_note")}
    )
    return locked


def consent_covers(client: Client, organisation_id: int | None) -> bool:
    """Whether a consent in force today covers the organisation (shown when deciding)."""
    return (
        organisation_id is not None
        and Consent.objects.valid_on(timezone.localdate())
        .filter(client=client, organisations=organisation_id)
        .exists()
    )


@transaction.atomic
def update_client(
    *,
    client: Client,
    by: User,
    data: dict[str, Any],
    expected_version: int | None = None,
    request: AnyRequest | None = None,
) -> Client:
    """Save changes made from the copy at `expected_version`. A stale copy (someone else saved
    in between) is refused with a clear message and nothing changes (optimistic locking).
    Pages and the API always pass the version the user loaded; None is for services that
    change the current row within their own transaction (e.g. a referral's details)."""
    if expected_version is None:
        expected_version = Client.objects.filter(pk=client.pk).values_list("version", flat=True)[0]
    bump_version(client, expected_version)
    stored = Client.objects.filter(pk=client.pk).values(*CLIENT_FIELDS).get()
    changed = [name for name in CLIENT_FIELDS if name in data and stored[name] != data[name]]
    for name in changed:
        setattr(client, name, data[name])
    client.full_clean(exclude=["created_by"])
    client.save(update_fields=[*changed, "version", "updated_at"])
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=client,
        purpose=policy.purpose_for(by, client),
        target="client",
        request=request,
        details={"fields": sorted(changed), "version": client.version},
    )
    return client


def reveal_hetu(
    *, client: Client, by: User, purpose: str, request: AnyRequest | None = None
) -> str:
    """The full henkilötunnus, for a stated purpose, only to whom polku.access.policy
    .may_see_full_hetu allows (else PermissionDenied); every display is audited."""
    if not may_see_full_hetu(by, client):
        raise PermissionDenied(
            _("Only authorities who need it see the full personal identity code.")
        )
    purpose = purpose.strip()
    if not purpose:
        raise ValidationError({"purpose": _("Say why you need the full personal identity code.")})
    audit.record(
        actor=by,
        action=Action.REVEAL,
        client=client,
        target="hetu",
        purpose=purpose[:200],
        request=request,
    )
    return client.reveal_hetu()


@transaction.atomic
def give_consent(
    *,
    client: Client,
    by: User | None,
    organisations: Iterable[Organisation],
    purpose: str,
    given_how: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    description: str = "",
    request: AnyRequest | None = None,
) -> Consent:
    organisations = list(organisations)
    if not organisations:
        raise ValidationError({"organisations": _("Choose at least one organisation.")})
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError(
            {"valid_until": _("The end date must be on or after the start date.")}
        )
    consent = Consent(
        client=client,
        purpose=purpose,
        given_how=given_how,
        valid_from=valid_from,
        valid_until=valid_until,
        description=description,
        recorded_by=by,
    )
    consent.full_clean(exclude=["client", "recorded_by", "withdrawn_by"])
    consent.save()
    consent.organisations.set(organisations)
    if client.status == ClientStatus.INTAKE:
        client.status = ClientStatus.ACTIVE
        client.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=by,
        action=Action.CREATE,
        client=client,
        target=f"consent:{consent.pk}",
        purpose=purpose,  # the why of recording a consent is the consent's own purpose
        request=request,
        details={"organisations": sorted(o.pk for o in organisations), "purpose": purpose},
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *, consent: Consent, by: User | None, reason: str = "", request: AnyRequest | None = None
) -> Consent:
    """Withdrawal takes effect at once: the access rule no longer counts this consent.
    `by` None: the client withdrew it in the portal."""
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = by
    locked.withdrawn_by_client = by is None
    locked.withdrawal_reason = reason
    locked.full_clean(exclude=["client", "recorded_by", "withdrawn_by", "organisations"])
    locked.save(
        update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_by_client", "withdrawal_reason"]
    )
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=locked.client_id,
        target=f"consent:{locked.pk}",
        purpose=locked.purpose,
        request=request,
        details={"withdrawn": True, **({"by": "client"} if by is None else {})},
    )
    return locked


@transaction.atomic
def add_member(
    *,
    client: Client,
    by: User,
    professional: User,
    responsibility: str = "",
    request: AnyRequest | None = None,
) -> NetworkMember:
    if not resolver.is_professional(professional):
        raise ValidationError({"professional": _("Only active professionals can be added.")})
    if NetworkMember.objects.includes(client, professional):
        raise ValidationError(
            {"professional": _("This professional is already in the client's network.")}
        )
    member = NetworkMember(
        client=client,
        professional=professional,
        role=NetworkRole.MEMBER,
        responsibility=responsibility,
        added_by=by,
    )
    member.full_clean(exclude=["client", "professional", "added_by", "ended_by"])
    member.save()
    audit.record(
        actor=by,
        action=Action.CREATE,
        client=client,
        purpose=policy.purpose_for(by, client),
        target=f"network_member:{member.pk}",
        request=request,
        details={"professional": professional.pk, "role": member.role},
    )
    return member


@transaction.atomic
def end_membership(
    *, member: NetworkMember, by: User, request: AnyRequest | None = None
) -> NetworkMember:
    """End a membership at once. The coordinator of an active client cannot simply leave:
    the role is handed over first (the database refuses it too). The member's open
    agreements, next contacts and plan steps of the client pass to the coordinator."""
    if member.ended_at is not None:
        raise ValidationError(_("This membership has already ended."))
    if member.role == NetworkRole.COORDINATOR:
        raise ValidationError(
            _("The personal coordinator cannot leave the network before handing over the role.")
        )
    member.ended_at = timezone.now()
    member.ended_by = by
    member.save(update_fields=["ended_at", "ended_by"])
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=member.client_id,
        purpose=policy.purpose_for(by, member.client_id),
        target=f"network_member:{member.pk}",
        request=request,
        details={"ended": True},
    )
    _hand_open_work_to_coordinator(member, by, request)
    return member


def _hand_open_work_to_coordinator(
    member: NetworkMember, by: User, request: AnyRequest | None
) -> None:
    """A professional who leaves the network no longer sees the client, so their open
    agreements, next contacts and plan steps of this client would fall off every worklist:
    they pass to the client's coordinator, who follows them up or reassigns them (each change
    audited)."""
    if NetworkMember.objects.includes(member.client_id, member.professional_id):
        return  # still in the network in another row
    coordinator_id = (
        NetworkMember.objects.coordinators()
        .of(member.client_id)
        .values_list("professional_id", flat=True)
        .first()
    )
    if coordinator_id is None or coordinator_id == member.professional_id:
        return
    # Each app that keeps work passes its own (polku.core.hooks.pass_open_work); audited here
    # in one order whatever the apps' order: agreements, next contacts, plan steps.
    passed = [
        target
        for pass_work in hooks.pass_open_work.items()
        for target in pass_work(member.client_id, member.professional_id, coordinator_id)
    ]
    targets = sorted(passed, key=lambda target: target.split(":")[0])
    for target in targets:
        audit.record(
            actor=by,
            action=Action.UPDATE,
            client=member.client_id,
            purpose=policy.purpose_for(by, member.client_id),
            target=target,
            request=request,
            details={"reassigned_to": coordinator_id, "from": member.professional_id},
        )


@transaction.atomic
def transfer_coordinator(
    *,
    client: Client,
    to: User,
    by: User,
    request: AnyRequest | None = None,
    reason: str = "",
    keeps_responsibility: str = "",
) -> NetworkMember:
    """Move the coordinator role to `to` so that the client has exactly one active
    coordinator at every moment: the old coordinator's period is kept as an ended history row,
    and the current coordinator row (the "seat") changes hands in one UPDATE.

    If the old coordinator still owns open agreements, next contacts or plan steps (of
    active goals) of the client, she stays in the network as a member (nothing she owns falls
    off every worklist).

    The warm handover (proposal, joint meeting, settlement, acceptance) is built on top of
    this."""
    if not resolver.is_professional(to):
        raise ValidationError({"to": _("Only active professionals can coordinate.")})
    seat = NetworkMember.objects.coordinators().of(client).select_for_update().get()
    if seat.professional_id == to.pk:
        raise ValidationError({"to": _("This professional is already the coordinator.")})
    now = timezone.now()
    NetworkMember.objects.create(
        client=client,
        professional_id=seat.professional_id,
        role=NetworkRole.COORDINATOR,
        responsibility=seat.responsibility,
        started_at=seat.started_at,
        ended_at=now,
        added_by_id=seat.added_by_id,
        ended_by=by,
    )
    # The new coordinator's ordinary membership (if any) ends: they now hold the seat.
    NetworkMember.objects.of(client).filter(professional=to).update(ended_at=now, ended_by=by)
    former_id = seat.professional_id
    seat.professional = to
    seat.started_at = now
    seat.added_by = by
    seat.save(update_fields=["professional", "started_at", "added_by"])
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=client,
        purpose=policy.purpose_for(by, client),
        target=f"network_member:{seat.pk}",
        request=request,
        details={"coordinator_to": to.pk, "reason": reason[:200]},
    )
    if _owns_open_work(client.pk, former_id):
        # Leaving the seat must not orphan her work: she stays in the network as a member
        # for the open agreements and next contacts she still owns (the warm handover
        # settles them first: polku.handover.services).
        member = NetworkMember.objects.create(
            client=client,
            professional_id=former_id,
            role=NetworkRole.MEMBER,
            responsibility=keeps_responsibility or _("Completes the work kept at the handover"),
            started_at=now,
            added_by=by,
        )
        audit.record(
            actor=by,
            action=Action.CREATE,
            client=client,
            purpose=policy.purpose_for(by, client),
            target=f"network_member:{member.pk}",
            request=request,
            details={"professional": former_id, "role": member.role, "keeps_open_work": True},
        )
    return seat


def _owns_open_work(client_id: int, professional_id: int) -> bool:
    """Whether any app holds open work of the client owned by the professional
    (polku.core.hooks.owns_open_work)."""
    return any(owns(client_id, professional_id) for owns in hooks.owns_open_work.items())
