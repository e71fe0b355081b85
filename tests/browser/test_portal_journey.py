"""The client portal in a real browser on a phone-sized screen, in Finnish and in Swedish:
sign in with the code the coordinator gave, read the plan, withdraw a consent, answer the
feedback on a meeting, see who has looked at my information. Every page is checked with
axe-core (check_page)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from polku.meetings import services as meetings
from polku.plans.models import Goal, Plan, Step
from polku.portal import services
from polku.portal.models import Feedback
from tests.meetings.helpers import complete, plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_client_on_a_phone(page, check_page, language, client_record, coordinator, kela):
    client_record.preferred_language = language
    client_record.save()
    own_plan = Plan.objects.create(client=client_record, created_by=coordinator)
    goal = Goal.objects.create(plan=own_plan, text="Työkokeilu kahvilassa", created_by=coordinator)
    Step.objects.create(
        goal=goal,
        what="Työkokeilun aloituspalaveri",
        responsible=coordinator,
        target_date=timezone.localdate() + dt.timedelta(days=10),
        created_by=coordinator,
    )
    held = plan(
        client_record,
        coordinator,
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=2),
    )
    complete(held, coordinator)
    meetings.close_meeting(meeting=held, by=coordinator)
    code = services.create_code(client=client_record, by=coordinator)
    page.set_viewport_size(PHONE)

    page.goto("/portal/sign-in/")
    check_page()
    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("main")).to_contain_text(coordinator.get_full_name())
    check_page()

    page.locator("nav.portal-nav a[href='/portal/plan/']").click()
    expect(page.locator("main")).to_contain_text("Työkokeilu kahvilassa")
    expect(page.locator("main")).to_contain_text("Työkokeilun aloituspalaveri")
    check_page()

    page.locator("nav.portal-nav a[href='/portal/consents/']").click()
    check_page()
    page.locator("main form[action$='/withdraw/'] button").first.click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("main form[action$='/withdraw/']")).to_have_count(0)
    check_page()

    page.locator("nav.portal-nav a[href='/portal/feedback/']").click()
    form = page.locator("main form").first
    form.locator("input[value=yes]").check()
    form.locator("input[name$='-heard'][value='5']").check()
    form.locator("input[name$='-overall'][value='4']").check()
    check_page()
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    check_page()
    answer = Feedback.objects.get()
    assert answer.client is None and (answer.heard, answer.overall) == (5, 4)

    page.locator("nav.portal-nav a[href='/portal/who-looked/']").click()
    rows = page.locator("main table tbody tr")
    expect(rows.first).to_contain_text(coordinator.organisation.name)
    check_page()
