"""Demo data: warm handovers accepted during the past months, a few of them handed back within
90 days (the ping-pong the flow indicators look for).

The casework demo bulk-writes the network first and so leaves handovers proposed or declined.
These are made afterwards as the product makes them: a closed joint handover meeting, then the
coordinator seat moved by `clients.services.transfer_coordinator` (one active coordinator at
every moment); the former coordinator stays in the network as a member. Their times are then
set back to the synthetic dates: the proposal, the meeting the day before the decision with
its agreement and next contact, and the seat's change at the decision."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from polku.clients import services as clients
from polku.clients.models import Client, ClientStatus, NetworkMember, NetworkRole
from polku.demo.casework import HANDOVER_REASONS, HANDOVER_SUMMARY
from polku.meetings.models import (
    Agreement,
    AgreementStatus,
    ContactChannel,
    Meeting,
    MeetingKind,
    MeetingMode,
    MeetingParticipant,
    MeetingStatus,
    NextContact,
)

from .models import Handover, HandoverStatus

ACCEPTED = 40
HANDED_BACK = 4
SETTLED = dt.timedelta(days=150)  # seat and receiver in the network before any decision here


def _candidates(now: dt.datetime) -> list[tuple[int, int, int]]:
    """(client, coordinator, receiver): a coordinator seat held for over five months, and a
    member of the network as long, from another organisation, to receive it; clients with no
    handover yet; demo logins left alone."""
    seats = dict(
        NetworkMember.objects.active()
        .filter(
            role=NetworkRole.COORDINATOR,
            client__status=ClientStatus.ACTIVE,
            started_at__lt=now - SETTLED,
            professional__is_demo=False,
        )
        .exclude(client__handovers__isnull=False)
        .values_list("client_id", "professional_id")
    )
    organisation = dict(
        NetworkMember.objects.active()
        .filter(client_id__in=seats)
        .values_list("professional_id", "professional__organisation_id")
    )
    receivers: dict[int, int] = {}
    for client_id, professional_id in (
        NetworkMember.objects.active()
        .filter(
            client_id__in=seats,
            role=NetworkRole.MEMBER,
            started_at__lt=now - SETTLED,
            professional__is_demo=False,
            professional__is_active=True,
        )
        .order_by("client_id", "pk")
        .values_list("client_id", "professional_id")
    ):
        giver = seats[client_id]
        if client_id not in receivers and organisation[professional_id] != organisation[giver]:
            receivers[client_id] = professional_id
    return [(c, seats[c], receivers[c]) for c in sorted(receivers)]


def _hand_over(client_id, giver, taker, proposed, decided, rng) -> None:
    people = get_user_model().objects.select_related("organisation").in_bulk([giver, taker])
    organisation = people[giver].organisation
    place = f"{organisation.name}, neuvotteluhuone 2" if organisation else "Neuvotteluhuone 2"
    starts = decided - dt.timedelta(days=1)
    closed = starts + dt.timedelta(hours=2)
    meeting = Meeting.objects.create(
        client_id=client_id,
        kind=MeetingKind.HANDOVER,
        mode=MeetingMode.IN_PERSON,
        place=place,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        status=MeetingStatus.CLOSED,
        organiser_id=giver,
        closed_at=closed,
        closed_by_id=giver,
        created_at=proposed,
    )
    MeetingParticipant.objects.bulk_create(
        [MeetingParticipant(meeting=meeting, professional_id=p) for p in (giver, taker)]
    )
    Agreement.objects.create(
        meeting=meeting,
        client_id=client_id,
        owner_id=taker,
        what="Uusi omaohjaaja käy suunnitelman läpi asiakkaan kanssa.",
        due_on=(decided + dt.timedelta(days=14)).date(),
        status=AgreementStatus.DONE,
        done_at=decided + dt.timedelta(days=rng.randint(3, 14)),
        done_by_id=taker,
        created_at=closed,
    )
    NextContact.objects.create(
        meeting=meeting,
        client_id=client_id,
        contact_by_id=taker,
        due_on=(decided + dt.timedelta(days=7)).date(),
        channel=ContactChannel.PHONE,
        done_at=decided + dt.timedelta(days=rng.randint(2, 7)),
    )
    reason = rng.choice(HANDOVER_REASONS)
    Handover.objects.create(
        client_id=client_id,
        from_coordinator_id=giver,
        to_professional_id=taker,
        reason=reason,
        summary=HANDOVER_SUMMARY,
        meeting=meeting,
        status=HandoverStatus.ACCEPTED,
        proposed_at=proposed,
        decided_at=decided,
    )
    moment = timezone.now()
    client = Client.objects.get(pk=client_id)
    clients.transfer_coordinator(client=client, to=people[taker], by=people[taker], reason=reason)
    rows = NetworkMember.objects.filter(client_id=client_id)
    rows.filter(ended_at__gte=moment).update(ended_at=decided)
    rows.filter(role=NetworkRole.COORDINATOR, ended_at__isnull=True).update(started_at=decided)
    # The former coordinator stays in the network for their own organisation's part.
    NetworkMember.objects.create(
        client_id=client_id,
        professional_id=giver,
        role=NetworkRole.MEMBER,
        started_at=decided,
        added_by_id=taker,
    )


@transaction.atomic
def build(*, seed: int, now: dt.datetime | None = None) -> None:
    if Handover.objects.filter(status=HandoverStatus.ACCEPTED).exists():
        return
    now = now or timezone.now()
    rng = random.Random(seed + 12)
    chosen = _candidates(now)
    rng.shuffle(chosen)
    for n, (client_id, giver, taker) in enumerate(chosen[:ACCEPTED]):
        decided = now - dt.timedelta(days=rng.randint(70, 140), hours=rng.randint(0, 8))
        proposed = decided - dt.timedelta(days=rng.randint(3, 28))
        _hand_over(client_id, giver, taker, proposed, decided, rng)
        if n < HANDED_BACK:  # it did not work out: handed back within 90 days
            back = decided + dt.timedelta(days=rng.randint(20, 60))
            _hand_over(client_id, taker, giver, back - dt.timedelta(days=5), back, rng)


def summary() -> str:
    accepted = Handover.objects.filter(status=HandoverStatus.ACCEPTED)
    back = (
        accepted.values("client_id").annotate(n=Count("id")).filter(n__gt=1).count()
    )  # handed over and back again
    return (
        f"Handovers: {accepted.count()} accepted in the past months; "
        f"{back} clients were handed back within 90 days."
    )
