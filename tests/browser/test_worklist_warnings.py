"""The coordinator's worklist in a real browser, in Finnish: early warnings of declining work
ability (seed 001: "recognise declining work ability in time") appear there, not only on the
client page, for the clients she coordinates. axe-core checks the page (check_page)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from polku.assessment import services as assessments
from tests.factories import make_client

pytestmark = pytest.mark.django_db(transaction=True)


def _assess(client, by, *, score, days_ago=0, absence=None):
    return assessments.record_assessment(
        client=client,
        by=by,
        assessed_on=timezone.localdate() - dt.timedelta(days=days_ago),
        work_ability_score=score,
        sickness_absence_days=absence,
        domains={},
    )


def test_early_warnings_on_the_coordinators_worklist(
    page, check_page, screenshot, sign_in, coordinator
):
    declining = make_client(coordinator=coordinator, first_names="Aino", last_name="Verkkonen")
    _assess(declining, coordinator, score=8, days_ago=120)
    latest = _assess(declining, coordinator, score=5, absence=35)
    steady = make_client(coordinator=coordinator, first_names="Ville", last_name="Vakaa")
    _assess(steady, coordinator, score=8)

    sign_in(coordinator)
    page.goto("/worklist/")
    expect(page).to_have_url(re.compile(r"/worklist/$"))
    section = page.locator("section[aria-labelledby=warnings-heading]")
    expect(section.locator("h2")).to_have_text("Varhaiset merkit: työkyky voi olla heikkenemässä")
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_contain_text("Verkkonen, Aino")
    for code in ("low_work_ability", "work_ability_drop", "long_sickness_absence"):
        expect(row.locator(f"[data-signpost={code}]")).to_have_count(1)
    expect(row).to_contain_text("Seuraava askel:")
    expect(row.locator(f"a[href='/clients/{declining.pk}/assessments/{latest.pk}/']")).to_have_text(
        f"{latest.assessed_on.day}.{latest.assessed_on.month}.{latest.assessed_on.year}"
    )
    check_page()
    screenshot("worklist-early-warnings")
    row.locator(f"a[href='/clients/{declining.pk}/']").click()
    expect(page).to_have_url(re.compile(rf"/clients/{declining.pk}/$"))
    check_page()
