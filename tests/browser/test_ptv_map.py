"""The map with PTV services in a real browser: filter by municipality and life event, open a
PTV service page with its source, channels and opening hours; every page checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from polku.catalogue import loader
from polku.catalogue.ptv import client, samples, sync
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_filter_the_map_by_municipality_and_open_a_ptv_service(
    page, check_page, sign_in, kela, tmp_path
):
    loader.load()
    samples.write(tmp_path / "ptv", ("743", "408"), compress=False)
    sync.run(client.PtvClient(client.FolderTransport(tmp_path / "ptv")), ["743", "408"])
    sign_in(ProfessionalFactory(organisation=kela))

    page.goto("/map/")
    expect(page.get_by_text("Suomi.fi-palvelutietovarannosta")).to_be_visible()
    check_page()
    page.goto("/map/services/")
    page.get_by_label("Hakusanat").fill("työpaja")
    page.locator("#id_municipality").select_option(label="Lapua")
    page.locator("#id_life_event").select_option(value="KE9")
    page.get_by_role("button", name="Hae").click()
    expect(page).to_have_url(re.compile(r"municipality=408"))
    results = page.locator("main section").last
    expect(results.get_by_role("link", name="Nuorten työpaja, Lapua")).to_be_visible()
    expect(results.get_by_role("link", name="Nuorten työpaja, Seinäjoki")).to_have_count(0)
    expect(results.get_by_text("Lähde: Suomi.fi-palvelutietovaranto").first).to_be_visible()
    check_page()

    results.get_by_role("link", name="Nuorten työpaja, Lapua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nuorten työpaja, Lapua")
    expect(page.get_by_role("heading", name="Missä ja miten")).to_be_visible()
    expect(page.get_by_text("ma–to 08:00–16:00")).to_be_visible()
    expect(page.locator("main a[href^='https://www.suomi.fi/palvelut/']").first).to_be_visible()
    check_page()
