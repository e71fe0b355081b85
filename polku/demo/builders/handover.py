"""Demo data: warm handovers accepted during the past months, a few of them handed back within
90 days (the ping-pong the flow indicators look for).

The casework demo bulk-writes the network first and so leaves handovers proposed or declined.
Handovers met with the client and waiting for acceptance (their open work settled through
polku.handover.services.settle) and withdrawn ones are added here too.

These are made afterwards as the product makes them: a closed joint handover meeting, then the
coordinator seat moved by `clients.services.transfer_coordinator` (one active coordinator at
every moment); the former coordinator stays in the network as a member. Their times are then
set back to the synthetic dates: the proposal, the meeting the day before the decision with
its agreement and next contact, and the seat's change at the decision."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from polku.clients import services as clients
from polku.clients.models import Client, ClientStatus, NetworkMember, NetworkRole
from polku.core.channels import ContactChannel
from polku.demo.casework import DECLINE_NOTES, HANDOVER_SUMMARY, handover_reason
from polku.demo.dates import working_day, working_day_before, working_moment
from polku.demo.factories import (
    AgreementFactory,
    HandoverFactory,
    MeetingFactory,
    NextContactFactory,
)
from polku.handover.models import Handover, HandoverStatus
from polku.meetings.models import (
    AgreementStatus,
    MeetingKind,
    MeetingMode,
    MeetingParticipant,
    MeetingStatus,
    NextContact,
)

ACCEPTED = 40
HANDED_BACK = 4
MET = 6  # joint meeting held, open work settled, waiting for the receiver's acceptance
WITHDRAWN = 4
DECLINED = 2  # besides the casework's share, so that a small demo has them too
WITHDRAW_NOTES = (
    "Asiakas haluaa jatkaa nykyisen omaohjaajan kanssa kuntoutuksen loppuun.",
    "Tilanne muuttui: työkokeilu jatkuu samassa paikassa, siirto ei ole nyt ajankohtainen.",
)
SETTLED = dt.timedelta(days=150)  # seat and receiver in the network before any decision here


def _candidates(now: dt.datetime) -> list[tuple[int, int, int]]:
    """(client, coordinator, receiver): a coordinator seat held for over five months, and a
    member of the network as long, from another organisation, to receive it; clients with no
    handover yet; demo logins left alone."""
    seats = dict(
        NetworkMember.objects.coordinators()
        .filter(
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
    client = Client.objects.get(pk=client_id)
    organisation = people[giver].organisation
    place = f"{organisation.name}, neuvotteluhuone 2" if organisation else "Neuvotteluhuone 2"
    # the decision on a working day, the joint meeting on the working day before it
    today = timezone.localdate()
    decided = working_moment(decided, today)
    before = working_day_before(timezone.localdate(decided))
    starts = decided - dt.timedelta(days=(timezone.localdate(decided) - before).days)
    closed = starts + dt.timedelta(hours=2)
    meeting = MeetingFactory.create(
        client=client,
        kind=MeetingKind.HANDOVER,
        mode=MeetingMode.IN_PERSON,
        place=place,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        status=MeetingStatus.CLOSED,
        organiser=people[giver],
        closed_at=closed,
        closed_by=people[giver],
        created_at=proposed,
    )
    MeetingParticipant.objects.bulk_create(
        [MeetingParticipant(meeting=meeting, professional_id=p) for p in (giver, taker)]
    )
    AgreementFactory.create(
        meeting=meeting,
        owner=people[taker],
        what="Uusi omaohjaaja käy suunnitelman läpi asiakkaan kanssa.",
        due_on=working_day((decided + dt.timedelta(days=14)).date(), today),
        status=AgreementStatus.DONE,
        done_at=decided + dt.timedelta(days=rng.randint(3, 14)),
        done_by=people[taker],
        created_at=closed,
    )
    NextContactFactory.create(
        meeting=meeting,
        contact_by=people[taker],
        due_on=working_day((decided + dt.timedelta(days=7)).date(), today),
        channel=ContactChannel.PHONE,
        done_at=decided + dt.timedelta(days=rng.randint(2, 7)),
    )
    reason = _reason_for(taker)
    HandoverFactory.create(
        client=client,
        from_coordinator=people[giver],
        to_professional=people[taker],
        reason=reason,
        summary=HANDOVER_SUMMARY,
        meeting=meeting,
        status=HandoverStatus.ACCEPTED,
        proposed_at=proposed,
        decided_at=decided,
    )
    moment = timezone.now()
    clients.transfer_coordinator(client=client, to=people[taker], by=people[taker], reason=reason)
    rows = NetworkMember.objects.filter(client_id=client_id)
    rows.filter(ended_at__gte=moment).update(ended_at=decided)
    rows.coordinators().update(started_at=decided)
    # The former coordinator stays in the network for their own organisation's part (she is
    # a member already if she kept open work: transfer_coordinator).
    kept = NetworkMember.objects.of(client_id).filter(professional_id=giver)
    if kept.exists():
        kept.update(started_at=decided)
    else:
        NetworkMember.objects.create(
            client_id=client_id,
            professional_id=giver,
            role=NetworkRole.MEMBER,
            started_at=decided,
            added_by_id=taker,
        )


def _met(client_id, giver, taker, now, rng) -> None:
    """Proposed, the joint meeting held with the client in the last days, and the leaving
    coordinator's open work settled as the product settles it (polku.handover.services):
    the receiver only has to accept."""

    people = get_user_model().objects.select_related("organisation").in_bulk([giver, taker])
    client = Client.objects.get(pk=client_id)
    today = timezone.localdate(now)
    starts = now - dt.timedelta(days=rng.randint(1, 5), hours=rng.randint(1, 6))
    starts = working_moment(starts, today)
    proposed = starts - dt.timedelta(days=rng.randint(5, 12))
    handover = HandoverFactory.create(
        client=client,
        from_coordinator=people[giver],
        to_professional=people[taker],
        reason=_reason_for(taker),
        summary=HANDOVER_SUMMARY,
        proposed_at=proposed,
    )
    organisation = people[giver].organisation
    meeting = MeetingFactory.create(
        client=client,
        kind=MeetingKind.HANDOVER,
        mode=MeetingMode.IN_PERSON,
        place=f"{organisation.name}, neuvotteluhuone 2" if organisation else "Neuvotteluhuone 2",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        status=MeetingStatus.CLOSED,
        organiser=people[giver],
        closed_at=starts + dt.timedelta(hours=2),
        closed_by=people[giver],
        created_at=proposed,
    )
    MeetingParticipant.objects.bulk_create(
        [MeetingParticipant(meeting=meeting, professional_id=p) for p in (giver, taker)]
    )
    AgreementFactory.create(
        meeting=meeting,
        owner=people[taker],
        what="Uusi omaohjaaja sopii ensitapaamisen asiakkaan kanssa.",
        due_on=working_day((now + dt.timedelta(days=rng.randint(3, 10))).date(), today),
        created_at=starts + dt.timedelta(hours=2),
    )
    NextContact.objects.filter(client_id=client_id, done_at__isnull=True).update(
        done_at=starts + dt.timedelta(hours=2)
    )
    NextContactFactory.create(
        meeting=meeting,
        contact_by=people[giver],
        due_on=working_day((now + dt.timedelta(days=rng.randint(2, 7))).date(), today),
        channel=ContactChannel.PHONE,
    )
    handover.meeting = meeting
    handover.save(update_fields=["meeting"])
    settle_open_work(handover, people[giver])


def _reason_for(taker: int) -> str:
    """The reason that fits where the client passes: the receiver's kind of organisation."""
    kind = (
        get_user_model()
        .objects.filter(pk=taker)
        .values_list("organisation__kind", flat=True)
        .first()
    )
    return handover_reason(kind)


def settle_open_work(handover: Handover, giver) -> None:
    """The leaving coordinator settles her open work not yet settled, as the product does
    (polku.handover.services.settle): every other item to the receiver, the rest kept."""
    from polku.handover import services

    decisions = {
        item.key: services.KEEP if n % 2 else str(handover.to_professional_id)
        for n, item in enumerate(services.unsettled(handover))
    }
    if not decisions:
        return
    try:
        services.settle(handover=handover, by=giver, decisions=decisions)
    except ValidationError:  # the receiver cannot take it over: she keeps it all
        keep = {key: services.KEEP for key in decisions}
        services.settle(handover=handover, by=giver, decisions=keep)


def _decided(client_id, giver, taker, now, rng, status) -> None:
    """Withdrawn by the proposer or declined by the receiver: the coordinator stayed."""
    proposed = now - dt.timedelta(days=rng.randint(30, 120))
    notes = WITHDRAW_NOTES if status == HandoverStatus.WITHDRAWN else DECLINE_NOTES
    Handover.objects.create(
        client_id=client_id,
        from_coordinator_id=giver,
        to_professional_id=taker,
        reason=_reason_for(taker),
        summary=HANDOVER_SUMMARY,
        status=status,
        proposed_at=proposed,
        decided_at=proposed + dt.timedelta(days=rng.randint(2, 10)),
        decision_note=rng.choice(notes),
    )


def _demo_receiver_candidates(now: dt.datetime) -> list[tuple[int, int, int]]:
    """(client, coordinator, demo user): clients without a handover where a demo login is a
    network member of another organisation than the (non-demo) coordinator, so that a demo
    user finds a met handover waiting for their acceptance."""
    seats = dict(
        NetworkMember.objects.coordinators()
        .filter(client__status=ClientStatus.ACTIVE, professional__is_demo=False)
        .exclude(client__handovers__isnull=False)
        .values_list("client_id", "professional__organisation_id")
    )
    found: dict[int, tuple[int, int, int]] = {}
    for client_id, professional_id, organisation_id in (
        NetworkMember.objects.active()
        .filter(client_id__in=seats, role=NetworkRole.MEMBER, professional__is_demo=True)
        .exclude(professional__profession__in=["partner_worker", "researcher", "administrator"])
        .order_by("client_id")
        .values_list("client_id", "professional_id", "professional__organisation_id")
    ):
        if seats[client_id] != organisation_id:
            found.setdefault(professional_id, (client_id, 0, professional_id))
    result = []
    for client_id, _zero, professional_id in found.values():
        giver = (
            NetworkMember.objects.coordinators()
            .of(client_id)
            .values_list("professional_id", flat=True)
            .get()
        )
        result.append((client_id, giver, professional_id))
    return sorted(result)


@transaction.atomic
def build(*, seed: int, now: dt.datetime | None = None) -> None:
    if Handover.objects.filter(status=HandoverStatus.ACCEPTED).exists():
        return
    now = now or timezone.now()
    rng = random.Random(seed + 12)
    chosen = _candidates(now)
    rng.shuffle(chosen)
    # A small demo's few candidates leave room for the other states below.
    accepted = max(1, min(ACCEPTED, len(chosen) - MET - WITHDRAWN - DECLINED))
    for n, (client_id, giver, taker) in enumerate(chosen[:accepted]):
        decided = now - dt.timedelta(days=rng.randint(70, 140), hours=rng.randint(0, 8))
        proposed = decided - dt.timedelta(days=rng.randint(3, 28))
        _hand_over(client_id, giver, taker, proposed, decided, rng)
        if n < HANDED_BACK:  # it did not work out: handed back within 90 days
            back = decided + dt.timedelta(days=rng.randint(20, 60))
            _hand_over(client_id, taker, giver, back - dt.timedelta(days=5), back, rng)
    # Handovers in the other states: met and waiting for acceptance (one for each demo login
    # that can coordinate, the rest among the staff), and withdrawn by the proposer.
    for client_id, giver, taker in _demo_receiver_candidates(now):
        _met(client_id, giver, taker, now, rng)
    rest = _candidates(now)
    rng.shuffle(rest)
    for client_id, giver, taker in rest[:MET]:
        _met(client_id, giver, taker, now, rng)
    for n, (client_id, giver, taker) in enumerate(rest[MET : MET + WITHDRAWN + DECLINED]):
        status = HandoverStatus.WITHDRAWN if n < WITHDRAWN else HandoverStatus.DECLINED
        _decided(client_id, giver, taker, now, rng, status)


def summary() -> str:
    accepted = Handover.objects.filter(status=HandoverStatus.ACCEPTED)
    back = (
        accepted.values("client_id").annotate(n=Count("id")).filter(n__gt=1).count()
    )  # handed over and back again
    by_status = dict(
        Handover.objects.values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    met = Handover.objects.filter(
        status=HandoverStatus.PROPOSED, meeting__status=MeetingStatus.CLOSED
    ).count()
    return (
        f"Handovers: {accepted.count()} accepted in the past months; "
        f"{back} clients were handed back within 90 days; "
        f"{by_status.get(HandoverStatus.PROPOSED, 0)} proposed ({met} met, waiting for "
        f"acceptance), {by_status.get(HandoverStatus.DECLINED, 0)} declined, "
        f"{by_status.get(HandoverStatus.WITHDRAWN, 0)} withdrawn."
    )
