"""The knot page's "Add an application" list offers each choice a worker makes once, named so
that real differences show: the map can hold a curated entry and the same service from
Suomi.fi (PTV) not yet linked by a curator, and the same service from several providers. The
demo's curator links the curated entries to their Suomi.fi twins, so the map holds them once."""

import re
import uuid

import pytest

from polku.accounts.models import OrganisationKind
from polku.catalogue.models import Service
from polku.demo.builders import catalogue as catalogue_demo
from tests.factories import ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _entry(slug, name, provider, source="curated"):
    return ServiceFactory(
        slug=slug,
        name_fi=name,
        name_sv=name,
        name_en=name,
        provider=provider,
        source=source,
        ptv_id=uuid.uuid4() if source == "ptv" else None,
    )


def _offered(page: str) -> list[str]:
    select = page.split('name="app-service"', 1)[1].split("</select>", 1)[0]
    return [re.sub(r"\s+", " ", o).strip() for o in re.findall(r"<option[^>]*>([^<]*)<", select)]


def test_one_entry_per_choice_and_providers_named(signed_in, client_record):
    kela = ProviderFactory(name="Kela", kind=OrganisationKind.KELA)
    _entry("sairauspaivaraha", "Sairauspäiväraha", kela)
    _entry("ptv-sairauspaivaraha", "Sairauspäiväraha", kela, source="ptv")
    generic = ProviderFactory(name="Hyvinvointialueen sosiaalipalvelut", kind="social")
    county = ProviderFactory(name="Etelä-Pohjanmaan hyvinvointialue", kind="social")
    _entry("aikuissosiaalityo", "Aikuissosiaalityö", generic)
    _entry("ptv-aikuissosiaalityo", "Aikuissosiaalityö", county, source="ptv")
    page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
    offered = _offered(page)
    assert offered.count("Sairauspäiväraha") == 1  # the same service from the same provider
    assert "Aikuissosiaalityö" not in offered  # two providers: each named
    assert "Aikuissosiaalityö (Hyvinvointialueen sosiaalipalvelut)" in offered
    assert "Aikuissosiaalityö (Etelä-Pohjanmaan hyvinvointialue)" in offered
    assert len(offered) == len(set(offered))


def test_the_curated_entry_is_the_one_offered(signed_in, client_record, coordinator):
    kela = ProviderFactory(name="Kela", kind=OrganisationKind.KELA)
    ptv = _entry("ptv-kuntoutusraha", "Kuntoutusraha", kela, source="ptv")
    curated = _entry("kuntoutusraha", "Kuntoutusraha", kela)
    page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
    assert f'value="{curated.pk}"' in page and f'value="{ptv.pk}"' not in page


def test_the_demo_links_curated_entries_to_their_suomi_fi_twins():
    kela = ProviderFactory(name="Kela", kind=OrganisationKind.KELA)
    curated = _entry("sairauspaivaraha", "Sairauspäiväraha", kela)
    twin = _entry("ptv-sairauspaivaraha", "Sairauspäiväraha", kela, source="ptv")
    ptv_id = twin.ptv_id
    county = ProviderFactory(name="Etelä-Pohjanmaan hyvinvointialue", kind="social")
    other = _entry("ptv-digituki", "Sairauspäiväraha", county, source="ptv")  # another kind
    catalogue_demo._link_same_services()
    curated.refresh_from_db()
    twin.refresh_from_db()
    assert curated.ptv_id == ptv_id and not twin.is_active and twin.replaced_by == curated
    assert Service.objects.get(pk=other.pk).is_active


def test_a_municipalitys_own_service_is_offered_where_the_client_lives(signed_in, client_record):
    town = ProviderFactory(name="Seinäjoen kaupunki", kind="employment")
    here = _entry("digituki-seinajoki", "Digituki, Seinäjoki", town, source="ptv")
    Service.objects.filter(pk=here.pk).update(municipalities=["743"])
    other = ProviderFactory(name="Lapuan kaupunki", kind="employment")
    there = _entry("digituki-lapua", "Digituki, Lapua", other, source="ptv")
    Service.objects.filter(pk=there.pk).update(municipalities=["408"])
    everywhere = ProviderFactory(name="Etelä-Pohjanmaan hyvinvointialue", kind="social")
    county = _entry("aikuissosiaalityo", "Aikuissosiaalityö", everywhere, source="ptv")
    Service.objects.filter(pk=county.pk).update(municipalities=["408", "743"])
    client_record.municipality = "Seinäjoki"
    client_record.save()
    offered = _offered(signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode())
    assert "Digituki, Seinäjoki" in offered and "Digituki, Lapua" not in offered
    assert "Aikuissosiaalityö" in offered
    client_record.municipality = ""  # not known: every one, each named with its municipality
    client_record.save()
    offered = _offered(signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode())
    assert "Digituki, Seinäjoki" in offered and "Digituki, Lapua" in offered
