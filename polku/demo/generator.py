"""Synthetic demo data: a Finnish region around Seinäjoki (Etelä-Pohjanmaa) with a few
neighbours — organisations, professionals, and clients with their networks and consents.

Everything here is synthetic: people are random combinations of common first names and
surnames, henkilötunnus values use the temporary/test individual numbers 900-999 only, and
e-mail addresses are @example.fi. The organisations are named like real ones, because they
are organisations, not people.

The rows are written with bulk_create and queryset updates, not through
polku.clients.services (which audits every write one by one): `make demo` runs this on every
start and must stay fast. The database invariants still hold, because the rows are written
in the order the guard triggers allow (polku/clients/triggers.py):

1. clients are inserted in intake,
2. their network rows are inserted (the active coordinator seat among them),
3. consents and their organisations are inserted,
4. the clients are moved to active or closed with one UPDATE per batch.

`load_demo` is idempotent: once the demo users exist it does nothing but report them.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind, Profession, User
from polku.clients import hetu as hetu_rules
from polku.clients.models import (
    Client,
    ClientStatus,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Language,
    NetworkMember,
    NetworkRole,
)

from . import extensions, names
from .casework import build_casework

DEMO_PASSWORD = "polku-demo-2026"  # noqa: S105 - synthetic demo accounts only
DEMO_URL = "http://127.0.0.1:8000/"
DEFAULT_SEED = 2026
DEFAULT_CLIENTS = 2500
DEFAULT_BATCH_SIZE = 2500
# Clients per client-facing professional when the staff is scaled up for benchmarks.
BENCHMARK_CASELOAD = 40

BIRTH_FIRST = dt.date(1960, 1, 1).toordinal()
BIRTH_LAST = dt.date(2006, 12, 31).toordinal()
TEST_NUMBERS = (900, 999)  # henkilötunnus individual numbers for temporary and test codes

Kind = OrganisationKind
P = Profession


# --- Organisations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    is_public_authority: bool
    municipality: str
    area: str  # "ep" (Etelä-Pohjanmaa), "vaasa" (Pohjanmaa) or "any" (serves every area)
    role: str  # what the organisation does; decides which pools its staff joins


ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec("kela_seinajoki", "Kela, Seinäjoen palvelupiste", Kind.KELA, True, "Seinäjoki",
            "ep", "kela_office"),
    OrgSpec("kela_lapua", "Kela, Lapuan palvelupiste", Kind.KELA, True, "Lapua", "ep",
            "kela_office"),
    OrgSpec("kela_vaasa", "Kela, Vaasan palvelupiste", Kind.KELA, True, "Vaasa", "vaasa",
            "kela_office"),
    OrgSpec("kela_special", "Kela, erityispalvelut", Kind.KELA, True, "Seinäjoki", "any",
            "kela_special"),
    OrgSpec("tyollisyys_seinajoki", "Seinäjoen seudun työllisyysalue", Kind.EMPLOYMENT, True,
            "Seinäjoki", "ep", "employment"),
    OrgSpec("tyollisyys_kuusiokunnat", "Kuusiokuntien työllisyyspalvelut", Kind.EMPLOYMENT,
            True, "Alavus", "ep", "employment"),
    OrgSpec("tyollisyys_vaasa", "Vaasan seudun työllisyysalue", Kind.EMPLOYMENT, True, "Vaasa",
            "vaasa", "employment"),
    OrgSpec("sos_aikuis", "Etelä-Pohjanmaan hyvinvointialue, aikuissosiaalityö", Kind.SOCIAL,
            True, "Seinäjoki", "ep", "social_adult"),
    OrgSpec("sos_perhe", "Etelä-Pohjanmaan hyvinvointialue, perhesosiaalityö", Kind.SOCIAL,
            True, "Seinäjoki", "ep", "social_family"),
    OrgSpec("sos_vaasa", "Pohjanmaan hyvinvointialue, sosiaalityö", Kind.SOCIAL, True, "Vaasa",
            "vaasa", "social_all"),
    OrgSpec("terveys_tyoikaiset", "Etelä-Pohjanmaan hyvinvointialue, työikäisten "
            "terveyspalvelut", Kind.HEALTH, True, "Seinäjoki", "ep", "health_primary"),
    OrgSpec("terveys_mielenterveys", "Etelä-Pohjanmaan hyvinvointialue, mielenterveys- ja "
            "päihdepalvelut", Kind.HEALTH, True, "Seinäjoki", "ep", "health_mental"),
    OrgSpec("keskussairaala_kuntoutus", "Seinäjoen keskussairaala, kuntoutuspoliklinikka",
            Kind.HEALTH, True, "Seinäjoki", "ep", "health_rehab"),
    OrgSpec("terveys_vaasa", "Pohjanmaan hyvinvointialue, työikäisten terveyspalvelut",
            Kind.HEALTH, True, "Vaasa", "vaasa", "health_primary"),
    OrgSpec("sedu", "Koulutuskeskus Sedu", Kind.EDUCATION, True, "Seinäjoki", "ep",
            "education"),
    OrgSpec("seamk", "Seinäjoen ammattikorkeakoulu SeAMK", Kind.EDUCATION, True, "Seinäjoki",
            "ep", "education"),
    OrgSpec("yrkesakademin", "Yrkesakademin i Österbotten", Kind.EDUCATION, True, "Vaasa",
            "vaasa", "education"),
    OrgSpec("turvakoti", "Seinäjoen turvakoti", Kind.NGO, False, "Seinäjoki", "any",
            "shelter"),
    OrgSpec("ensikoti", "Ensikoti Lakeus", Kind.NGO, False, "Seinäjoki", "any",
            "mother_child"),
    OrgSpec("perheosasto", "Vanajan vankilan perheosasto", Kind.NGO, False, "Hämeenlinna",
            "any", "prison_family"),
    OrgSpec("tyottomat", "Lakeuden Työttömät ry", Kind.NGO, False, "Seinäjoki", "ep",
            "ngo_peer"),
    OrgSpec("mielenterveysyhdistys", "Mielenterveysyhdistys Lakeus ry", Kind.NGO, False,
            "Seinäjoki", "ep", "ngo_peer"),
    OrgSpec("ohjaamo", "Ohjaamo Seinäjoki", Kind.OTHER, True, "Seinäjoki", "ep", "youth"),
    OrgSpec("tyohonvalmennus", "Työhönvalmennus Lakeus Oy", Kind.OTHER, False, "Seinäjoki",
            "ep", "job_coach"),
    OrgSpec("tietohallinto", "Etelä-Pohjanmaan hyvinvointialue, tietohallinto", Kind.OTHER,
            True, "Seinäjoki", "any", "it"),
)  # fmt: skip
ORG_BY_KEY = {spec.key: spec for spec in ORGANISATIONS}
ORG_BY_NAME = {spec.name: spec for spec in ORGANISATIONS}


# --- Professionals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUserSpec:
    username: str
    profession: str
    org_key: str
    first_name: str
    last_name: str
    is_admin: bool = False


# One per main profession; people log in as these. Names are synthetic.
DEMO_USERS: tuple[DemoUserSpec, ...] = (
    DemoUserSpec("kela.asiantuntija", P.KELA_BENEFIT_EXPERT, "kela_seinajoki", "Kaisa",
                 "Rintala"),
    DemoUserSpec("tyokyky.koordinaattori", P.WORK_ABILITY_COORDINATOR, "tyollisyys_seinajoki",
                 "Jari", "Peltola"),
    DemoUserSpec("sosiaalityontekija", P.SOCIAL_WORKER, "sos_aikuis", "Minna", "Laurila"),
    DemoUserSpec("hoitaja", P.NURSE, "terveys_tyoikaiset", "Sanna", "Kangas"),
    DemoUserSpec("turvakoti.ohjaaja", P.PARTNER_WORKER, "turvakoti", "Johanna", "Luoma"),
    DemoUserSpec("palveluesimies", P.SERVICE_MANAGER, "tyollisyys_seinajoki", "Markku",
                 "Hakala"),
    DemoUserSpec("tutkija", P.RESEARCHER, "seamk", "Elina", "Ojala"),
    DemoUserSpec("admin", P.ADMINISTRATOR, "tietohallinto", "Pasi", "Mäki", is_admin=True),
    DemoUserSpec("tietosuojavastaava", P.DATA_PROTECTION_OFFICER, "tietohallinto", "Riikka",
                 "Salo"),
)  # fmt: skip
DEMO_USERNAMES = tuple(spec.username for spec in DEMO_USERS)

# Staff per organisation besides the demo users: (organisation key, profession, count).
STAFF: tuple[tuple[str, str, int], ...] = (
    ("kela_seinajoki", P.KELA_BENEFIT_EXPERT, 5),
    ("kela_seinajoki", P.SERVICE_MANAGER, 1),
    ("kela_lapua", P.KELA_BENEFIT_EXPERT, 2),
    ("kela_vaasa", P.KELA_BENEFIT_EXPERT, 3),
    ("kela_special", P.KELA_BENEFIT_EXPERT, 3),
    ("kela_special", P.SERVICE_MANAGER, 1),
    ("tyollisyys_seinajoki", P.WORK_ABILITY_COORDINATOR, 2),
    ("tyollisyys_seinajoki", P.EMPLOYMENT_COUNSELLOR, 4),
    ("tyollisyys_seinajoki", P.LIFESTYLE_COACH, 1),
    ("tyollisyys_seinajoki", P.EXPERIENCE_EXPERT, 1),
    ("tyollisyys_kuusiokunnat", P.EMPLOYMENT_COUNSELLOR, 2),
    ("tyollisyys_kuusiokunnat", P.WORK_ABILITY_COORDINATOR, 1),
    ("tyollisyys_kuusiokunnat", P.SERVICE_MANAGER, 1),
    ("tyollisyys_vaasa", P.EMPLOYMENT_COUNSELLOR, 2),
    ("tyollisyys_vaasa", P.WORK_ABILITY_COORDINATOR, 1),
    ("sos_aikuis", P.SOCIAL_WORKER, 3),
    ("sos_aikuis", P.SERVICE_MANAGER, 1),
    ("sos_perhe", P.SOCIAL_WORKER, 2),
    ("sos_vaasa", P.SOCIAL_WORKER, 2),
    ("terveys_tyoikaiset", P.NURSE, 2),
    ("terveys_tyoikaiset", P.DOCTOR, 2),
    ("terveys_tyoikaiset", P.WORK_ABILITY_COORDINATOR, 1),
    ("terveys_mielenterveys", P.THERAPIST, 2),
    ("terveys_mielenterveys", P.NURSE, 1),
    ("terveys_mielenterveys", P.DOCTOR, 1),
    ("keskussairaala_kuntoutus", P.DOCTOR, 1),
    ("keskussairaala_kuntoutus", P.THERAPIST, 1),
    ("keskussairaala_kuntoutus", P.NURSE, 1),
    ("terveys_vaasa", P.NURSE, 1),
    ("terveys_vaasa", P.DOCTOR, 1),
    ("sedu", P.EDUCATION_COUNSELLOR, 2),
    ("seamk", P.EDUCATION_COUNSELLOR, 1),
    ("seamk", P.RESEARCHER, 1),
    ("yrkesakademin", P.EDUCATION_COUNSELLOR, 1),
    ("turvakoti", P.PARTNER_WORKER, 1),
    ("ensikoti", P.PARTNER_WORKER, 2),
    ("perheosasto", P.PARTNER_WORKER, 1),
    ("tyottomat", P.EXPERIENCE_EXPERT, 1),
    ("tyottomat", P.PARTNER_WORKER, 1),
    ("mielenterveysyhdistys", P.EXPERIENCE_EXPERT, 1),
    ("mielenterveysyhdistys", P.PARTNER_WORKER, 1),
    ("ohjaamo", P.EMPLOYMENT_COUNSELLOR, 1),
    ("ohjaamo", P.EDUCATION_COUNSELLOR, 1),
    ("tyohonvalmennus", P.LIFESTYLE_COACH, 1),
    ("tyohonvalmennus", P.PARTNER_WORKER, 1),
    ("tietohallinto", P.ADMINISTRATOR, 1),
)
# Professions that do not work in client networks; not scaled up for benchmarks.
NOT_CLIENT_FACING = {
    P.SERVICE_MANAGER,
    P.RESEARCHER,
    P.ADMINISTRATOR,
    P.DATA_PROTECTION_OFFICER,
}


def pool_tags(role: str, profession: str) -> set[str]:
    """The pools a professional of `profession` in an organisation of `role` belongs to.
    Client profiles pick coordinators and members from these pools."""
    tags: set[str] = set()
    if profession == P.KELA_BENEFIT_EXPERT:
        tags.add("kela_special" if role == "kela_special" else "kela")
    elif profession == P.WORK_ABILITY_COORDINATOR:
        tags.add("wac")
        if role == "employment":
            tags.add("emp_coord")
        if role.startswith("health"):
            tags.add("health_coord")
    elif profession == P.EMPLOYMENT_COUNSELLOR:
        tags.add("emp")
        if role == "employment":
            tags.add("emp_coord")
        if role == "youth":
            tags.add("youth")
    elif profession == P.SOCIAL_WORKER:
        if role in ("social_adult", "social_all"):
            tags.add("social")
        if role in ("social_family", "social_all"):
            tags.add("family_social")
    elif profession == P.NURSE:
        tags.add("nurse")
        if role == "health_primary":
            tags.add("health_coord")
    elif profession == P.DOCTOR:
        tags.add("doctor")
    elif profession == P.THERAPIST:
        tags.add("therapist")
    elif profession == P.EDUCATION_COUNSELLOR:
        tags.add("youth" if role == "youth" else "edu")
    elif profession == P.PARTNER_WORKER:
        if role in ("shelter", "mother_child", "prison_family"):
            tags.add(role)
        elif role == "ngo_peer":
            tags.add("ngo")
        elif role == "job_coach":
            tags.add("coach")
    elif profession == P.EXPERIENCE_EXPERT:
        tags.add("peer")
    elif profession == P.LIFESTYLE_COACH:
        tags.add("coach")
    return tags


# When a pool is empty in the client's area: try this pool in the area, then any area.
POOL_FALLBACK = {"youth": "edu", "family_social": "social", "health_coord": "nurse"}


@dataclass
class Staff:
    """The professionals that client networks are drawn from, in pools by tag and area."""

    org_of: dict[int, int] = field(default_factory=dict)
    profession_of: dict[int, str] = field(default_factory=dict)
    role_of: dict[int, str] = field(default_factory=dict)
    by_tag_area: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    _cache: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def add(self, user_id: int, org_id: int, spec: OrgSpec, profession: str) -> None:
        self.org_of[user_id] = org_id
        self.profession_of[user_id] = profession
        self.role_of[user_id] = spec.role
        for tag in pool_tags(spec.role, profession):
            self.by_tag_area.setdefault((tag, spec.area), []).append(user_id)

    def pool(self, tag: str, area: str) -> list[int]:
        key = (tag, area)
        if key not in self._cache:
            found = self._in_area(tag, area)
            if not found and tag in POOL_FALLBACK:
                found = self._in_area(POOL_FALLBACK[tag], area)
            if not found:
                found = [
                    uid for (t, _a), ids in self.by_tag_area.items() if t == tag for uid in ids
                ]
            self._cache[key] = found
        return self._cache[key]

    def _in_area(self, tag: str, area: str) -> list[int]:
        return self.by_tag_area.get((tag, area), []) + self.by_tag_area.get((tag, "any"), [])


# --- Client profiles -------------------------------------------------------------------------

# name → (coordinator pools, candidate member pools with the chance of each)
PROFILES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, float], ...]]] = {
    "kela_rehab": (
        ("kela",),
        (("nurse", 0.45), ("doctor", 0.3), ("emp", 0.4), ("therapist", 0.25), ("edu", 0.15),
         ("coach", 0.1), ("wac", 0.2)),
    ),
    "employment": (
        ("emp_coord",),
        (("kela", 0.6), ("nurse", 0.35), ("doctor", 0.15), ("coach", 0.2), ("peer", 0.15),
         ("social", 0.2), ("edu", 0.1)),
    ),
    "social": (
        ("social",),
        (("kela", 0.6), ("emp", 0.4), ("nurse", 0.3), ("ngo", 0.25), ("peer", 0.2),
         ("therapist", 0.1)),
    ),
    "health": (
        ("health_coord",),
        (("doctor", 0.6), ("therapist", 0.3), ("kela", 0.5), ("emp", 0.3)),
    ),
    "youth": (
        ("youth", "edu"),
        (("emp", 0.4), ("kela", 0.4), ("social", 0.3), ("edu", 0.3), ("coach", 0.15)),
    ),
    "shelter": (
        ("kela_special",),
        (("shelter", 1.0), ("family_social", 0.6), ("nurse", 0.3), ("emp", 0.15)),
    ),
    "mother_child": (
        ("kela_special", "family_social"),
        (("mother_child", 1.0), ("family_social", 0.5), ("nurse", 0.4)),
    ),
    "prison_family": (
        ("kela_special",),
        (("prison_family", 1.0), ("family_social", 0.6), ("kela", 0.2)),
    ),
}  # fmt: skip
PROFILE_NAMES = tuple(PROFILES)


def _profile_weights(age: int, female: bool) -> list[float]:
    weights = {
        "kela_rehab": 25.0,
        "employment": 32.0,
        "social": 15.0,
        "health": 12.0,
        "youth": 10.0 if age < 30 else (2.0 if age < 35 else 0.0),
        "shelter": 5.0 if female else 0.5,
        "mother_child": 3.0 if female and age < 40 else 0.0,
        "prison_family": 1.0 if age < 50 else 0.0,
    }
    return [weights[name] for name in PROFILE_NAMES]


COORDINATOR_RESPONSIBILITY = "Omaohjaaja: kokonaistilanne ja suunnitelma kohti työelämää"
RESPONSIBILITIES: dict[str, tuple[str, ...]] = {
    P.KELA_BENEFIT_EXPERT: (
        "Kelan etuudet ja kuntoutus",
        "Kuntoutusrahahakemus ja ammatillinen kuntoutus",
        "Vireillä olevien etuushakemusten selvittäminen",
        "Yleistuki ja perustoimeentulotuki",
    ),
    P.WORK_ABILITY_COORDINATOR: (
        "Työkyvyn arviointi ja työkykypolku",
        "Osatyökykyisen työllistymisen tuki",
    ),
    P.NURSE: ("Terveystarkastus ja hoidon koordinointi", "Työttömän terveystarkastus"),
    P.DOCTOR: ("Työkyvyn lääketieteellinen arvio", "B-lausunto kuntoutusta varten"),
    P.SOCIAL_WORKER: (
        "Sosiaalihuollon palvelut ja toimeentulo",
        "Kuntouttava työtoiminta",
        "Perheen tuki ja asuminen",
    ),
    P.EDUCATION_COUNSELLOR: ("Koulutusvaihtoehdot ja opintojen suunnittelu", "Uudelleenkoulutus"),
    P.EMPLOYMENT_COUNSELLOR: ("Työnhaku ja työllistymissuunnitelma", "Palkkatuki ja työkokeilu"),
    P.THERAPIST: ("Kuntoutuspsykoterapia", "Fysioterapia ja toimintakyvyn tuki"),
    P.EXPERIENCE_EXPERT: ("Vertaistuki kokemusasiantuntijana",),
    P.LIFESTYLE_COACH: ("Elintapaohjaus", "Arjen hallinnan valmennus"),
    P.PARTNER_WORKER: ("Arjen tuki ja asioinnin apu", "Työhönvalmennus"),
}
RESPONSIBILITY_BY_ROLE = {
    "shelter": "Turvakodin ohjaaja: turvallisuus, asioinnin tuki ja kotiutuminen",
    "mother_child": "Ensikodin ohjaaja: arjen tuki ja kotiutuminen",
    "prison_family": "Perheosaston ohjaaja: vapautumisen ja perheen arjen tuki",
}
CONSENT_DESCRIPTIONS: dict[str, str] = {
    ConsentPurpose.SERVICE_COORDINATION: (
        "Moniammatillinen palvelujen yhteensovitus ja suunnitelma kohti työelämää"
    ),
    ConsentPurpose.BENEFITS: "Etuushakemusten käsittely ja niihin liittyvä tiedonvaihto",
    ConsentPurpose.REHABILITATION: "Ammatillisen kuntoutuksen selvittely ja kuntoutussuunnitelma",
    ConsentPurpose.REFERRAL: "Yhteydenotto ja tiedonvaihto organisaatiosta toiseen",
}
WITHDRAWAL_REASON = "Asiakas perui suostumuksen tämän organisaation osalta."
# How consents were given, and how often.
GIVEN_HOW_METHODS: tuple[str, ...] = (
    ConsentMethod.IN_PERSON,
    ConsentMethod.PHONE,
    ConsentMethod.WRITTEN,
    ConsentMethod.PORTAL,
)
GIVEN_HOW_WEIGHTS: tuple[float, ...] = (55, 20, 15, 10)


# --- Organisations and staff in the database -------------------------------------------------


def ensure_organisations() -> dict[str, int]:
    """Create the region's organisations that do not exist yet; their ids by key."""
    existing = dict(Organisation.objects.filter(name__in=ORG_BY_NAME).values_list("name", "id"))
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=spec.name,
                kind=spec.kind,
                is_public_authority=spec.is_public_authority,
                municipality=spec.municipality,
            )
            for spec in ORGANISATIONS
            if spec.name not in existing
        ]
    )
    ids = dict(Organisation.objects.filter(name__in=ORG_BY_NAME).values_list("name", "id"))
    return {spec.key: ids[spec.name] for spec in ORGANISATIONS}


def staff_targets(scale: float = 1.0) -> dict[tuple[str, str], int]:
    """How many professionals each (organisation, profession) should have, demo users
    included. `scale` multiplies the client-facing staff (for benchmark data)."""
    targets: dict[tuple[str, str], int] = {}
    for org_key, profession, count in STAFF:
        targets[(org_key, profession)] = targets.get((org_key, profession), 0) + count
    for demo in DEMO_USERS:
        key = (demo.org_key, demo.profession)
        targets[key] = targets.get(key, 0) + 1
    if scale > 1:
        for key, count in targets.items():
            if key[1] not in NOT_CLIENT_FACING:
                targets[key] = max(count, round(count * scale))
    return targets


def client_facing_staff_count() -> int:
    return sum(n for (_o, prof), n in staff_targets().items() if prof not in NOT_CLIENT_FACING)


def _person_name(rng: random.Random, swedish: bool) -> tuple[str, str, bool]:
    female = rng.random() < 0.5
    if swedish:
        first = rng.choice(names.SWEDISH_FEMALE if female else names.SWEDISH_MALE)
        return first, rng.choice(names.SWEDISH_SURNAMES), female
    first = rng.choice(names.FINNISH_FEMALE if female else names.FINNISH_MALE)
    return first, rng.choice(names.FINNISH_SURNAMES), female


def _phone(rng: random.Random) -> str:
    return f"{rng.choice(names.PHONE_PREFIXES)} {rng.randint(1_000_000, 9_999_999)}"


def ensure_professionals(org_ids: dict[str, int], *, rng: random.Random, scale: float = 1.0) -> int:
    """Create the demo users and the staff that is still missing; return how many were
    created. One password hash is computed once and shared: every synthetic account has the
    demo password, but only is_demo accounts may skip the second factor (in demo mode)."""
    password_hash = make_password(DEMO_PASSWORD)
    taken = set(User.objects.values_list("username", flat=True))
    counts = {
        (row["organisation_id"], row["profession"]): row["n"]
        for row in User.objects.filter(organisation_id__in=org_ids.values())
        .exclude(profession="")
        .values("organisation_id", "profession")
        .annotate(n=Count("id"))
    }
    new: list[User] = []

    def add(user: User) -> None:
        taken.add(user.username)
        key = (int(user.organisation_id or 0), user.profession)
        counts[key] = counts.get(key, 0) + 1
        new.append(user)

    for demo in DEMO_USERS:
        if demo.username in taken:
            continue
        add(
            User(
                username=demo.username,
                first_name=demo.first_name,
                last_name=demo.last_name,
                email=f"{demo.username}@example.fi",
                password=password_hash,
                organisation_id=org_ids[demo.org_key],
                profession=demo.profession,
                phone=_phone(rng),
                is_demo=True,
                is_staff=demo.is_admin,
                is_superuser=demo.is_admin,
            )
        )
    for (org_key, profession), target in staff_targets(scale).items():
        spec = ORG_BY_KEY[org_key]
        org_id = org_ids[org_key]
        swedish_share = 0.5 if spec.area == "vaasa" else 0.06
        while counts.get((org_id, profession), 0) < target:
            first, last, _female = _person_name(rng, rng.random() < swedish_share)
            base = f"{names.ascii_slug(first)}.{names.ascii_slug(last)}"
            username, n = base, 1
            while username in taken:
                n += 1
                username = f"{base}{n}"
            add(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.fi",
                    password=password_hash,
                    organisation_id=org_id,
                    profession=profession,
                    phone=_phone(rng),
                    is_staff=profession == P.ADMINISTRATOR,
                )
            )
    User.objects.bulk_create(new, batch_size=500)
    return len(new)


def load_staff() -> Staff:
    """The region's active professionals in pools, read back from the database."""
    staff = Staff()
    rows = (
        User.objects.filter(is_active=True, organisation__name__in=ORG_BY_NAME)
        .exclude(profession="")
        .order_by("id")
        .values_list("id", "organisation_id", "organisation__name", "profession")
    )
    for user_id, org_id, org_name, profession in rows:
        staff.add(user_id, org_id, ORG_BY_NAME[org_name], profession)
    return staff


# --- Clients ---------------------------------------------------------------------------------


@dataclass
class _Membership:
    professional_id: int
    role: str
    responsibility: str
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    added_by_id: int | None = None
    ended_by_id: int | None = None


@dataclass
class _ConsentPlan:
    purpose: str
    organisation_ids: set[int]
    valid_from: dt.date
    valid_until: dt.date | None
    given_how: str
    recorded_by_id: int
    recorded_at: dt.datetime
    withdrawn_at: dt.datetime | None = None
    withdrawn_by_id: int | None = None


@dataclass
class _ClientPlan:
    client: Client
    status: str
    memberships: list[_Membership]
    consents: list[_ConsentPlan]


@dataclass
class GenerationStats:
    clients: int = 0
    memberships: int = 0
    consents: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    if end <= start:
        return start
    return start + (end - start) * rng.random()


class ClientGenerator:
    """Plans and writes synthetic clients in batches. Deterministic for a given seed, staff
    and `now` (dates are relative to `now`)."""

    def __init__(
        self,
        staff: Staff,
        *,
        rng: random.Random,
        now: dt.datetime | None = None,
        taken_hashes: Iterable[str] = (),
    ) -> None:
        if not staff.pool("kela", "ep"):
            raise ValueError("No staff to build client networks from: create the region first.")
        self.staff = staff
        self.rng = rng
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.used_pairs: set[tuple[int, int]] = set()
        self.taken_hashes = set(taken_hashes)

    # Planning (pure Python) -------------------------------------------------------------

    def _identity(self, client: Client) -> None:
        rng = self.rng
        while True:
            pair = (rng.randint(BIRTH_FIRST, BIRTH_LAST), rng.randint(*TEST_NUMBERS))
            if pair in self.used_pairs:
                continue
            self.used_pairs.add(pair)
            client.set_hetu(hetu_rules.build(dt.date.fromordinal(pair[0]), pair[1]))
            if client.hetu_hash not in self.taken_hashes:
                self.taken_hashes.add(client.hetu_hash)
                return

    def _person(self, client: Client) -> tuple[bool, str]:
        """Fill name, language and contact details; return (female, area)."""
        rng = self.rng
        female = rng.random() < 0.5
        kind = rng.random()
        if kind < 0.02:  # prefers English, mostly with an interpreter
            first = rng.choice(names.INTERNATIONAL_FEMALE if female else names.INTERNATIONAL_MALE)
            last = rng.choice(names.INTERNATIONAL_SURNAMES)
            client.preferred_language = Language.ENGLISH
            if rng.random() < 0.8:
                client.needs_interpreter = True
                client.interpreter_language = rng.choice(names.INTERPRETER_LANGUAGES)
            area = "vaasa" if rng.random() < 0.3 else "ep"
            credentials = rng.random() < 0.6
        elif kind < 0.11:  # Swedish-named, mostly Swedish-speaking
            first = rng.choice(names.SWEDISH_FEMALE if female else names.SWEDISH_MALE)
            if rng.random() < 0.4:
                middle = names.SWEDISH_MIDDLE_FEMALE if female else names.SWEDISH_MIDDLE_MALE
                first = f"{first} {rng.choice([m for m in middle if m != first])}"
            last = rng.choice(names.SWEDISH_SURNAMES)
            client.preferred_language = (
                Language.SWEDISH if rng.random() < 0.85 else Language.FINNISH
            )
            area = "vaasa" if rng.random() < 0.7 else "ep"
            credentials = rng.random() < 0.85
        else:
            first = rng.choice(names.FINNISH_FEMALE if female else names.FINNISH_MALE)
            if rng.random() < 0.6:
                middle = names.FINNISH_MIDDLE_FEMALE if female else names.FINNISH_MIDDLE_MALE
                first = f"{first} {rng.choice([m for m in middle if m != first])}"
            last = rng.choice(names.FINNISH_SURNAMES)
            client.preferred_language = Language.FINNISH
            roll = rng.random()
            area = "ep" if roll < 0.9 else ("vaasa" if roll < 0.96 else "other")
            credentials = rng.random() < 0.85
        client.first_names = first
        client.last_name = last
        places = names.PLACES[area]
        municipality, codes, _w = rng.choices(places, weights=[p[2] for p in places])[0]
        client.municipality = municipality
        client.postal_code = rng.choice(codes)
        street = f"{rng.choice(names.STREETS)} {rng.randint(1, 60)}"
        if rng.random() < 0.45:
            street += f" {rng.choice('ABCDEF')} {rng.randint(1, 40)}"
        client.street_address = street
        if rng.random() < 0.95:
            client.phone = _phone(rng)
        if rng.random() < 0.7:
            local = f"{names.ascii_slug(first.split()[0])}.{names.ascii_slug(last)}"
            if rng.random() < 0.5:
                local += str(rng.randint(1, 99))
            client.email = f"{local}@example.fi"
        client.has_online_credentials = credentials
        client.can_read_kela_messages = credentials and rng.random() < 0.88
        # Network pools: clients outside the two areas are served from Etelä-Pohjanmaa.
        return female, ("vaasa" if area == "vaasa" else "ep")

    def _pick(self, tag: str, area: str, exclude: set[int]) -> int | None:
        pool = self.staff.pool(tag, area)
        if not pool:
            return None
        for _ in range(6):
            user_id = self.rng.choice(pool)
            if user_id not in exclude:
                return user_id
        free = [uid for uid in pool if uid not in exclude]
        return self.rng.choice(free) if free else None

    def _responsibility(self, user_id: int) -> str:
        role = self.staff.role_of[user_id]
        if role in RESPONSIBILITY_BY_ROLE:
            return RESPONSIBILITY_BY_ROLE[role]
        options = RESPONSIBILITIES.get(self.staff.profession_of[user_id], ("",))
        return self.rng.choice(options)

    def plan(self) -> _ClientPlan:
        rng = self.rng
        now = self.now
        client = Client(status=ClientStatus.INTAKE)
        self._identity(client)
        female, area = self._person(client)
        age = client.age_on(self.today)

        roll = rng.random()
        status = (
            ClientStatus.INTAKE
            if roll < 0.02
            else ClientStatus.CLOSED
            if roll < 0.05
            else ClientStatus.ACTIVE
        )
        if status == ClientStatus.INTAKE:
            created = now - dt.timedelta(days=rng.randint(1, 14), minutes=rng.randint(0, 600))
        elif status == ClientStatus.CLOSED:
            created = now - dt.timedelta(days=rng.randint(200, 1100), minutes=rng.randint(0, 600))
        else:
            created = now - dt.timedelta(days=rng.randint(7, 1100), minutes=rng.randint(0, 600))
        client.created_at = created

        profile = rng.choices(PROFILE_NAMES, weights=_profile_weights(age, female))[0]
        coordinator_pools, candidates = PROFILES[profile]
        coordinator = self._pick(rng.choice(coordinator_pools), area, set())
        if coordinator is None:
            coordinator = self._pick("kela", area, set())
        assert coordinator is not None
        in_network = {coordinator}
        memberships: list[_Membership] = []
        consents: list[_ConsentPlan] = []

        if status == ClientStatus.INTAKE:
            client.created_by_id = coordinator
            memberships.append(
                _Membership(coordinator, NetworkRole.COORDINATOR, COORDINATOR_RESPONSIBILITY,
                            created, added_by_id=coordinator)
            )  # fmt: skip
            return _ClientPlan(client, status, memberships, consents)

        # Other members: each candidate pool by its chance, forced ones (1.0) first; 1 to 4.
        members: list[int] = []
        for tag, chance in candidates:
            if chance >= 1.0 or rng.random() < chance:
                picked = self._pick(tag, area, in_network)
                if picked is not None:
                    members.append(picked)
                    in_network.add(picked)
        if not members:
            picked = self._pick(candidates[0][0], area, in_network) or self._pick(
                "kela", area, in_network
            )
            if picked is not None:
                members.append(picked)
                in_network.add(picked)
        if len(members) > 4:
            forced = sum(1 for _t, c in candidates if c >= 1.0)
            members = members[:forced] + rng.sample(members[forced:], 4 - forced)
            in_network = {coordinator, *members}

        end = now
        if status == ClientStatus.CLOSED:
            end = _between(rng, created + dt.timedelta(days=60), now - dt.timedelta(days=7))
        closed_at = end if status == ClientStatus.CLOSED else None

        # Coordinator history: ~10% had their coordinator changed (a warm handover).
        seat_started = created
        first_coordinator = coordinator
        if rng.random() < 0.1 and end - created > dt.timedelta(days=30):
            previous = self._pick(rng.choice(("kela", "emp_coord", "social")), area, in_network)
            if previous is not None:
                in_network.add(previous)
                first_coordinator = previous
                seat_started = _between(rng, created + dt.timedelta(days=14), end)
                memberships.append(
                    _Membership(previous, NetworkRole.COORDINATOR, COORDINATOR_RESPONSIBILITY,
                                created, ended_at=seat_started, added_by_id=previous,
                                ended_by_id=previous)
                )  # fmt: skip
        client.created_by_id = first_coordinator
        memberships.append(
            _Membership(coordinator, NetworkRole.COORDINATOR, COORDINATOR_RESPONSIBILITY,
                        seat_started, ended_at=closed_at, added_by_id=first_coordinator,
                        ended_by_id=coordinator if closed_at else None)
        )  # fmt: skip
        latest_start = min(created + dt.timedelta(days=180), end)
        for member in members:
            memberships.append(
                _Membership(member, NetworkRole.MEMBER, self._responsibility(member),
                            _between(rng, created, latest_start), ended_at=closed_at,
                            added_by_id=coordinator, ended_by_id=coordinator if closed_at else None)
            )  # fmt: skip

        # Ended members as history (~20%).
        ended_members: list[_Membership] = []
        if rng.random() < 0.2:
            for _ in range(rng.choice((1, 1, 2))):
                tag = rng.choice(candidates)[0]
                former = self._pick(tag, area, in_network)
                if former is None:
                    continue
                in_network.add(former)
                started = _between(rng, created, end - dt.timedelta(days=1))
                ended = _between(rng, started, end)
                row = _Membership(former, NetworkRole.MEMBER, self._responsibility(former),
                                  started, ended_at=ended, added_by_id=coordinator,
                                  ended_by_id=coordinator)  # fmt: skip
                ended_members.append(row)
                memberships.append(row)

        # Consents.
        active_orgs = {self.staff.org_of[m] for m in (coordinator, *members)}
        valid_from = timezone.localdate(created)
        if status == ClientStatus.CLOSED:
            valid_until: dt.date | None = timezone.localdate(end)
        elif rng.random() < 0.25:
            valid_until = self.today + dt.timedelta(days=rng.randint(30, 730))
        else:
            valid_until = None
        consents.append(
            _ConsentPlan(ConsentPurpose.SERVICE_COORDINATION, active_orgs, valid_from,
                         valid_until, self._given_how(client), first_coordinator, created)
        )  # fmt: skip
        if status == ClientStatus.ACTIVE and rng.random() < 0.35:
            purpose = rng.choice(
                (ConsentPurpose.BENEFITS, ConsentPurpose.REHABILITATION, ConsentPurpose.REFERRAL)
            )
            orgs = {self.staff.org_of[coordinator]}
            orgs.update(self.staff.org_of[m] for m in rng.sample(members, min(len(members), 2)))
            start_day = valid_from + dt.timedelta(rng.randint(0, (self.today - valid_from).days))
            roll = rng.random()
            until: dt.date | None = None
            if roll < 0.2 and start_day < self.today:  # expired history
                until = start_day + dt.timedelta(rng.randint(0, (self.today - start_day).days - 1))
            elif roll < 0.6:
                until = self.today + dt.timedelta(days=rng.randint(14, 540))
            recorded = timezone.make_aware(
                dt.datetime.combine(start_day, dt.time(rng.randint(8, 15), rng.randint(0, 59)))
            )
            consents.append(
                _ConsentPlan(purpose, orgs, start_day, until, self._given_how(client),
                             coordinator, min(recorded, now))
            )  # fmt: skip
        # A withdrawn consent for a former member's organisation (the member then left).
        if ended_members and rng.random() < 0.2:
            left = ended_members[0]
            assert left.ended_at is not None
            consents.append(
                _ConsentPlan(ConsentPurpose.REFERRAL, {self.staff.org_of[left.professional_id]},
                             timezone.localdate(left.started_at), None, self._given_how(client),
                             coordinator, left.started_at,
                             withdrawn_at=_between(rng, left.started_at, left.ended_at),
                             withdrawn_by_id=coordinator)
            )  # fmt: skip
        return _ClientPlan(client, status, memberships, consents)

    def _given_how(self, client: Client) -> str:
        how = self.rng.choices(GIVEN_HOW_METHODS, weights=GIVEN_HOW_WEIGHTS)[0]
        if how == ConsentMethod.PORTAL and not client.has_online_credentials:
            how = ConsentMethod.IN_PERSON
        return how

    # Writing ----------------------------------------------------------------------------

    def write(self, plans: list[_ClientPlan], stats: GenerationStats) -> None:
        """Insert one batch in the order the guard triggers allow (see module docstring)."""
        through = Consent.organisations.through
        with transaction.atomic():
            Client.objects.bulk_create([plan.client for plan in plans])
            rows: list[NetworkMember] = []
            consent_objs: list[Consent] = []
            consent_orgs: list[set[int]] = []
            for plan in plans:
                client_id = plan.client.pk
                for m in plan.memberships:
                    rows.append(
                        NetworkMember(
                            client_id=client_id,
                            professional_id=m.professional_id,
                            role=m.role,
                            responsibility=m.responsibility,
                            started_at=m.started_at,
                            ended_at=m.ended_at,
                            added_by_id=m.added_by_id,
                            ended_by_id=m.ended_by_id,
                        )
                    )
                for c in plan.consents:
                    consent_objs.append(
                        Consent(
                            client_id=client_id,
                            purpose=c.purpose,
                            description=CONSENT_DESCRIPTIONS[c.purpose],
                            valid_from=c.valid_from,
                            valid_until=c.valid_until,
                            given_how=c.given_how,
                            recorded_by_id=c.recorded_by_id,
                            recorded_at=c.recorded_at,
                            withdrawn_at=c.withdrawn_at,
                            withdrawn_by_id=c.withdrawn_by_id,
                            withdrawal_reason=WITHDRAWAL_REASON if c.withdrawn_at else "",
                        )
                    )
                    consent_orgs.append(c.organisation_ids)
            NetworkMember.objects.bulk_create(rows)
            Consent.objects.bulk_create(consent_objs)
            through.objects.bulk_create(
                [
                    through(consent_id=consent.pk, organisation_id=org_id)
                    for consent, org_ids in zip(consent_objs, consent_orgs, strict=True)
                    for org_id in sorted(org_ids)
                ]
            )
            for status in (ClientStatus.ACTIVE, ClientStatus.CLOSED):
                ids = [plan.client.pk for plan in plans if plan.status == status]
                if ids:
                    Client.objects.filter(pk__in=ids).update(status=status)
        stats.clients += len(plans)
        stats.memberships += len(rows)
        stats.consents += len(consent_objs)
        for plan in plans:
            stats.by_status[plan.status] = stats.by_status.get(plan.status, 0) + 1

    def generate(
        self,
        count: int,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[[GenerationStats, int], None] | None = None,
    ) -> GenerationStats:
        stats = GenerationStats()
        started = time.perf_counter()
        # The cyclic garbage collector would rescan the batch's many young objects again and
        # again (about 40% of the time); collect once per batch instead.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            while stats.clients < count:
                size = min(batch_size, count - stats.clients)
                self.write([self.plan() for _ in range(size)], stats)
                gc.collect()
                stats.seconds = time.perf_counter() - started
                if progress is not None:
                    progress(stats, count)
        finally:
            if was_enabled:
                gc.enable()
        stats.seconds = time.perf_counter() - started
        return stats


# --- Entry points ----------------------------------------------------------------------------


def is_loaded() -> bool:
    """The demo data is loaded when the demo users exist."""
    return User.objects.filter(username__in=DEMO_USERNAMES, is_demo=True).exists()


def ensure_region(*, seed: int = DEFAULT_SEED, scale: float = 1.0) -> Staff:
    """Organisations and professionals (idempotent); the staff pools read back."""
    rng = random.Random(f"{seed}-staff")
    with transaction.atomic():
        org_ids = ensure_organisations()
        ensure_professionals(org_ids, rng=rng, scale=scale)
    return load_staff()


def load_demo(
    *,
    clients: int = DEFAULT_CLIENTS,
    seed: int = DEFAULT_SEED,
    now: dt.datetime | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> GenerationStats | None:
    """Build the demo region with `clients` clients in one transaction. Returns None (and
    changes nothing) if the demo data is already loaded."""
    if is_loaded():
        return None
    with transaction.atomic():
        staff = ensure_region(seed=seed)
        taken = Client.objects.values_list("hetu_hash", flat=True)
        generator = ClientGenerator(staff, rng=random.Random(seed), now=now, taken_hashes=taken)
        stats = generator.generate(clients, batch_size=batch_size)
        # Assessments, plans, meetings, agreements and handovers (polku.demo.casework).
        build_casework(seed=seed, now=now)
        extensions.build_all(seed=seed, now=now)
        return stats


def build_benchmark_data(
    *,
    clients: int,
    seed: int = DEFAULT_SEED,
    caseload: int = BENCHMARK_CASELOAD,
    batch_size: int = 2000,
    progress: Callable[[GenerationStats, int], None] | None = None,
) -> GenerationStats:
    """Top the database up to `clients` clients (running it again adds nothing), with the
    client-facing staff scaled to about `caseload` clients each. Each batch commits on its own."""
    scale = max(1.0, clients / (caseload * client_facing_staff_count()))
    staff = ensure_region(seed=seed, scale=scale)
    existing = Client.objects.count()
    missing = max(0, clients - existing)
    if missing == 0:
        return GenerationStats()
    taken = Client.objects.values_list("hetu_hash", flat=True) if existing else ()
    generator = ClientGenerator(staff, rng=random.Random(seed + existing), taken_hashes=taken)
    return generator.generate(missing, batch_size=batch_size, progress=progress)


@dataclass(frozen=True)
class DemoUserRow:
    username: str
    password: str
    profession: str
    organisation: str
    clients: int
    coordinating: int


def demo_user_rows() -> list[DemoUserRow]:
    active = Q(memberships__ended_at__isnull=True)
    users = (
        User.objects.filter(username__in=DEMO_USERNAMES)
        .select_related("organisation")
        .annotate(
            n_clients=Count("memberships", filter=active),
            n_coordinating=Count(
                "memberships", filter=active & Q(memberships__role=NetworkRole.COORDINATOR)
            ),
        )
    )
    by_name = {user.username: user for user in users}
    return [
        DemoUserRow(
            username=user.username,
            password=DEMO_PASSWORD,
            profession=str(user.get_profession_display()),
            organisation=user.organisation.name if user.organisation else "",
            clients=user.n_clients,
            coordinating=user.n_coordinating,
        )
        for name in DEMO_USERNAMES
        if (user := by_name.get(name)) is not None
    ]


def format_demo_users(rows: list[DemoUserRow]) -> str:
    header = ("Username", "Password", "Profession", "Organisation", "Clients (coord.)")
    body = [
        (r.username, r.password, r.profession, r.organisation, f"{r.clients} ({r.coordinating})")
        for r in rows
    ]
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(cells) for cells in body)])
