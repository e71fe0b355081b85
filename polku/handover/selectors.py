"""Reads for handover pages. Callers pass a client already taken through the access rule;
handovers are looked up only within that client."""

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from polku.accounts.models import User
from polku.clients.models import Client, NetworkMember
from polku.meetings.models import Meeting, MeetingKind, MeetingStatus

from .models import Handover, HandoverStatus


def handovers(client: Client) -> QuerySet[Handover]:
    return Handover.objects.filter(client=client).select_related(
        "from_coordinator__organisation", "to_professional__organisation", "meeting"
    )


def handover(client: Client, handover_id: int) -> Handover:
    return get_object_or_404(handovers(client), pk=handover_id)


def open_handover(client: Client) -> Handover | None:
    return handovers(client).filter(status=HandoverStatus.PROPOSED).first()


def coordinator_periods(client: Client) -> QuerySet[NetworkMember]:
    """Every coordinator period of the client, the current one first (ended ones are history)."""
    return (
        NetworkMember.objects.coordinator_periods()
        .filter(client=client)
        .select_related("professional__organisation")
        .order_by(F("ended_at").desc(nulls_first=True), "-started_at")
    )


def handover_meetings(client: Client) -> QuerySet[Meeting]:
    """Meetings that can be the joint meeting of a handover."""
    return (
        Meeting.objects.filter(client=client, kind=MeetingKind.HANDOVER, client_present=True)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
    )


def receivers(client: Client, *, exclude_id: int) -> list[User]:
    """Who can receive the coordinator role: active professionals of a coordinating
    profession whose organisation a consent in force covers; the client's network first, then
    by organisation and name."""
    from django.utils import timezone

    from polku.access.resolver import COORDINATING_PROFESSIONS
    from polku.clients.models import Consent

    covered = Consent.objects.valid_on(timezone.localdate()).filter(client=client)
    people = list(
        User.objects.filter(
            is_active=True,
            profession__in=COORDINATING_PROFESSIONS,
            organisation__in=covered.values("organisations"),
        )
        .exclude(pk=exclude_id)
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name", "pk")
    )
    members = NetworkMember.objects.of(client).professional_ids()
    people.sort(key=lambda person: person.pk not in members)
    return people
