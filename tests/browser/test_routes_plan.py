"""The route plan in a real browser: from the client overview to the route plan, open one
euro's explanation, choose a route together, see its checkpoints as plan steps. Every page is
checked with axe-core (no serious or critical WCAG 2.1 A/AA violation) and a CSP violation
fails the test (fixtures of tests/browser/conftest.py). The real rules engine computes."""

import re

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from playwright.sync_api import expect

from polku.plans.models import Step
from polku.routes import services
from polku.routes.models import RouteChoice
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(page, live_server, user):
    http = login(HttpClient(), user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": http.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_route_plan_explain_a_euro_and_choose_a_route(
    page, check_page, live_server, coordinator, client_record
):
    services.update_facts(
        client=client_record,
        by=coordinator,
        expected_version=0,
        values={
            "adults_in_household": 1,
            "children_in_household": 0,
            "housing_cost": "620",
            "unemployment_benefit": True,
            "jobseeker_registered": True,
            "on_sick_leave": False,
            "annual_earned_income": "12000",
        },
    )
    _signed_in(page, live_server, coordinator)
    page.goto(f"/clients/{client_record.pk}/")
    check_page()
    page.locator(f"a[href='/clients/{client_record.pk}/routes/']").first.click()
    expect(page).to_have_url(re.compile(rf"/clients/{client_record.pk}/routes/$"))
    expect(page.locator("svg.routes-chart").first).to_be_visible()
    expect(page.locator("table.routes-income").first).to_be_visible()
    check_page()

    first_euro = page.locator("table.routes-income details.routes-explain").first
    first_euro.locator("summary").click()
    expect(first_euro.locator(".routes-explain__body")).to_be_visible()
    expect(first_euro.locator(".routes-explain__body")).to_contain_text("€")
    check_page()

    form = page.locator("form.routes-choose")
    route_id = form.locator("select[name=route] option").first.get_attribute("value")
    form.locator("select[name=route]").select_option(route_id)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/clients/{client_record.pk}/plan/#goal-\d+$"))
    choice = RouteChoice.objects.get()
    steps = list(Step.objects.filter(goal_id=choice.goal_id).order_by("target_date"))
    assert steps
    for step in steps:
        expect(page.locator(f"#step-{step.pk}")).to_be_visible()
    check_page()
