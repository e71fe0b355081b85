"""Polku's own 404 in a real browser, in Finnish: a social worker in a client's network opens
the client's page, the client's consent is withdrawn, and the same address now shows Polku's
404 with the site's header and menu and a way back to her clients (never Django's English
"Not Found"). axe-core checks each page (check_page)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from polku.accounts.models import Profession
from polku.clients import services
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client
from tests.visible_language import findings

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_professional_cut_off_by_a_withdrawn_consent_sees_polkus_404(
    page, check_page, screenshot, sign_in, coordinator
):
    social = OrganisationFactory(name="Seinäjoen aikuissosiaalityö", kind="social")
    worker = ProfessionalFactory(
        username="sosiaalityontekija", organisation=social, profession=Profession.SOCIAL_WORKER
    )
    client = make_client(coordinator=coordinator, first_names="Aino", last_name="Peruttu")
    consent = services.give_consent(
        client=client,
        by=coordinator,
        organisations=[social],
        purpose="coordination",
        given_how="in_person",
        valid_from=timezone.localdate() - dt.timedelta(days=1),
    )
    services.add_member(client=client, by=coordinator, professional=worker)

    sign_in(worker)
    page.goto(f"/clients/{client.pk}/")
    expect(page.locator("h1")).to_contain_text("Peruttu")
    check_page()

    services.withdraw_consent(consent=consent, by=coordinator)
    response = page.goto(f"/clients/{client.pk}/")
    assert response is not None and response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page).to_have_title("Sivua ei löytynyt – Polku")
    expect(page.locator("h1")).to_have_text("Sivua ei löytynyt")
    menu = page.get_by_role("navigation", name="Päävalikko")
    expect(menu.get_by_role("link", name="Omat asiakkaat")).to_be_visible()
    expect(page.locator("main")).to_contain_text("kun asiakkaan suostumus kattaa organisaatiosi")
    expect(page.locator("body")).not_to_contain_text("Peruttu")
    assert findings(page.locator("body").inner_text(), "fi") == []
    check_page()
    screenshot("error-404-withdrawn-consent")

    page.get_by_role("link", name="Takaisin omiin asiakkaisiin").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    check_page()
