"""Reads for handover pages. Callers pass a client already taken through the access rule;
handovers are looked up only within that client."""

from django.db.models import Case, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from polku.accounts.models import User
from polku.clients.models import Client, NetworkMember, NetworkRole
from polku.clients.selectors import memberships
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


def open_and_earlier(
    client: Client, *, earlier: int = 10
) -> tuple[Handover | None, list[Handover]]:
    """`open_handover` and the latest `earlier` handovers no longer open, from one query:
    the open one (a client has at most one) sorts first."""
    rows = list(
        handovers(client).order_by(
            Case(When(status=HandoverStatus.PROPOSED, then=Value(0)), default=Value(1)),
            "-proposed_at",
        )[: earlier + 1]
    )
    found = rows[0] if rows and rows[0].status == HandoverStatus.PROPOSED else None
    return found, [h for h in rows if h.status != HandoverStatus.PROPOSED][:earlier]


def coordinator_periods(client: Client) -> list[NetworkMember]:
    """Every coordinator period of the client, the current one first, then the latest ended
    (from the client's memberships, read once: polku.clients.selectors.memberships)."""
    periods = [m for m in memberships(client) if m.role == NetworkRole.COORDINATOR]
    return sorted(
        periods,
        key=lambda m: (m.ended_at is None, m.ended_at or m.started_at, m.started_at),
        reverse=True,
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
