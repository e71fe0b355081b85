"""Reads for meeting pages. Callers pass a client already taken through the access rule, and
meetings are looked up only within that client."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from polku.clients.models import Client

from .models import (
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    NextContact,
)


def meetings(client: Client) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(client=client)
        .select_related("organiser")
        .order_by("-starts_at", "-id")
    )


def meeting(client: Client, meeting_id: int) -> Meeting:
    """One of this client's meetings with everything its page shows; another client's → 404."""
    queryset = Meeting.objects.filter(client=client).select_related(
        "organiser__organisation", "closed_by"
    )
    found = get_object_or_404(queryset, pk=meeting_id)
    found.participant_list = list(  # type: ignore[attr-defined]
        MeetingParticipant.objects.filter(meeting=found)
        .select_related("professional__organisation")
        .order_by("professional__last_name", "professional__first_name")
    )
    found.agreement_list = list(  # type: ignore[attr-defined]
        Agreement.objects.filter(meeting=found).select_related("owner__organisation", "done_by")
    )
    found.the_next_contact = (  # type: ignore[attr-defined]
        NextContact.objects.filter(meeting=found)
        .select_related("contact_by__organisation", "contact_to__organisation")
        .first()
    )
    return found


def agreement(client: Client, meeting_id: int, agreement_id: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.filter(client=client, meeting_id=meeting_id), pk=agreement_id
    )


def open_agreements(client: Client) -> QuerySet[Agreement]:
    return Agreement.objects.filter(client=client, status=AgreementStatus.OPEN).select_related(
        "owner__organisation"
    )


def upcoming_next_contact(client: Client) -> NextContact | None:
    """The next agreed contact that is not done and not in the past (None: none agreed)."""
    return (
        NextContact.objects.filter(
            client=client, done_at__isnull=True, due_on__gte=timezone.localdate()
        )
        .select_related("contact_by__organisation", "contact_to__organisation")
        .order_by("due_on")
        .first()
    )


def next_meeting(client: Client) -> Meeting | None:
    return (
        Meeting.objects.filter(
            client=client, status=MeetingStatus.PLANNED, ends_at__gte=timezone.now()
        )
        .select_related("organiser")
        .order_by("starts_at")
        .first()
    )


def summary_context(client: Client, meeting: Meeting) -> dict:
    """What the client's plain-language summary shows (meeting from `meeting()`)."""
    agreements = meeting.agreement_list  # type: ignore[attr-defined]
    mine = [a for a in agreements if a.owner_is_client and a.status != "cancelled"]
    others = [a for a in agreements if not a.owner_is_client and a.status != "cancelled"]
    return {
        "client": client,
        "meeting": meeting,
        "mine": mine,
        "others": others,
        "next_contact": meeting.the_next_contact,  # type: ignore[attr-defined]
    }
