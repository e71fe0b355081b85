"""The map in a real browser: search in Finnish word forms, open a service page, and read it
in Swedish and English; the searches that failed in issue 15 (base forms, everyday words);
an ended benefit only in the history; every page checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from polku.catalogue import loader
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _switch_language(page, code: str) -> None:
    form = page.locator("form.language-switch")
    form.locator("select").select_option(code)
    button = form.locator("button[type=submit]")
    if button.count():
        button.first.click()
    page.wait_for_load_state("load")


def test_search_and_a_service_page_in_three_languages(page, check_page, sign_in, kela):
    loader.load()
    sign_in(ProfessionalFactory(organisation=kela))

    page.get_by_role("link", name="Palvelukartta").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kartta")
    check_page()

    page.get_by_role("link", name="Hae palveluja ja etuuksia").click()
    page.get_by_label("Hakusanat").fill("kuntoutuksen")
    page.get_by_role("button", name="Hae").click()
    expect(page).to_have_url(re.compile(r"/map/services/\?q=kuntoutuksen"))
    results = page.locator("main section").last
    expect(results.get_by_role("link", name="Kuntoutusraha", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Kuntoutuspsykoterapia", exact=True)).to_be_visible()
    check_page()

    results.get_by_role("link", name="Kuntoutusraha", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kuntoutusraha")
    expect(page.get_by_text("31,99 €/päivä")).to_be_visible()
    check_page()

    for code, title, heading in (
        ("sv", "Rehabiliteringspenning", "Vem det är för"),
        ("en", "Rehabilitation allowance", "Who it is for"),
    ):
        _switch_language(page, code)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        check_page()


def _search(page, words: str):
    page.get_by_label("Hakusanat").fill(words)
    page.get_by_role("button", name="Hae").click()
    page.wait_for_load_state("load")
    return page.locator("main section").last


def test_base_forms_everyday_words_and_ended_benefits(page, check_page, screenshot, sign_in, kela):
    loader.load()
    sign_in(ProfessionalFactory(organisation=kela))
    page.get_by_role("link", name="Palvelukartta").first.click()
    page.get_by_role("link", name="Hae palveluja ja etuuksia").click()

    # "Työtön" is the map's own life situation: its base form finds what is for the
    # unemployed, and the labour-market subsidy (ended 30.4.2026) is not offered.
    results = _search(page, "työtön")
    screenshot("map-search-tyoton")
    for name in ("Yleistuki", "Työnhakijaksi ilmoittautuminen", "Työttömien terveystarkastus"):
        expect(results.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Työmarkkinatuki", exact=True)).to_have_count(0)
    expect(results.get_by_role("link", name="Peruspäiväraha", exact=True)).to_have_count(0)
    check_page()

    results = _search(page, "sairausloma")
    for name in ("Sairauspäiväraha", "Osasairauspäiväraha"):
        expect(results.get_by_role("link", name=name, exact=True)).to_be_visible()

    results = _search(page, "pitkä sairaus")
    expect(results.get_by_role("link", name="Työkyvyttömyyseläke", exact=True)).to_be_visible()

    results = _search(page, "työkkäri")
    expect(
        results.get_by_role("link", name="Työnhakijaksi ilmoittautuminen", exact=True)
    ).to_be_visible()

    results = _search(page, "työttömänä")
    expect(results.get_by_role("link", name="Kuntouttava työtoiminta", exact=True)).to_be_visible()
    check_page()

    # The old benefit's name leads to what replaced it; its page is in the history.
    results = _search(page, "työmarkkinatuki")
    expect(results.get_by_role("link", name="Yleistuki", exact=True)).to_be_visible()
    results.get_by_role("link", name="Päättyneet palvelut ja etuudet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Päättyneet palvelut ja etuudet")
    expect(page.get_by_text("Päättyi 30.4.2026").first).to_be_visible()
    check_page()
    page.get_by_role("link", name="Työmarkkinatuki", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Työmarkkinatuki")
    expect(page.get_by_text("Päättyi 30.4.2026")).to_be_visible()
    expect(page.get_by_role("note").get_by_role("link", name="Yleistuki")).to_be_visible()
    check_page()
    screenshot("map-ended-benefit")

    # The map by life situation: "Työtön" offers yleistuki, not the ended subsidy.
    page.get_by_role("link", name="Palvelukartta").first.click()
    unemployed = page.locator("section", has=page.get_by_role("heading", name="Työtön", exact=True))
    expect(unemployed.get_by_role("link", name="Yleistuki", exact=True).first).to_be_visible()
    expect(unemployed.get_by_role("link", name="Työmarkkinatuki", exact=True)).to_have_count(0)
    check_page()
