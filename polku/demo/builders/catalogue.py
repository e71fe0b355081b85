"""Demo data of the map: the curated catalogue itself, its providers linked to the demo
region's organisations of the same kind, the region's services from Suomi.fi's service
catalogue (PTV: saved responses in polku/catalogue/ptv/saved/demo, synced like the live API),
and a catalogue curator to sign in as."""

from __future__ import annotations

import datetime as dt

from polku.accounts.models import Organisation, OrganisationKind, Profession, User
from polku.catalogue import loader, matching
from polku.catalogue.curators import ensure_curators_group
from polku.catalogue.models import Provider, Service, Source
from polku.demo.factories import ProfessionalFactory
from polku.demo.generator import DEMO_PASSWORD

CURATOR = "kartta.kuraattori"
DEMO_USERNAMES = (CURATOR,)
# Catalogue provider → the demo region's organisation that stands for it.
LINKS = {
    "Kela": OrganisationKind.KELA,
    "Kunnan työllisyyspalvelut": OrganisationKind.EMPLOYMENT,
    "Hyvinvointialueen sosiaalipalvelut": OrganisationKind.SOCIAL,
    "Hyvinvointialueen terveyspalvelut": OrganisationKind.HEALTH,
    "Ensi- ja turvakotien liitto": OrganisationKind.NGO,
}


def _load_ptv(now: dt.datetime | None) -> None:
    from polku.catalogue.ptv import client, regions, samples, sync

    transport = client.FolderTransport(samples.DEMO_DIR)
    sync.run(client.PtvClient(transport), list(regions.DEMO_AREA), full=True, now=now)


def _link_same_services() -> None:
    """What the demo's curator has done in the admin ("Matches with Suomi.fi"): each curated
    entry is linked to the Suomi.fi service of the same Finnish name from a provider of the
    same kind, when there is exactly one, so that the map holds the service once (a worker
    adding an application sees one Sairauspäiväraha, not two)."""
    ptv: dict[tuple[str, str], list[Service]] = {}
    for entry in Service.objects.current().filter(source=Source.PTV).select_related("provider"):
        ptv.setdefault((entry.name_fi.casefold(), entry.provider.kind), []).append(entry)
    for curated in (
        Service.objects.current()
        .filter(source=Source.CURATED, ptv_id__isnull=True)
        .select_related("provider")
        .order_by("pk")
    ):
        key = (curated.name_fi.casefold(), curated.provider.kind)
        if len(ptv.get(key, [])) == 1:
            matching.link(curated, ptv.pop(key)[0])


def build(*, seed: int, now: dt.datetime | None = None) -> None:
    loader.load()
    _load_ptv(now)
    _link_same_services()
    for name, kind in LINKS.items():
        organisation = Organisation.objects.filter(kind=kind).order_by("name").first()
        if organisation is not None:
            Provider.objects.filter(name=name, organisation__isnull=True).update(
                organisation=organisation
            )
    if not User.objects.filter(username=CURATOR).exists():
        kela = Organisation.objects.filter(kind=OrganisationKind.KELA).order_by("name").first()
        curator = ProfessionalFactory.create(
            username=CURATOR,
            first_name="Aino",
            last_name="Kartanokorpi",
            password=DEMO_PASSWORD,
            organisation=kela,
            profession=Profession.KELA_BENEFIT_EXPERT,
            is_demo=True,
            is_staff=True,
        )
        curator.groups.add(ensure_curators_group())


def summary() -> str:
    unverified = Service.objects.filter(verified=False).count()
    ptv = Service.objects.filter(source="ptv", is_active=True).count()
    return (
        f"Service map: {Service.objects.count()} services and benefits ({ptv} from "
        f"Suomi.fi-palvelutietovaranto) from "
        f"{Provider.objects.count()} providers ({unverified} with facts not fully verified). "
        f"Catalogue curator login (password {DEMO_PASSWORD}): {CURATOR} — /admin/."
    )
