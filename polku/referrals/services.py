"""Writes on referrals. Each validates, saves whole or not at all (one transaction), records
the change in the referral's history and writes its audit event. Clients, consents and
network members are created only through polku.clients.services."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access import resolver
from polku.accounts.models import Organisation, User
from polku.audit import services as audit
from polku.audit.models import Action
from polku.clients import crypto
from polku.clients import hetu as hetu_rules
from polku.clients import services as clients
from polku.clients.models import Client, ConsentMethod, ConsentPurpose, Language, NetworkMember
from polku.core.channels import REFERRAL_CHANNELS
from polku.core.http import AnyRequest
from polku.core.validators import field_errors

from . import working_days
from .models import (
    DischargePlan,
    FollowUp,
    Outcome,
    ReceivingTeam,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Urgency,
)

DEFAULT_DEADLINES = {Urgency.URGENT: 1, Urgency.SOON: 3, Urgency.NORMAL: 7}

S = ReferralStatus
# Status changes a named worker makes (claiming is its own operation: received -> claimed).
TRANSITIONS: dict[str, set[str]] = {
    S.CLAIMED: {S.CONTACTED, S.CLOSED},
    S.CONTACTED: {S.IN_PROGRESS, S.CLOSED},
    S.IN_PROGRESS: {S.CLOSED},
}
# Without a first contact, a referral can only close as declined or unreachable.
OUTCOMES_WITHOUT_CONTACT = {Outcome.CLIENT_DECLINED, Outcome.UNREACHABLE}


def deadline_days(urgency: str) -> int:
    """First contact within this many Finnish working days: DEFAULT_DEADLINES unless
    settings.POLKU_REFERRAL_DEADLINES names the urgency (config/settings/base.py)."""
    configured = settings.POLKU_REFERRAL_DEADLINES
    return int(configured.get(str(urgency), DEFAULT_DEADLINES[Urgency(urgency)]))


def deadline_for(received_on: dt.date, urgency: str) -> dt.date:
    return working_days.add_working_days(received_on, deadline_days(urgency))


def _event(referral: Referral, by: User, what: str, *, before: str = "", note: str = ""):
    ReferralEvent.objects.create(
        referral=referral,
        by=by,
        what=what,
        from_status=before,
        to_status=referral.status,
        note=note[:500],
    )


def _audit(
    referral: Referral, by: User, action, what: str, request: AnyRequest | None = None, **details
):
    audit.record(
        actor=by,
        action=action,
        client=referral.client_id,
        target=f"referral:{referral.pk}",
        purpose=ConsentPurpose.REFERRAL,  # under the client's consent to the referral
        request=request,
        details={"what": what, **details},
    )


def _text(
    errors: dict,
    name: str,
    value: str | None,
    message: str,
    *,
    required: bool = True,
    model: type[models.Model] = Referral,
) -> str:
    """The stripped text; `message` if it is required and empty, else what the model field's
    rules (markup, length) say of it, gathered in `errors`."""
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(name, []).append(message)
        return value
    field_errors(errors, model, **{name: value})
    return value


# --- creating a referral ----------------------------------------------------------------------


@transaction.atomic
def create_referral(
    *,
    by: User,
    team: ReceivingTeam,
    data: dict[str, Any],
    request: AnyRequest | None = None,
    now=None,
) -> Referral:
    """Record a referral made with the client present. Everything is checked first; nothing
    is saved unless all of it is valid."""
    errors: dict[str, list[str]] = {}
    if not resolver.can_refer(by):
        raise ValidationError(
            _("Only a partner worker of a non-authority organisation can make a referral.")
        )
    if not team.is_active:
        errors["team"] = [_("This team does not take referrals now.")]
    if team.organisation_id == by.organisation_id:
        errors["team"] = [_("Choose a team of another organisation.")]
    first = _text(errors, "first_names", data.get("first_names"), _("Enter the first names."))
    last = _text(errors, "last_name", data.get("last_name"), _("Enter the last name."))
    parsed = None
    try:
        parsed = hetu_rules.parse(data.get("hetu") or "")
    except hetu_rules.InvalidHetu as error:
        errors["hetu"] = [clients.hetu_error_message(error)]
    if not data.get("identity_confirmed"):
        errors["identity_confirmed"] = [
            _("Confirm the client's identity with the client present (e.g. an identity card).")
        ]
    situation = _text(
        errors,
        "situation",
        data.get("situation"),
        _("Describe the situation in the client's own words."),
    )
    if data.get("urgency") not in Urgency.values:
        errors["urgency"] = [_("Choose the urgency.")]
    if not data.get("consent_in_person"):
        errors["consent_in_person"] = [
            _(
                "The client's consent to this referral must be given in person with you "
                "before the referral can be sent."
            )
        ]
    scope = _text(
        errors,
        "consent_scope",
        data.get("consent_scope"),
        _("Write what the client agreed to share with the receiving team."),
    )
    if data.get("contact_channel") not in REFERRAL_CHANNELS:
        errors["contact_channel"] = [_("Choose how the client wants to be contacted.")]
    language = data.get("language") or Language.FINNISH
    if language not in Language.values:
        errors["language"] = [_("Choose the client's language.")]
    details = _text(errors, "contact_details", data.get("contact_details"), "", required=False)
    record = _client_details(errors, data)
    if errors:
        raise ValidationError(errors)
    assert parsed is not None
    assert by.organisation_id is not None  # can_refer: the worker has an organisation
    moment = now or timezone.now()
    referral = Referral(
        team=team,
        partner_organisation_id=by.organisation_id,
        referred_by=by,
        first_names=first,
        last_name=last,
        hetu_encrypted=crypto.encrypt(parsed.value),
        hetu_hash=crypto.search_hash(parsed.value),
        hetu_masked=parsed.masked,
        identity_confirmed=True,
        situation=situation,
        urgency=data["urgency"],
        consent_in_person=True,
        consent_scope=scope,
        consent_covers_partner=bool(data.get("consent_covers_partner")),
        consent_given_at=moment,
        contact_channel=data["contact_channel"],
        contact_details=details,
        language=language,
        partner_present=bool(data.get("partner_present")),
        **record,
        received_at=moment,
        deadline=deadline_for(timezone.localdate(moment), data["urgency"]),
    )
    referral.full_clean(exclude=["team", "partner_organisation", "referred_by", "client"])
    referral.save()
    _event(referral, by, "created")
    _audit(referral, by, Action.CREATE, "created", request, team=team.pk, urgency=referral.urgency)
    return referral


# Details the client gives in the referral for their record (Referral field = Client field).
CARRIED_DETAILS = (
    "phone",
    "email",
    "municipality",
    "needs_interpreter",
    "interpreter_language",
    "has_online_credentials",
    "can_read_kela_messages",
)


def _client_details(errors: dict, data: dict[str, Any]) -> dict[str, Any]:
    """The client's details given in the referral, checked like the client record's."""
    phone = _text(errors, "phone", data.get("phone"), "", required=False)
    email = _text(errors, "email", data.get("email"), "", required=False)
    municipality = _text(errors, "municipality", data.get("municipality"), "", required=False)
    needs = bool(data.get("needs_interpreter"))
    interpreter = _text(
        errors, "interpreter_language", data.get("interpreter_language"), "", required=False
    )
    if interpreter and not needs:
        errors.setdefault("interpreter_language", []).append(
            _("Tick “needs an interpreter” or leave the interpreter language empty.")
        )
    return {
        "phone": phone[:30],
        "email": email,
        "municipality": municipality[:100],
        "needs_interpreter": needs,
        "interpreter_language": interpreter[:50],
        "has_online_credentials": bool(data.get("has_online_credentials")),
        "can_read_kela_messages": bool(data.get("can_read_kela_messages")),
    }


def _phone_or_email_in(text: str) -> dict[str, str]:
    """A phone number or e-mail address written as the contact details (older referrals
    and partners who write "040 123 4567" there): the only thing the text says."""
    from django.core.validators import validate_email

    text = text.strip()
    if not text:
        return {}
    try:
        validate_email(text)
    except ValidationError:
        pass
    else:
        return {"email": text}
    digits = text.replace(" ", "").replace("-", "")
    if len(digits) <= 30 and digits.lstrip("+").isdigit() and len(digits.lstrip("+")) >= 5:
        return {"phone": text[:30]}
    return {}


def referral_details(referral: Referral) -> dict[str, Any]:
    """What the referral says for the client's record: the language, and every detail the
    client gave (a phone number or e-mail written as the contact details counts too)."""
    details: dict[str, Any] = {"preferred_language": referral.language}
    for name in CARRIED_DETAILS:
        details[name] = getattr(referral, name)
    for name, value in _phone_or_email_in(referral.contact_details).items():
        if not details[name]:
            details[name] = value
    return details


class Carried(TypedDict):
    """What opening or joining the case did with the referral's details: the fields filled
    in the client record, and those left as they were because the record says otherwise."""

    filled: list[str]
    kept: list[str]


def _carry_details(
    client: Client, referral: Referral, by: User, request: AnyRequest | None
) -> Carried:
    """Fill the joined client's record from the referral where the record is empty (or a
    yes/no is still no); a different value already recorded is newer data the team has
    checked, so it is kept and reported, never overwritten silently."""
    details = referral_details(referral)
    filled: dict[str, Any] = {}
    kept: list[str] = []
    for name, value in details.items():
        if value in ("", False):
            continue
        current = getattr(client, name)
        if name == "preferred_language":
            if current != value:
                kept.append(name)
            continue
        if current in ("", False):
            filled[name] = value
        elif current != value:
            kept.append(name)
    if filled.get("interpreter_language") and not (
        client.needs_interpreter or filled.get("needs_interpreter")
    ):
        filled.pop("interpreter_language")
    if filled:
        clients.update_client(client=client, by=by, data=filled, request=request)
    return {"filled": sorted(filled), "kept": sorted(kept)}


def carried_labels(names: list[str]) -> str:
    """The client record's field names, as people read them, for the message."""
    fields = {field.name: field for field in Client._meta.fields}
    return ", ".join(str(fields[name].verbose_name) for name in names)


# --- the receiving team -----------------------------------------------------------------------


@transaction.atomic
def claim(
    *, referral: Referral, by: User, note: str = "", request: AnyRequest | None = None
) -> Referral:
    """Take the referral: `by` becomes its named worker. Two workers claiming at the same
    moment: the conditional UPDATE lets exactly one of them through (the database re-checks
    the condition on the locked row), the other is told someone was faster."""
    if not resolver.in_team(by, referral.team_id):
        raise ValidationError(_("Only a member of the receiving team can claim a referral."))
    now = timezone.now()
    taken = Referral.objects.filter(
        pk=referral.pk,
        status=S.RECEIVED,
        named_worker__isnull=True,
        consent_withdrawn_at__isnull=True,
    ).update(status=S.CLAIMED, named_worker=by, claimed_at=now)
    if taken != 1:
        raise ValidationError(
            _("This referral has already been claimed by someone else or is no longer open.")
        )
    referral.status, referral.named_worker, referral.claimed_at = S.CLAIMED, by, now
    referral.named_worker_id = by.pk
    _event(referral, by, "claimed", before=S.RECEIVED, note=note)
    _audit(referral, by, Action.UPDATE, "claimed", request, status=S.CLAIMED)
    return referral


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


@transaction.atomic
def change_status(
    *,
    referral: Referral,
    by: User,
    to: str,
    outcome: str = "",
    note: str = "",
    request: AnyRequest | None = None,
) -> Referral:
    """Move the referral on: client contacted, in progress, closed with an outcome. Only the
    named worker (or the team's service manager) does it, and only along TRANSITIONS."""
    locked = _locked(referral)
    manager = ReceivingTeam.objects.filter(pk=locked.team_id, service_manager=by).exists()
    if locked.named_worker_id != by.pk and not manager:
        raise ValidationError(_("Only the named worker can change the status of this referral."))
    if locked.consent_withdrawn_at is not None:
        raise ValidationError(_("The client has withdrawn the consent to this referral."))
    if to not in TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            {
                "status": _("A referral cannot move from “%(from)s” to “%(to)s”.")
                % {
                    "from": S(locked.status).label,
                    "to": S(to).label if to in S.values else to,
                }
            }
        )
    errors: dict[str, list[str]] = {}
    note = _text(errors, "note", note, "", required=False, model=ReferralEvent)
    if to == S.CLOSED:
        if outcome not in Outcome.values:
            errors["outcome"] = [_("Choose the outcome to close the referral.")]
        elif locked.status == S.CLAIMED and outcome not in OUTCOMES_WITHOUT_CONTACT:
            errors["outcome"] = [
                _(
                    "Without a first contact a referral can only close as declined by the "
                    "client or the client unreachable."
                )
            ]
    elif outcome:
        errors["outcome"] = [_("An outcome is recorded only when the referral is closed.")]
    if errors:
        raise ValidationError(errors)
    before = locked.status
    now = timezone.now()
    locked.status = to
    fields = ["status"]
    if to == S.CONTACTED:
        locked.contacted_at = now
        fields.append("contacted_at")
    if to == S.CLOSED:
        locked.closed_at, locked.outcome = now, outcome
        fields += ["closed_at", "outcome"]
    locked.save(update_fields=fields)
    _event(locked, by, "status", before=before, note=note)
    _audit(locked, by, Action.UPDATE, "status", request, status=to, outcome=outcome)
    return locked


@transaction.atomic
def withdraw_consent(
    *, referral: Referral, by: User, reason: str = "", request: AnyRequest | None = None
):
    """The client withdraws the consent to this referral (told the partner worker or the
    receiving team). At once the partner no longer sees the referral; an open referral closes
    as declined, and the consent recorded in Polku for it is withdrawn too."""
    locked = _locked(referral)
    allowed = (
        by.organisation_id == locked.partner_organisation_id
        or locked.named_worker_id == by.pk
        or resolver.in_team(by, locked.team_id)
    )
    if not allowed:
        raise ValidationError(_("You cannot record a withdrawal for this referral."))
    if locked.consent_withdrawn_at is not None:
        raise ValidationError(_("The consent has already been withdrawn."))
    before = locked.status
    locked.consent_withdrawn_at = timezone.now()
    fields = ["consent_withdrawn_at"]
    if locked.is_open:
        if locked.named_worker_id is None:
            locked.named_worker_id = by.pk if resolver.in_team(by, locked.team_id) else None
        if locked.named_worker_id is not None:
            locked.status, locked.outcome = S.CLOSED, Outcome.CLIENT_DECLINED
            locked.closed_at = locked.consent_withdrawn_at
            fields += ["status", "outcome", "closed_at", "named_worker"]
    locked.save(update_fields=fields)
    if locked.consent_id is not None:
        from polku.clients.models import Consent

        consent = Consent.objects.get(pk=locked.consent_id)
        if consent.withdrawn_at is None:
            clients.withdraw_consent(
                consent=consent, by=by, reason=reason or "referral", request=request
            )
    _event(locked, by, "consent_withdrawn", before=before, note=reason)
    _audit(locked, by, Action.UPDATE, "consent_withdrawn", request)
    return locked


class _ConsentTerms(TypedDict):
    """The client's consent recorded when a referral's case is opened (give_consent's terms)."""

    organisations: list[Organisation]
    purpose: str
    given_how: str
    valid_from: dt.date
    description: str


@transaction.atomic
def open_case(
    *,
    referral: Referral,
    by: User,
    share_with_partner: bool = False,
    request: AnyRequest | None = None,
) -> Client:
    """On acceptance the named worker opens the client's case in Polku, or joins it if the
    client is already recorded: a consent for this referral covering the receiving
    organisation (and the referring organisation, if the client so decides) is recorded,
    and the named worker joins the client's network (so does the partner worker when the
    consent covers their organisation: then the normal access rule applies to them)."""
    locked = _locked(referral)
    if locked.named_worker_id != by.pk:
        raise ValidationError(_("Only the named worker can open the client's case."))
    if locked.status == S.CLOSED or locked.consent_withdrawn_at is not None:
        raise ValidationError(_("The referral is closed."))
    if locked.client_id is not None:
        raise ValidationError(_("The client's case is already open in Polku."))
    team_org = ReceivingTeam.objects.values_list("organisation_id", flat=True).get(
        pk=locked.team_id
    )
    organisations = list(Organisation.objects.filter(pk=team_org))
    share = share_with_partner or locked.consent_covers_partner
    if share:
        organisations += list(Organisation.objects.filter(pk=locked.partner_organisation_id))
    consent: _ConsentTerms = {
        "organisations": organisations,
        "purpose": ConsentPurpose.REFERRAL,
        "given_how": ConsentMethod.IN_PERSON,
        "valid_from": timezone.localdate(locked.consent_given_at),
        "description": locked.consent_scope[:500],
    }
    # Under every configured data key: the referral and the client may not both be rotated yet.
    hashes = crypto.search_hashes(crypto.decrypt(locked.hetu_encrypted))
    client = Client.objects.filter(hetu_hash__in=hashes).first()
    if client is None:
        details = referral_details(locked)
        client = clients.record_client(
            by=by,
            hetu=crypto.decrypt(locked.hetu_encrypted),
            data={"first_names": locked.first_names, "last_name": locked.last_name, **details},
            request=request,
        )
        carried: Carried = {
            "filled": sorted(n for n, v in details.items() if v not in ("", False)),
            "kept": [],
        }
        given = clients.give_consent(client=client, by=by, request=request, **consent)
    else:
        given = clients.give_consent(client=client, by=by, request=request, **consent)
        carried = _carry_details(client, locked, by, request)
        if not NetworkMember.objects.includes(client, by):
            clients.add_member(
                client=client,
                by=by,
                professional=by,
                responsibility=_("Named worker"),
                request=request,
            )
    if share:
        partner = User.objects.get(pk=locked.referred_by_id)
        if partner.is_active and not NetworkMember.objects.includes(client, partner):
            clients.add_member(
                client=client,
                by=by,
                professional=partner,
                responsibility=_("Referring partner worker"),
                request=request,
            )
    locked.client, locked.consent = client, given
    locked.consent_covers_partner = share
    locked.save(update_fields=["client", "consent", "consent_covers_partner"])
    _event(locked, by, "case_opened")
    _audit(
        locked,
        by,
        Action.UPDATE,
        "case_opened",
        request,
        shared_with_partner=share,
        filled=carried["filled"],
        kept=carried["kept"],
    )
    client.carried = carried  # type: ignore[attr-defined]  # for the page's message
    return client


# --- after discharge --------------------------------------------------------------------------


def _may_plan(referral: Referral, by: User) -> bool:
    return referral.named_worker_id == by.pk or resolver.in_team(by, referral.team_id)


@transaction.atomic
def save_discharge_plan(
    *, referral: Referral, by: User, data: dict[str, Any], request: AnyRequest | None = None
) -> DischargePlan:
    if not _may_plan(referral, by):
        raise ValidationError(_("Only the receiving team can plan the discharge."))
    if referral.consent_withdrawn_at is not None:
        raise ValidationError(_("The client has withdrawn the consent to this referral."))
    errors: dict[str, list[str]] = {}
    if not isinstance(data.get("discharge_on"), dt.date):
        errors["discharge_on"] = [_("Enter the discharge date.")]
    destination = _text(
        errors,
        "destination",
        data.get("destination"),
        _("Write where the client goes."),
        model=DischargePlan,
    )
    contact = _text(
        errors,
        "social_services_contact",
        data.get("social_services_contact"),
        "",
        required=False,
        model=DischargePlan,
    )
    municipality = _text(
        errors, "municipality", data.get("municipality"), "", required=False, model=DischargePlan
    )
    worker: User | None = data.get("social_worker")
    joins = False
    if worker is not None:
        joins = _check_social_worker(errors, referral, worker, data)
    elif not contact:
        errors["social_worker"] = [
            _(
                "Choose the home municipality's social worker, or — only when their "
                "organisation is not in Polku — write the contact below."
            )
        ]
    if errors:
        raise ValidationError(errors)
    fields = {
        "discharge_on": data["discharge_on"],
        "destination": destination,
        "social_worker": worker,
        "social_services_contact": contact,
        "municipality": municipality,
    }
    plan, created = DischargePlan.objects.update_or_create(
        referral=referral, defaults=fields, create_defaults={**fields, "created_by": by}
    )
    if joins:
        assert worker is not None
        _social_worker_joins(referral, worker, by, data.get("social_worker_consent_how"), request)
    _event(referral, by, "discharge_plan")
    _audit(
        referral,
        by,
        Action.CREATE if created else Action.UPDATE,
        "discharge_plan",
        request,
        social_worker=worker.pk if worker else None,
        joined_network=joins,
    )
    return plan


def _check_social_worker(errors: dict, referral: Referral, worker: User, data) -> bool:
    """The home municipality's social worker chosen in Polku: an active professional of a
    municipal social services organisation. True when they are to join the client's network
    (which needs the client's case open and the client's consent); False when they already
    see the case."""
    from polku.access import policy
    from polku.accounts.models import OrganisationKind

    org = (
        Organisation.objects.filter(pk=worker.organisation_id).first()
        if worker.organisation_id is not None
        else None
    )
    if not (resolver.is_professional(worker) and org and org.is_public_authority):
        errors["social_worker"] = [_("Only active professionals can be chosen.")]
        return False
    if org.kind != OrganisationKind.SOCIAL:
        errors["social_worker"] = [
            _("Choose a professional of the home municipality's social services.")
        ]
        return False
    if referral.client_id is None:
        errors["social_worker"] = [
            _(
                "Open the client's case in Polku first: the social worker joins the "
                "client's network."
            )
        ]
        return False
    if policy.can_see(worker, referral.client_id):
        return False
    if not data.get("social_worker_consent"):
        errors["social_worker_consent"] = [
            _(
                "Ask the client first: the social worker joins the client's network only with "
                "the client's consent."
            )
        ]
    if data.get("social_worker_consent_how") not in (
        ConsentMethod.IN_PERSON,
        ConsentMethod.PHONE,
        ConsentMethod.WRITTEN,
    ):
        errors["social_worker_consent_how"] = [_("Choose how the client gave the consent.")]
    return True


def _social_worker_joins(
    referral: Referral, worker: User, by: User, how, request: AnyRequest | None
) -> None:
    """With the client's consent (purpose *referral*, covering the social worker's
    organisation) the social worker joins the client's network: the normal access rule then
    lets them see the case, and the follow-ups agreed with them are on their worklist."""
    assert referral.client_id is not None and worker.organisation_id is not None  # checked
    client = Client.objects.get(pk=referral.client_id)
    org = Organisation.objects.get(pk=worker.organisation_id)
    clients.give_consent(
        client=client,
        by=by,
        organisations=[org],
        purpose=ConsentPurpose.REFERRAL,
        given_how=how,
        valid_from=timezone.localdate(),
        description=(
            _("Home municipality's social services after discharge (referral %(ref)s)")
            % {"ref": referral.reference}
        )[:500],
        request=request,
    )
    if not NetworkMember.objects.includes(client, worker):
        clients.add_member(
            client=client,
            by=by,
            professional=worker,
            responsibility=_("Home municipality's social worker"),
            request=request,
        )


@transaction.atomic
def add_follow_up(
    *,
    plan: DischargePlan,
    referral: Referral,
    by: User,
    due_on: dt.date,
    channel: str,
    contact_by: User | None = None,
    contact_by_other: str = "",
    note: str = "",
    request: AnyRequest | None = None,
) -> FollowUp:
    """Who contacts the client and when after discharge. A follow-up of a professional
    appears on their worklist."""
    if plan.referral_id != referral.pk or not _may_plan(referral, by):
        raise ValidationError(_("Only the receiving team can agree the follow-ups."))
    errors: dict[str, list[str]] = {}
    other = _text(errors, "contact_by_other", contact_by_other, "", required=False, model=FollowUp)
    note = _text(errors, "note", note, "", required=False, model=FollowUp)
    if contact_by is None and not other:
        errors["contact_by"] = [_("Choose who contacts the client, or name them.")]
    if contact_by is not None and not resolver.is_professional(contact_by):
        errors["contact_by"] = [_("Only active professionals can be chosen.")]
    if channel not in REFERRAL_CHANNELS:
        errors["channel"] = [_("Choose how the client is contacted.")]
    if not isinstance(due_on, dt.date):
        errors["due_on"] = [_("Enter the date.")]
    elif due_on < plan.discharge_on:
        errors["due_on"] = [_("A follow-up comes on or after the discharge date.")]
    if errors:
        raise ValidationError(errors)
    follow_up = FollowUp.objects.create(
        plan=plan,
        contact_by=contact_by,
        contact_by_other=other,
        due_on=due_on,
        channel=channel,
        note=note,
    )
    _event(referral, by, "follow_up", note=f"{due_on.isoformat()}")
    _audit(referral, by, Action.CREATE, f"follow_up:{follow_up.pk}", request)
    return follow_up


@transaction.atomic
def mark_follow_up_done(
    *, follow_up: FollowUp, referral: Referral, by: User, request: AnyRequest | None = None
):
    if follow_up.contact_by_id != by.pk and not _may_plan(referral, by):
        raise ValidationError(_("Only the receiving team can mark the follow-up done."))
    if follow_up.done_at is not None:
        raise ValidationError(_("This follow-up is already done."))
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at"])
    _event(referral, by, "follow_up_done")
    _audit(referral, by, Action.UPDATE, f"follow_up:{follow_up.pk}", request, done=True)
    return follow_up
