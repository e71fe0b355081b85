"""Demo knots: the seeds' story — several pending Kela benefits, the housing allowance
waiting for the sickness allowance's decision, the sickness allowance waiting for further
information from a client without online credentials — and a true deadlock (the
rehabilitation allowance and the unemployment benefit waiting for each other), on a few
active clients; simpler knots on some more. Deterministic; idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import F
from django.utils import timezone

from polku.catalogue.models import Service
from polku.clients.models import Client, ClientStatus, NetworkMember
from polku.demo.dates import working_day
from polku.knots.analysis import CLOSED
from polku.knots.models import Application, Blocker, KnotOpening, KnotStep, StepOutcome
from polku.meetings.models import Meeting, MeetingStatus

STORY_CLIENTS = 3
SIMPLE_CLIENTS = 25
SETTLED_CLIENTS = 12  # knots already opened: every application decided, for the indicators
SLUGS = (
    "kelan-sairauspaivaraha",
    "yleinen-asumistuki",
    "kuntoutusraha",
    "yleistuki",
    "perustoimeentulotuki",
    "kelan-kuntoutuspsykoterapia",
)
# What each benefit can wait for: (kind, what, from whom). A blocker's words fit its
# application — a lease for a housing allowance, a B statement for rehabilitation.
BLOCKERS = {
    "kelan-sairauspaivaraha": (
        ("further_information", "Palkkatodistus", "Työnantaja"),
        ("statement", "Lääkärinlausunto (A-todistus)", "Terveysasema"),
    ),
    "yleinen-asumistuki": (
        ("further_information", "Vuokrasopimus", ""),
        ("further_information", "Tiliotteet", ""),
    ),
    "kuntoutusraha": (
        ("statement", "B-lausunto", "Työterveyshuolto"),
        ("meeting", "Verkostotapaaminen kuntoutussuunnitelmasta", ""),
    ),
    "yleistuki": (
        ("further_information", "Tiliotteet", ""),
        ("statement", "Työvoimapoliittinen lausunto", "Seinäjoen seudun työllisyysalue"),
    ),
    "perustoimeentulotuki": (
        ("further_information", "Tiliotteet", ""),
        ("further_information", "Vuokrasopimus", ""),
    ),
    "kelan-kuntoutuspsykoterapia": (
        ("statement", "B-lausunto", "Psykiatrian poliklinikka"),
        ("meeting", "Verkostotapaaminen hoidon tarpeesta", ""),
    ),
}


def build(*, seed: int, now: dt.datetime | None = None) -> None:
    if Application.objects.exists():
        return
    services = {s.slug: s for s in Service.objects.filter(slug__in=SLUGS)}
    if len(services) < len(SLUGS):
        return  # the catalogue is not loaded; summary() says so
    today = timezone.localdate(now) if now else timezone.localdate()
    rng = random.Random(seed + 6)
    coordinators = dict(
        NetworkMember.objects.coordinators()
        .filter(client__status=ClientStatus.ACTIVE)
        .values_list("client_id", "professional_id")
    )
    clients = sorted(coordinators)[: STORY_CLIENTS + SIMPLE_CLIENTS + SETTLED_CLIENTS]
    rng.shuffle(clients)
    # The story's client has no online credentials (the generator's fact, read here, never
    # changed here: the assessment, plan and agreements were written from it). Those who lack
    # them come first; the story of anyone else has no credentials blocker.
    has_credentials = dict(
        Client.objects.filter(pk__in=clients).values_list("pk", "has_online_credentials")
    )
    lacking = [pk for pk in clients if not has_credentials[pk]][:STORY_CLIENTS]
    clients = lacking + [pk for pk in clients if pk not in lacking]

    def add(client_id, slug, status, days_ago):
        return Application.objects.create(
            client_id=client_id,
            service=services[slug],
            status=status,
            submitted=today - dt.timedelta(days=days_ago),
            created_by_id=coordinators[client_id],
        )

    for client_id in clients[:STORY_CLIENTS]:
        sickness = add(client_id, "kelan-sairauspaivaraha", "further_information_requested", 41)
        housing = add(client_id, "yleinen-asumistuki", "pending", 24)
        rehab = add(client_id, "kuntoutusraha", "pending", 12)
        unemployment = add(client_id, "yleistuki", "pending", 12)
        owner = coordinators[client_id]
        blockers = [
            Blocker(
                application=sickness,
                kind="further_information",
                what="Palkkatodistus",
                from_whom="Entinen työnantaja",
                owner_id=owner,
                due=working_day(today + dt.timedelta(7), today),
            ),
            Blocker(application=housing, kind="decision", waits_for=sickness),
            Blocker(application=rehab, kind="decision", waits_for=unemployment),
            Blocker(application=unemployment, kind="decision", waits_for=rehab),
        ]
        if not has_credentials[client_id]:
            blockers.insert(
                1,
                Blocker(
                    application=sickness,
                    kind="client_action",
                    owner_is_client=True,
                    what="Pankkitunnukset Kelan viestien lukemiseen",
                ),
            )
        Blocker.objects.bulk_create(blockers)
    for client_id in clients[STORY_CLIENTS : STORY_CLIENTS + SIMPLE_CLIENTS]:
        slug = rng.choice(SLUGS)
        first = add(client_id, slug, rng.choice(["pending", "submitted"]), rng.randint(3, 60))
        kind, what, from_whom = rng.choice(BLOCKERS[slug])
        Blocker.objects.create(
            application=first,
            kind=kind,
            what=what,
            from_whom=from_whom,
            owner_id=coordinators[client_id],
            due=working_day(today + dt.timedelta(days=rng.randint(-5, 20)), today),
        )
        if rng.random() < 0.5:
            second = add(client_id, "perustoimeentulotuki", "pending", rng.randint(1, 10))
            Blocker.objects.create(application=second, kind="decision", waits_for=first)

    _settled(clients[STORY_CLIENTS + SIMPLE_CLIENTS :], coordinators, services, today, rng)


def _settled(clients, coordinators, services, today, rng) -> None:
    """Knots opened in an earlier, closed meeting: the blockers walked through there (most
    resolved at the table, now and then one left for later), every application decided
    since."""
    meetings: dict[int, Meeting] = {}
    for meeting in Meeting.objects.filter(
        client_id__in=clients, status=MeetingStatus.CLOSED
    ).order_by("starts_at"):
        meetings.setdefault(meeting.client_id, meeting)
    for client_id in clients:
        earlier = meetings.get(client_id)
        if earlier is None:
            continue
        held = earlier.starts_at
        owner = coordinators[client_id]
        apps = [
            Application.objects.create(
                client_id=client_id,
                service=services[slug],
                status="decided_granted" if rng.random() < 0.8 else "decided_refused",
                submitted=held.date() - dt.timedelta(days=rng.randint(10, 60)),
                decision_date=min(today, held.date() + dt.timedelta(days=rng.randint(0, 30))),
                created_by_id=owner,
            )
            for slug in rng.sample(SLUGS[:4], rng.randint(2, 3))
        ]
        blockers = []
        for app in apps:
            kind, what, from_whom = rng.choice(BLOCKERS[app.service.slug])
            blockers.append(
                Blocker.objects.create(
                    application=app,
                    kind=kind,
                    what=what,
                    from_whom=from_whom,
                    owner_id=owner,
                    resolved_at=held,
                    resolved_by_id=owner,
                    created_at=held - dt.timedelta(days=5),
                )
            )
        opening = KnotOpening.objects.create(
            meeting=earlier,
            client_id=client_id,
            started_by_id=owner,
            started_at=held,
            finished_at=held + dt.timedelta(minutes=40),
            blockers_at_start=len(blockers),
            deadlocks_at_start=0,
            pending_at_start=len(apps),
        )
        left = rng.random() < 0.25
        KnotStep.objects.bulk_create(
            KnotStep(
                opening=opening,
                blocker=blocker,
                position=n,
                outcome=StepOutcome.SKIPPED if left and n == 1 else StepOutcome.RESOLVED,
                decided_by_id=owner,
                decided_at=held,
            )
            for n, blocker in enumerate(blockers, start=1)
        )


def summary() -> str:
    if not Service.objects.filter(slug__in=SLUGS).exists():
        return "Benefit knots: none (the catalogue is not loaded)."
    deadlocked = (  # open waits in both directions between two open applications
        Blocker.objects.filter(
            kind="decision",
            resolved_at__isnull=True,
            waits_for__blockers__kind="decision",
            waits_for__blockers__resolved_at__isnull=True,
            waits_for__blockers__waits_for=F("application"),
        )
        .exclude(application__status__in=CLOSED)
        .exclude(waits_for__status__in=CLOSED)
        .count()
    )
    return (
        f"Benefit knots: {Application.objects.count()} applications, "
        f"{Blocker.objects.count()} blockers ({deadlocked // 2} deadlocks), "
        f"{KnotOpening.objects.count()} knots opened in earlier meetings."
    )
