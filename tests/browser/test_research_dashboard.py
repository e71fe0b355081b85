"""The management dashboard in a real browser: a service manager opens it, filters by age
band, sees every chart drawn and downloads one indicator's table as CSV. Every page is checked
with axe-core (check_page)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from polku.accounts.models import Profession
from polku.research import indicators
from tests.factories import ProfessionalFactory, make_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_filter_and_download(page, check_page, sign_in, coordinator, municipality):
    for n in range(5):
        make_client(coordinator=coordinator, first_names=f"Testi{n}")
    manager = ProfessionalFactory(
        organisation=municipality, profession=Profession.SERVICE_MANAGER, username="esimies"
    )
    sign_in(manager)
    page.locator("nav a[href='/research/']").first.click()
    expect(page).to_have_url(re.compile(r"/research/$"))
    expect(page.get_by_test_id("value-capacity")).to_have_text("5,0")
    check_page()

    charts = page.locator("article.indicator figure svg[role=img]")
    expect(charts).to_have_count(len(indicators.REGISTRY))
    box = charts.first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100  # drawn, not collapsed

    page.locator("#id_age_band").select_option("50_plus")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"age_band=50_plus"))
    check_page()

    with page.expect_download() as download:
        page.locator("a[href^='/research/tables/capacity.csv']").click()
    path = download.value.path()
    text = Path(path).read_text(encoding="utf-8")
    assert text.splitlines()[0].count(",") == 1
    assert "age_band=50_plus" in download.value.url
