"""Demo referrals: a shelter, a mother-and-child home and a prison family unit (NGOs, not
authorities) refer clients to Kela's special services, with the client present. Some
referrals are near or past their deadline (Finnish working days), some are claimed, contacted
or closed, and one has a discharge plan with follow-ups on the named worker's worklist.

Bulk-built (no services, no audit events) with the history the services would write
(created, claimed, each status change), deterministic for a seed and `now`, idempotent:
nothing is added once the team has referrals."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count, Q
from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind, Profession, User
from polku.clients import crypto
from polku.clients import hetu as hetu_rules
from polku.clients.models import Client, ClientStatus, ConsentMethod, NetworkRole
from polku.core.channels import ContactChannel
from polku.demo.dates import working_day
from polku.demo.factories import OrganisationFactory, ProfessionalFactory
from polku.demo.generator import DEMO_PASSWORD
from polku.referrals import services, working_days
from polku.referrals.models import (
    Outcome,
    ReceivingTeam,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Urgency,
)

TEAM_NAME = "Kelan erityispalvelut"
KELA_SPECIAL = ("Kela, erityispalvelut", OrganisationKind.KELA, True, "Seinäjoki")
PARTNERS = {
    "turvakoti": ("Seinäjoen turvakoti", "Seinäjoki"),
    "ensikoti": ("Ensikoti Lakeus", "Seinäjoki"),
    "perheosasto": ("Vanajan vankilan perheosasto", "Hämeenlinna"),
}
# username, profession, organisation key, first name, last name
DEMO_USERS = (
    ("turvakoti.ohjaaja", Profession.PARTNER_WORKER, "turvakoti", "Johanna", "Luoma"),
    ("ensikoti.ohjaaja", Profession.PARTNER_WORKER, "ensikoti", "Riikka", "Haapala"),
    ("perheosasto.ohjaaja", Profession.PARTNER_WORKER, "perheosasto", "Tuomas", "Salo"),
    ("kela.erityis", Profession.KELA_BENEFIT_EXPERT, "kela_special", "Leena", "Kivelä"),
    ("kela.erityis.esimies", Profession.SERVICE_MANAGER, "kela_special", "Harri", "Nurmi"),
)
# Logins this demo adds (load_demo prints them; polku.demo tests read this).
DEMO_USERNAMES = tuple(user[0] for user in DEMO_USERS)
# The client's situation in their own words, by the kind of partner that refers (seed 003:
# shelters, mother-and-child homes, a prison's family unit): each story fits its sender.
SITUATIONS = {
    "turvakoti": (
        "Lähdin kotoa lasten kanssa enkä tiedä, mistä saan rahaa vuokraan ja ruokaan.",
        "Asumistuki katkesi, kun muutin turvakotiin. Pelkään, että asunto menee.",
        "Lapsilisä ja elatustuki pitää siirtää minulle, kun lapset asuvat nyt kanssani.",
    ),
    "ensikoti": (
        "Vauva syntyi kuukausi sitten. Hakemukset ovat sekaisin, enkä ymmärrä Kelan kirjeitä.",
        "En pysty asioimaan verkossa, koska minulla ei ole pankkitunnuksia.",
        "Muutan ensikodista omaan asuntoon vauvan kanssa, enkä tiedä, mitä tukia haen.",
    ),
    "perheosasto": (
        "Vapaudun kuukauden päästä perheosastolta ja tarvitsen asunnon ja toimeentulon.",
        "Lapsi asuu kanssani perheosastolla. En tiedä, kenelle lapsilisä nyt kuuluu.",
    ),
}
# How the named worker reaches the client through the referring partner.
VIA_PARTNER = {
    "turvakoti": "Tavoittaa turvakodin kautta",
    "ensikoti": "Tavoittaa ensikodin kautta",
    "perheosasto": "Tavoittaa perheosaston kautta",
}
FIRST = ("Aino", "Sari", "Jenni", "Mikko", "Laura", "Hanna", "Katja", "Tiina", "Petra", "Noora")
LAST = ("Mäkelä", "Koskinen", "Heikkinen", "Järvinen", "Lehtonen", "Saarinen", "Niemi")
# (days ago received, urgency, status, partner, outcome)
PLAN = (
    (0, Urgency.URGENT, ReferralStatus.RECEIVED, "turvakoti", ""),
    (1, Urgency.SOON, ReferralStatus.RECEIVED, "ensikoti", ""),
    (3, Urgency.URGENT, ReferralStatus.RECEIVED, "turvakoti", ""),  # past its deadline
    (6, Urgency.SOON, ReferralStatus.RECEIVED, "perheosasto", ""),  # past its deadline
    (4, Urgency.NORMAL, ReferralStatus.RECEIVED, "ensikoti", ""),
    (2, Urgency.SOON, ReferralStatus.CLAIMED, "turvakoti", ""),
    (8, Urgency.SOON, ReferralStatus.CLAIMED, "perheosasto", ""),  # claimed, past deadline
    (5, Urgency.NORMAL, ReferralStatus.CONTACTED, "ensikoti", ""),
    (12, Urgency.SOON, ReferralStatus.IN_PROGRESS, "turvakoti", ""),  # discharge plan
    (20, Urgency.NORMAL, ReferralStatus.CLOSED, "ensikoti", Outcome.SERVICES_STARTED),
    (25, Urgency.URGENT, ReferralStatus.CLOSED, "turvakoti", Outcome.DECISIONS_MADE),
    (30, Urgency.NORMAL, ReferralStatus.CLOSED, "perheosasto", Outcome.UNREACHABLE),
)


def _organisation(name, kind, authority, municipality) -> Organisation:
    return OrganisationFactory.create(
        name=name, kind=kind, is_public_authority=authority, municipality=municipality
    )


def _users(orgs: dict[str, Organisation]) -> dict[str, User]:
    existing = set(
        User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).values_list(
            "username", flat=True
        )
    )
    for index, (username, profession, key, first, last) in enumerate(DEMO_USERS):
        if username in existing:
            continue  # left as it is (its password too)
        ProfessionalFactory.create(
            username=username,
            first_name=first,
            last_name=last,
            password=DEMO_PASSWORD,
            organisation=orgs[key],
            profession=profession,
            phone=f"040 55{index:02d} 123",
            is_demo=True,
        )
    return {u.username: u for u in User.objects.filter(username__in=[u[0] for u in DEMO_USERS])}


def _status_events(referral: Referral) -> list[ReferralEvent]:
    """The history the named worker's status changes write (services.change_status, one
    "status" event each): client contacted at `contacted_at`, in progress (two days after
    the contact) and closed at `closed_at`, each from the status before it."""
    steps: list[tuple[dt.datetime, str]] = []
    moved = (ReferralStatus.IN_PROGRESS, ReferralStatus.CLOSED)
    if referral.contacted_at:
        steps.append((referral.contacted_at, ReferralStatus.CONTACTED))
        if referral.status in moved:
            steps.append((referral.contacted_at + dt.timedelta(days=2), ReferralStatus.IN_PROGRESS))
    if referral.closed_at:
        steps.append((referral.closed_at, ReferralStatus.CLOSED))
    events: list[ReferralEvent] = []
    before: str = ReferralStatus.CLAIMED
    for at, status in steps:
        assert referral.named_worker is not None  # only the named worker moves it on
        events.append(
            ReferralEvent(
                referral=referral,
                at=at,
                by=referral.named_worker,
                from_status=before,
                to_status=status,
                what="status",
            )
        )
        before = status
    return events


def build(*, seed: int, now: dt.datetime | None = None) -> None:
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    rng = random.Random(seed + 7)
    orgs = {"kela_special": _organisation(*KELA_SPECIAL)}
    for key, (name, municipality) in PARTNERS.items():
        orgs[key] = _organisation(name, OrganisationKind.NGO, False, municipality)
    users = _users(orgs)
    manager = users["kela.erityis.esimies"]
    team, _created = ReceivingTeam.objects.get_or_create(
        organisation=orgs["kela_special"],
        name=TEAM_NAME,
        defaults={
            "description": "Kelan erityisasiantuntijat: monimutkaiset tilanteet, nopea yhteys.",
            "phone": "020 692 200",
            "email": "erityispalvelut@example.fi",
            "service_manager": manager,
        },
    )
    workers = list(
        User.objects.filter(
            organisation=orgs["kela_special"], profession=Profession.KELA_BENEFIT_EXPERT
        ).order_by("pk")
    )
    team.members.add(*workers)
    if Referral.objects.filter(team=team).exists():
        return
    partners = {
        "turvakoti": users["turvakoti.ohjaaja"],
        "ensikoti": users["ensikoti.ohjaaja"],
        "perheosasto": users["perheosasto.ohjaaja"],
    }
    named = users["kela.erityis"]
    referrals = []
    for index, (days_ago, urgency, status, partner_key, outcome) in enumerate(PLAN):
        received = moment - dt.timedelta(days=days_ago, hours=rng.randint(0, 5))
        received_day = timezone.localdate(received)
        code = hetu_rules.build(dt.date(1985 + index, 1 + index % 12, 3 + index), 980 + index)
        worker = (
            None
            if status == ReferralStatus.RECEIVED
            else (named if index % 2 == 0 else rng.choice(workers or [named]))
        )
        claimed = received + dt.timedelta(hours=3) if worker else None
        contacted = (
            received + dt.timedelta(days=1)
            if status not in (ReferralStatus.RECEIVED, ReferralStatus.CLAIMED)
            and outcome != Outcome.UNREACHABLE
            else None
        )
        referrals.append(
            Referral(
                team=team,
                partner_organisation=orgs[partner_key],
                referred_by=partners[partner_key],
                first_names=FIRST[index % len(FIRST)],
                last_name=LAST[index % len(LAST)],
                hetu_encrypted=crypto.encrypt(code),
                hetu_hash=crypto.search_hash(code),
                hetu_masked=hetu_rules.parse(code).masked,
                identity_confirmed=True,
                situation=SITUATIONS[partner_key][index % len(SITUATIONS[partner_key])],
                urgency=urgency,
                consent_in_person=True,
                consent_scope="Tilanne, yhteystiedot ja etuusasiat.",
                consent_covers_partner=index % 3 == 0,
                consent_given_at=received,
                contact_channel=(ContactChannel.PHONE, ContactChannel.VIA_PARTNER)[index % 2],
                contact_details=VIA_PARTNER[partner_key] if index % 2 else "040 000 0000",
                language=("fi", "fi", "sv", "en")[index % 4],
                partner_present=index % 2 == 1,
                received_at=received,
                deadline=working_days.add_working_days(
                    received_day, services.deadline_days(urgency)
                ),
                status=status,
                named_worker=worker,
                claimed_at=claimed,
                contacted_at=contacted,
                closed_at=received + dt.timedelta(days=10) if outcome else None,
                outcome=outcome,
            )
        )
    Referral.objects.bulk_create(referrals)
    events = [
        ReferralEvent(
            referral=r, at=r.received_at, by=r.referred_by, to_status="received", what="created"
        )
        for r in referrals
    ] + [
        ReferralEvent(
            referral=r,
            at=r.claimed_at,
            by=r.named_worker,
            from_status="received",
            to_status="claimed",
            what="claimed",
        )
        for r in referrals
        if r.claimed_at
    ]
    events += [event for r in referrals for event in _status_events(r)]
    ReferralEvent.objects.bulk_create(events)
    in_progress = next(r for r in referrals if r.status == ReferralStatus.IN_PROGRESS)
    planner = in_progress.named_worker
    assert planner is not None  # a referral in progress has been claimed by its named worker
    # The client's case is open in Polku for the referral in progress (the discharge plan)
    # and for the claimed one past its deadline: the daily scan (polku.worklists.demo, run
    # last) then raises its "referral overdue" alert to the service manager.
    overdue_claimed = next(
        r for r in referrals if r.status == ReferralStatus.CLAIMED and r.deadline < today
    )
    # Clients the region's services already know (the demo region's clients, when loaded,
    # with room in their network for the named worker and the social worker) are joined,
    # not recorded twice: the referral then names that client.
    known = list(
        Client.objects.filter(status=ClientStatus.ACTIVE)
        .annotate(
            members=Count(
                "network",
                filter=Q(network__ended_at__isnull=True, network__role=NetworkRole.MEMBER),
            )
        )
        .filter(members__lte=2)
        .order_by("pk")[:2]
    )
    for referral, client in zip((in_progress, overdue_claimed), known, strict=False):
        Referral.objects.filter(pk=referral.pk).update(
            first_names=client.first_names,
            last_name=client.last_name,
            hetu_encrypted=client.hetu_encrypted,
            hetu_hash=client.hetu_hash,
            hetu_masked=client.hetu_masked,
        )
    for referral in (in_progress, overdue_claimed):
        assert referral.named_worker is not None
        services.open_case(referral=referral, by=referral.named_worker)
    # The home municipality's social worker is in Polku (the demo region's adult social
    # work, polku.demo): she joins the client's network with the client's consent and
    # makes the home visit, which is on her worklist.
    social_worker = User.objects.filter(
        username="sosiaalityontekija", is_active=True, organisation__kind=OrganisationKind.SOCIAL
    ).first()
    in_progress.refresh_from_db()
    discharge = working_day(today + dt.timedelta(days=3), today)
    plan = services.save_discharge_plan(
        referral=in_progress,
        by=planner,
        data={
            "discharge_on": discharge,
            "destination": "Vuokra-asunto, Seinäjoki",
            "municipality": "Seinäjoki",
            "social_worker": social_worker,
            "social_worker_consent": True,
            "social_worker_consent_how": ConsentMethod.IN_PERSON,
            "social_services_contact": ""
            if social_worker
            else "Aikuissosiaalityö, sosiaalityöntekijä Minna Laurila",
        },
    )
    for contact_by, days, channel, note in (
        (planner, 1, ContactChannel.PHONE, "Miten muutto sujui, tulivatko päätökset?"),
        (social_worker, 7, ContactChannel.VISIT, "Kotikäynti"),
    ):
        services.add_follow_up(
            plan=plan,
            referral=in_progress,
            by=planner,
            due_on=working_day(discharge + dt.timedelta(days=days), today),
            channel=channel,
            contact_by=contact_by,
            contact_by_other="" if contact_by else "Seinäjoen aikuissosiaalityö",
            note=note,
        )


def summary() -> str:
    today = timezone.localdate()
    team = ReceivingTeam.objects.filter(name=TEAM_NAME).first()
    if team is None:
        return "Referrals: none."
    open_ = Referral.objects.filter(team=team).exclude(status=ReferralStatus.CLOSED)
    waiting = open_.filter(status__in=[ReferralStatus.RECEIVED, ReferralStatus.CLAIMED])
    overdue = waiting.filter(deadline__lt=today).count()
    near = sum(
        1
        for d in waiting.filter(deadline__gte=today).values_list("deadline", flat=True)
        if working_days.working_days_between(today, d) <= 1
    )
    logins = ", ".join(DEMO_USERNAMES)
    return (
        f"Referrals: {Referral.objects.filter(team=team).count()} to {team.name} "
        f"({open_.count()} open, {overdue} past the deadline, {near} due within a working "
        f"day). Referral demo logins (password {DEMO_PASSWORD}): {logins}."
    )
