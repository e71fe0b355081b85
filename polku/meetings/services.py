"""Writes on network meetings, their agreements and the next contact. Each validates, saves
whole or not at all (one transaction) and writes its audit event. Views and the API call these.

A meeting cannot be closed without at least one agreement (who does what by when) and the
next contact (who contacts whom, when); a closed meeting cannot be edited."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from polku.access import policy
from polku.accounts.models import User
from polku.audit import services as audit
from polku.audit.models import Action
from polku.clients.models import Client, NetworkMember
from polku.core.channels import NEXT_CONTACT_CHANNELS
from polku.core.http import AnyRequest
from polku.core.locking import bump_version
from polku.core.validators import field_errors

from . import signals
from .models import (
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingKind,
    MeetingMode,
    MeetingParticipant,
    MeetingStatus,
    NextContact,
)

MEETING_FIELDS = (
    "kind",
    "mode",
    "starts_at",
    "ends_at",
    "place",
    "video_link",
    "agenda",
    "notes",
    "client_present",
)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _check_meeting_data(data: dict, errors: dict[str, list[str]]) -> None:
    if data.get("kind") not in MeetingKind.values:
        errors.setdefault("kind", []).append(_("Choose the kind of meeting."))
    mode = data.get("mode")
    if mode not in MeetingMode.values:
        errors.setdefault("mode", []).append(_("Choose how the meeting is held."))
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts is None:
        errors.setdefault("starts_at", []).append(_("Give the start time."))
    if ends is None:
        errors.setdefault("ends_at", []).append(_("Give the end time."))
    if starts is not None and ends is not None and ends <= starts:
        errors.setdefault("ends_at", []).append(_("The meeting must end after it starts."))
    place = (data.get("place") or "").strip()
    link = (data.get("video_link") or "").strip()
    if mode == MeetingMode.IN_PERSON and not place:
        errors.setdefault("place", []).append(_("An in-person meeting needs a place."))
    if mode == MeetingMode.VIDEO and not link:
        errors.setdefault("video_link", []).append(_("A video meeting needs a link."))
    if link and not link.lower().startswith("https://"):
        errors.setdefault("video_link", []).append(
            _("The video link must be a secure address starting with https://.")
        )
    field_errors(
        errors,
        Meeting,
        place=place,
        agenda=data.get("agenda") or "",
        notes=data.get("notes") or "",
    )


def _check_participants(
    client: Client | int, organiser_id: int, participants: Iterable[User], errors: dict
) -> list[int]:
    """Participant ids (the organiser included): only active network members may take part."""
    members = NetworkMember.objects.of(client).professional_ids()
    ids: list[int] = []
    for person in participants:
        if person.pk != organiser_id and person.pk not in members:
            errors.setdefault("participants", []).append(
                _("%(name)s is not in the client's network: add them to the network first.")
                % {"name": person.get_full_name() or person.username}
            )
        elif person.pk not in ids:
            ids.append(person.pk)
    if organiser_id not in ids:
        ids.insert(0, organiser_id)
    return ids


def _set_participants(meeting: Meeting, ids: list[int]) -> None:
    MeetingParticipant.objects.filter(meeting=meeting).exclude(professional_id__in=ids).delete()
    existing = set(
        MeetingParticipant.objects.filter(meeting=meeting).values_list("professional_id", flat=True)
    )
    MeetingParticipant.objects.bulk_create(
        [MeetingParticipant(meeting=meeting, professional_id=i) for i in ids if i not in existing]
    )


def _ensure_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CLOSED:
        raise ValidationError(_("This meeting has been closed: it can no longer be changed."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting has been cancelled: it can no longer be changed."))


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def plan_meeting(
    *,
    client: Client,
    by: User,
    kind: str,
    mode: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    video_link: str = "",
    agenda: str = "",
    participants: Iterable[User] = (),
    client_present: bool = True,
    request: AnyRequest | None = None,
) -> Meeting:
    """Plan a meeting for the client. `by` organises it and takes part; the other participants
    must be active members of the client's network."""
    data = {
        "kind": kind,
        "mode": mode,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "video_link": video_link,
        "agenda": agenda,
    }
    errors: dict[str, list[str]] = {}
    _check_meeting_data(data, errors)
    ids = _check_participants(client, by.pk, participants, errors)
    _raise(errors)
    meeting = Meeting(
        client=client,
        kind=kind,
        mode=mode,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        video_link=video_link.strip(),
        agenda=agenda,
        client_present=client_present,
        organiser=by,
    )
    meeting.full_clean(exclude=["client", "organiser", "closed_by"])
    meeting.save()
    _set_participants(meeting, ids)
    audit.record(
        actor=by,
        action=Action.CREATE,
        client=client,
        purpose=policy.purpose_for(by, client),
        target=f"meeting:{meeting.pk}",
        request=request,
        details={"kind": kind, "mode": mode, "participants": ids},
    )
    return meeting


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    by: User,
    expected_version: int,
    data: dict,
    participants: Iterable[User] | None = None,
    request: AnyRequest | None = None,
) -> Meeting:
    """Save changes made from the copy at `expected_version`. A stale copy (someone else saved
    in between) is refused with a clear message and nothing changes (optimistic locking)."""
    locked = _locked(meeting)
    _ensure_open(locked)
    bump_version(locked, expected_version)
    merged = {name: getattr(locked, name) for name in MEETING_FIELDS}
    merged.update({k: v for k, v in data.items() if k in MEETING_FIELDS})
    errors: dict[str, list[str]] = {}
    _check_meeting_data(merged, errors)
    ids = None
    if participants is not None:
        ids = _check_participants(locked.client_id, locked.organiser_id, participants, errors)
    _raise(errors)
    changed = sorted(name for name in MEETING_FIELDS if getattr(locked, name) != merged[name])
    for name in changed:
        setattr(locked, name, merged[name])
    locked.full_clean(exclude=["client", "organiser", "closed_by"])
    locked.save(update_fields=[*changed, "version"] if changed else ["version"])
    if ids is not None:
        _set_participants(locked, ids)
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=locked.client_id,
        purpose=policy.purpose_for(by, locked.client_id),
        target=f"meeting:{locked.pk}",
        request=request,
        details={"fields": changed, "version": locked.version},
    )
    meeting.__dict__.update({name: getattr(locked, name) for name in (*MEETING_FIELDS, "version")})
    return locked


def _check_owner_is_member(meeting: Meeting, person: User | None, field: str, errors: dict):
    if person is None:
        return
    if person.pk not in NetworkMember.objects.of(meeting.client_id).professional_ids():
        errors.setdefault(field, []).append(
            _("%(name)s is not in the client's network.")
            % {"name": person.get_full_name() or person.username}
        )


@transaction.atomic
def add_agreement(
    *,
    meeting: Meeting,
    by: User,
    what: str,
    due_on: dt.date | None,
    owner: User | None = None,
    owner_is_client: bool = False,
    request: AnyRequest | None = None,
) -> Agreement:
    """Who does what by when: the owner is a network member or the client themself."""
    locked = _locked(meeting)
    _ensure_open(locked)
    errors: dict[str, list[str]] = {}
    what = (what or "").strip()
    if not what:
        errors.setdefault("what", []).append(_("Say what was agreed."))
    field_errors(errors, Agreement, what=what)
    if owner_is_client and owner is not None:
        errors.setdefault("owner", []).append(
            _("Choose either the client or one professional, not both.")
        )
    elif not owner_is_client and owner is None:
        errors.setdefault("owner", []).append(_("Choose who does it."))
    _check_owner_is_member(locked, owner, "owner", errors)
    if due_on is None:
        errors.setdefault("due_on", []).append(_("Give the date by which it is done."))
    elif due_on < timezone.localdate():
        errors.setdefault("due_on", []).append(_("The date by which it is done cannot be past."))
    _raise(errors)
    assert due_on is not None
    agreement = Agreement(
        meeting=locked,
        client_id=locked.client_id,
        owner=owner,
        owner_is_client=owner_is_client,
        what=what,
        due_on=due_on,
    )
    agreement.full_clean(exclude=["meeting", "client", "owner", "done_by"])
    agreement.save()
    audit.record(
        actor=by,
        action=Action.CREATE,
        client=locked.client_id,
        purpose=policy.purpose_for(by, locked.client_id),
        target=f"agreement:{agreement.pk}",
        request=request,
        details={"meeting": locked.pk, "owner": owner.pk if owner else "client"},
    )
    return agreement


@transaction.atomic
def mark_agreement_done(
    *, agreement: Agreement, by: User, request: AnyRequest | None = None
) -> Agreement:
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.status != AgreementStatus.OPEN:
        raise ValidationError(_("This agreement is no longer open."))
    locked.status = AgreementStatus.DONE
    locked.done_at = timezone.now()
    locked.done_by = by
    locked.save(update_fields=["status", "done_at", "done_by"])
    signals.agreement_done.send(Agreement, agreement=locked, by=by, request=request)
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=locked.client_id,
        purpose=policy.purpose_for(by, locked.client_id),
        target=f"agreement:{locked.pk}",
        request=request,
        details={"status": locked.status},
    )
    return locked


@transaction.atomic
def set_next_contact(
    *,
    meeting: Meeting,
    by: User,
    due_on: dt.date | None,
    channel: str,
    contact_by: User | None = None,
    client_contacts: bool = False,
    contact_to: User | None = None,
    request: AnyRequest | None = None,
) -> NextContact:
    """When we hear from each other next: who contacts whom (a network member or the client;
    `contact_to` None means the client is contacted), when (after today), and how."""
    locked = _locked(meeting)
    _ensure_open(locked)
    errors: dict[str, list[str]] = {}
    if client_contacts and contact_by is not None:
        errors.setdefault("contact_by", []).append(
            _("Choose either the client or one professional, not both.")
        )
    elif not client_contacts and contact_by is None:
        errors.setdefault("contact_by", []).append(_("Choose who makes the contact."))
    if client_contacts and contact_to is None:
        errors.setdefault("contact_to", []).append(_("Choose whom the client contacts."))
    if contact_by is not None and contact_to is not None and contact_by.pk == contact_to.pk:
        errors.setdefault("contact_to", []).append(_("Someone cannot contact themself."))
    _check_owner_is_member(locked, contact_by, "contact_by", errors)
    _check_owner_is_member(locked, contact_to, "contact_to", errors)
    if channel not in NEXT_CONTACT_CHANNELS:
        errors.setdefault("channel", []).append(_("Choose how the contact is made."))
    if due_on is None:
        errors.setdefault("due_on", []).append(_("Give the date of the next contact."))
    elif due_on <= timezone.localdate():
        errors.setdefault("due_on", []).append(_("The next contact must be after today."))
    _raise(errors)
    assert due_on is not None
    contact = NextContact.objects.filter(meeting=locked).first() or NextContact(
        meeting=locked, client_id=locked.client_id
    )
    created = contact.pk is None
    contact.contact_by = contact_by
    contact.client_contacts = client_contacts
    contact.contact_to = contact_to
    contact.due_on = due_on
    contact.channel = channel
    contact.full_clean(exclude=["meeting", "client", "contact_by", "contact_to"])
    contact.save()
    audit.record(
        actor=by,
        action=Action.CREATE if created else Action.UPDATE,
        client=locked.client_id,
        purpose=policy.purpose_for(by, locked.client_id),
        target=f"next_contact:{contact.pk}",
        request=request,
        details={"meeting": locked.pk, "due_on": str(due_on)},
    )
    return contact


def not_started_reason(meeting: Meeting, now: dt.datetime | None = None) -> str | None:
    """Why the meeting cannot yet be closed as held: it has not started (None once it has)."""
    now = now or timezone.now()
    if meeting.starts_at <= now:
        return None
    starts = timezone.localtime(meeting.starts_at)
    return _(
        "The meeting starts on %(day)s at %(time)s: it can be closed as held only once it "
        "has started."
    ) % {
        "day": date_format(starts.date(), "SHORT_DATE_FORMAT"),
        "time": time_format(starts.time(), "TIME_FORMAT"),
    }


def missing_for_closing(meeting: Meeting) -> list[str]:
    """Why the meeting cannot be closed yet (empty when it can): it has not started, or it
    lacks an agreement or the next contact."""
    missing = []
    not_started = not_started_reason(meeting)
    if not_started:
        missing.append(not_started)
    if not meeting.agreements.exclude(status=AgreementStatus.CANCELLED).exists():
        missing.append(
            _("Record at least one agreement: who does what by when (the client counts too).")
        )
    if not NextContact.objects.filter(meeting=meeting).exists():
        missing.append(_("Agree on the next contact: who contacts whom, and when."))
    return missing


@transaction.atomic
def close_meeting(
    *,
    meeting: Meeting,
    by: User,
    expected_version: int | None = None,
    request: AnyRequest | None = None,
) -> Meeting:
    """Close the meeting as held — refused unless it has started (a meeting is held at or after
    its start) and has at least one agreement and the next contact.
    Earlier open next contacts of the client are then done: this meeting was the contact."""
    locked = _locked(meeting)
    _ensure_open(locked)
    missing = missing_for_closing(locked)
    if missing:
        raise ValidationError([_("The meeting cannot be closed yet."), *missing], code="incomplete")
    bump_version(locked, locked.version if expected_version is None else expected_version)
    now = timezone.now()
    locked.status = MeetingStatus.CLOSED
    locked.closed_at = now
    locked.closed_by = by
    locked.save(update_fields=["status", "closed_at", "closed_by", "version"])
    NextContact.objects.filter(client_id=locked.client_id, done_at__isnull=True).exclude(
        meeting=locked
    ).filter(meeting__status=MeetingStatus.CLOSED, meeting__starts_at__lte=locked.starts_at).update(
        done_at=now
    )
    audit.record(
        actor=by,
        action=Action.UPDATE,
        client=locked.client_id,
        purpose=policy.purpose_for(by, locked.client_id),
        target=f"meeting:{locked.pk}",
        request=request,
        details={"status": MeetingStatus.CLOSED, "version": locked.version},
    )
    meeting.status, meeting.closed_at, meeting.version = locked.status, now, locked.version
    return locked
