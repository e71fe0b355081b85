"""Opening a benefit knot in a real browser: the coordinator sees the client's knot with its
deadlock and the order that opens it, runs an "open the knot" meeting — one blocker resolved
at the table, one turned into the client's own agreement — sees the knot shrink, and reads the
plain-language summary for the client. Every page is checked with axe-core (check_page)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.knots.conftest import story  # noqa: F401 - the seeds' story, as a fixture
from tests.meetings.helpers import plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_open_the_knot_in_one_meeting(
    page,
    check_page,
    sign_in,
    coordinator,
    client_record,
    story,  # noqa: F811
):
    meeting = plan(client_record, coordinator)
    sign_in(coordinator)

    page.goto(f"/clients/{client_record.pk}/knot/")
    expect(page.locator("#deadlock-heading")).to_be_visible()
    deadlock = page.locator("section[aria-labelledby=deadlock-heading] li").first
    expect(deadlock).to_contain_text("Kuntoutusraha")
    expect(deadlock).to_contain_text("Yleistuki")
    first_row = page.locator("section[aria-labelledby=order-heading] tbody tr").first
    expect(first_row).to_contain_text("Palkkatodistus")
    expect(page.locator("figure.knot-graph svg")).to_be_visible()
    check_page()

    base = f"/clients/{client_record.pk}/meetings/{meeting.pk}/"
    page.goto(base)
    check_page()
    page.locator(f"form[action='{base}knot/start/'] button").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(base)}knot/$"))
    open_now = page.get_by_test_id("open-now")
    expect(open_now).to_have_text("4")
    expect(page.locator("#step-heading")).to_contain_text("1")
    check_page()

    # the pay certificate is handed over at the table
    page.locator("button[name=decision][value=resolved]").click()
    expect(open_now).to_have_text("3")
    check_page()

    # the next one becomes the client's own agreement, with a date
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    page.locator("#id_agreement-what").fill("Tuon vuokrasopimuksen Kelaan")
    page.locator("#id_agreement-owner").select_option("client")
    page.locator("#id_agreement-due_on").fill(due)
    page.locator("button[name=decision][value=agree]").click()
    expect(page.locator("section[aria-labelledby=done-heading] tbody tr")).to_have_count(2)
    check_page()

    page.locator(f"form[action='{base}knot/finish/'] button").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(base)}knot/summary/$"))
    expect(page.locator("main")).to_contain_text("Tuon vuokrasopimuksen Kelaan")
    expect(page.locator("main")).to_contain_text("Asumistuki")
    check_page()
