"""Demo data of the client portal: feedback answers over the last six months (mostly
anonymous), clients' own words, a client council with its session and proposals in every
state, and — in demo mode only — a sign-in code for one client, printed by load_demo.
Deterministic for a seed; idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.utils import timezone

from polku.clients.models import ClientStatus, NetworkMember
from polku.demo.dates import working_moment
from polku.meetings.models import Meeting, MeetingStatus
from polku.portal.models import (
    Contribution,
    CouncilMembership,
    CouncilSession,
    Feedback,
    Proposal,
    SignInCode,
)
from polku.portal.services import _hash

DEMO_CODE = "DEMO-2026"
PROPOSALS = (
    (
        "Iltavastaanotto kerran viikossa, koska moni on päivisin kuntoutuksessa.",
        "done",
        "Aloitettu: tiistaisin klo 16–19 yhteispalvelupisteessä.",
    ),
    ("Kelan päätökset selkokielellä: mitä päätös tarkoittaa minulle.", "considering", ""),
    (
        "Oma työntekijä myös TE-palveluihin, ettei tarvitse kertoa asioita monta kertaa.",
        "not_done",
        "Työllisyyspalvelut siirtyivät kunnalle; omaohjaaja kokoaa nyt verkoston.",
    ),
    ("Vertaisryhmä pitkään työttömänä olleille.", "considering", ""),
    # a new one a staff member has not checked yet: only its writer sees it
    ("Kahvihetki odotustilaan aamuisin.", "pending", ""),
)


def build(*, seed: int, now: dt.datetime | None = None) -> None:
    if Feedback.objects.exists():
        return
    rng = random.Random(seed + 8)
    now = now or timezone.now()
    today = timezone.localdate(now)
    coordinators = list(
        NetworkMember.objects.coordinators()
        .filter(client__status=ClientStatus.ACTIVE)
        .order_by("client_id")
        .values_list("client_id", "professional__organisation_id")
    )
    if not coordinators:
        return
    answers = []
    for months_ago in range(6):
        month = (today.replace(day=1) - dt.timedelta(days=30 * months_ago)).replace(day=1)
        for _ in range(rng.randint(6, 14)):
            client_id, organisation_id = rng.choice(coordinators)
            anonymous = rng.random() < 0.8
            good = rng.random() < 0.75
            answers.append(
                Feedback(
                    context=rng.choice(["meeting", "meeting", "referral"]),
                    organisation_id=organisation_id,
                    month=month,
                    sorted_out=rng.choice(["yes", "yes", "partly"] if good else ["partly", "no"]),
                    heard=rng.randint(4, 5) if good else rng.randint(2, 4),
                    overall=rng.randint(4, 5) if good else rng.randint(1, 3),
                    client_id=None if anonymous else client_id,
                )
            )
    Feedback.objects.bulk_create(answers)
    clients = [client_id for client_id, _org in coordinators]
    members = rng.sample(clients, min(8, len(clients)))
    CouncilMembership.objects.bulk_create(CouncilMembership(client_id=c) for c in members)
    session = CouncilSession.objects.create(
        starts_at=working_moment(now + dt.timedelta(days=21), today),
        theme="Miten asiat hoituisivat kerralla?",
        place="Seinäjoen yhteispalvelupiste, neuvotteluhuone 2",
    )
    session.invited.set(members)
    for text, status, reason in PROPOSALS:
        Proposal.objects.create(
            text=text,
            raised_by_id=rng.choice(members),
            session=session if status == "considering" else None,
            status=status,
            reason=reason,
            moderated_at=now if status != "pending" else None,
            decided_at=now if status in ("done", "not_done") else None,
        )
    planned = (
        Meeting.objects.filter(client_id__in=clients[:40], status=MeetingStatus.PLANNED)
        .order_by("starts_at")
        .first()
    )
    if planned is not None:
        Contribution.objects.create(
            client_id=planned.client_id,
            kind="agenda_item",
            meeting=planned,
            text="Haluaisin puhua siitä, miten kuntoutusraha vaikuttaa asumistukeen.",
        )
    if settings.POLKU_DEMO_MODE:
        coordinator = NetworkMember.objects.coordinators().of(clients[0]).get()
        SignInCode.objects.create(
            client_id=clients[0],
            code_hash=_hash(DEMO_CODE),
            created_by_id=coordinator.professional_id,
            expires_at=now + dt.timedelta(days=30),
        )


def summary() -> str:
    demo = SignInCode.objects.filter(code_hash=_hash(DEMO_CODE), used_at__isnull=True).first()
    line = (
        f"Client portal: {Feedback.objects.count()} feedback answers, "
        f"{Proposal.objects.count()} council proposals."
    )
    if demo:
        line += (
            f" Sign in at /portal/sign-in/ with the code {DEMO_CODE} (client "
            f"{demo.client_id}; works once) or, as a client's coordinator, make a new code "
            "on the client's page."
        )
    return line
