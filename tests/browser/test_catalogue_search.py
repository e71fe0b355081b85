"""The map in a real browser: search in Finnish word forms, open a service page, and read it
in Swedish and English; every page checked with axe-core."""

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
