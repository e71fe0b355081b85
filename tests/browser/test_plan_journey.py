"""The plan in a real browser: from the client overview to the plan, add a goal and a step,
change the step's status, see the client's path. Every page is checked with axe-core (no
serious or critical WCAG 2.1 A/AA violation) and a CSP violation fails the test
(fixtures of tests/browser/conftest.py)."""

import re

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from playwright.sync_api import expect

from polku.plans.models import Goal, Step
from tests.conftest import login
from tests.plans.helpers import in_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(page, live_server, user):
    """The session of a professional who has done both factors, given to the browser."""
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


def test_build_a_plan_and_see_the_path(page, check_page, live_server, coordinator, client_record):
    _signed_in(page, live_server, coordinator)
    page.goto(f"/clients/{client_record.pk}/")
    check_page()
    page.locator(f"a[href='/clients/{client_record.pk}/plan/']").first.click()
    expect(page).to_have_url(re.compile(rf"/clients/{client_record.pk}/plan/$"))
    check_page()

    page.locator(f"a[href='/clients/{client_record.pk}/plan/goals/new/']").click()
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("button[type=submit]").click()  # empty: the error summary
    expect(page.locator(".error-summary")).to_be_visible()
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("textarea[name=text]").fill("Haluan töihin keittiöön")
    form.locator("button[type=submit]").click()
    goal = Goal.objects.get()
    expect(page).to_have_url(re.compile(rf"/plan/#goal-{goal.pk}$"))
    check_page()

    page.locator(f"a[href='/clients/{client_record.pk}/plan/goals/{goal.pk}/steps/new/']").click()
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("textarea[name=what]").fill("Työkokeilu lounasravintolassa")
    form.locator("select[name=responsible]").select_option(str(coordinator.pk))
    form.locator("input[name=service_name]").fill("Työkokeilu")
    day = in_days(14)
    form.locator("input[name=target_date]").fill(f"{day.day}.{day.month}.{day.year}")
    form.locator("button[type=submit]").click()
    step = Step.objects.get()
    expect(page).to_have_url(re.compile(rf"/plan/#step-{step.pk}$"))
    expect(page.locator(f"#step-{step.pk}")).to_contain_text("Työkokeilu lounasravintolassa")
    check_page()

    row = page.locator(f"#step-{step.pk}")
    row.locator("select").select_option("done")
    row.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/plan/#step-{step.pk}$"))
    check_page()
    step.refresh_from_db()
    assert step.status == "done" and step.done_on is not None

    page.goto(f"/clients/{client_record.pk}/path/")
    expect(page.locator("main")).to_contain_text("Työkokeilu lounasravintolassa")
    check_page()
