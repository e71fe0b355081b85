"""The assessment in a real browser: make an assessment with a low score, see the signposts on
the client overview, the detail and the versions; axe-core finds no serious or critical
violation on any of these pages and the Content-Security-Policy holds (no inline styles)."""

import re

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from playwright.sync_api import expect

from polku.assessment.models import Assessment
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _url(path: str) -> re.Pattern:
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


@pytest.fixture
def signed_in_page(page, live_server, coordinator):
    """Signed in with the second factor done, by the session cookie of Django's test client."""
    http = login(HttpClient(), coordinator)
    page.context.add_cookies(
        [{"name": "sessionid", "value": http.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_assess_a_client_and_see_the_signposts(signed_in_page, check_page, client_record):
    browser = signed_in_page
    base = f"/clients/{client_record.pk}/"
    browser.goto(base)
    section = browser.locator("section[aria-labelledby=assessment-heading]")
    expect(section).to_be_visible()
    check_page()

    section.locator(f"a[href='{base}assessments/new/']").click()
    expect(browser).to_have_url(_url(f"{base}assessments/new/"))
    check_page()
    form = browser.locator("main form[method=post]")
    form.locator("select[name=work_ability_score]").select_option("3")
    form.locator("input[name=sickness_absence_days]").fill("45")
    form.locator("select[name=health_functioning__client_status]").select_option("2")
    form.locator("select[name=health_functioning__professional_status]").select_option("1")
    form.locator("input[name=health_functioning__support_needed]").check()
    form.locator("textarea[name=health_functioning__client_view]").fill("Selkä on kipeä.")
    form.locator("textarea[name=goals_dreams__client_view]").fill("Haluan kokkiopintoihin.")
    form.locator("textarea[name=housing__professional_view]").fill("<b>lihavoitu</b>")
    form.locator("button[type=submit]").click()

    expect(browser.locator(".error-summary")).to_be_visible()
    expect(
        browser.locator(".error-summary a[href='#id_housing__professional_view']")
    ).to_have_count(1)
    check_page()
    assert not Assessment.objects.exists()
    form.locator("textarea[name=housing__professional_view]").fill("Vuokra-asunto, vakaa.")
    form.locator("button[type=submit]").click()

    assessment = Assessment.objects.get(client=client_record)
    expect(browser).to_have_url(_url(f"{base}assessments/{assessment.pk}/"))
    expect(browser.locator("[data-signpost=low_work_ability]")).to_be_visible()
    check_page()

    browser.goto(base)
    for code in ("low_work_ability", "long_sickness_absence", "serious_health_difficulty"):
        expect(section.locator(f"[data-signpost={code}]")).to_be_visible()
    check_page()

    browser.goto(f"{base}assessments/")
    expect(browser.locator("main table").first).to_contain_text("3/10")
    check_page()
    assert assessment.assessed_on == timezone.localdate()
