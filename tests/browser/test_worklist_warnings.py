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


def test_plan_steps_and_steps_to_assign_on_the_coordinators_worklist(
    page, check_page, screenshot, sign_in, coordinator, municipality
):
    """Nothing she owns falls off every worklist: her plan step due soon is listed like an
    agreement, and a step the chosen route left open (nobody of the providing organisation in
    the network) waits for her to assign it, linking to the plan page where she does."""
    from polku.plans import services as plans
    from polku.plans.models import Plan, Step

    client = make_client(
        coordinator=coordinator,
        first_names="Aino",
        last_name="Polkunen",
        consent_organisations=[municipality],
    )
    goal = plans.add_goal(
        client=client,
        by=coordinator,
        expected_version=plans.NO_PLAN_YET,
        text="Haluan takaisin työelämään",
    )
    today = timezone.localdate()

    def version():
        return Plan.objects.get(client=client).version

    mine = plans.add_step(
        goal=goal,
        by=coordinator,
        expected_version=version(),
        what="Ammatillisen kuntoutuksen selvitys",
        target_date=today + dt.timedelta(days=3),
        responsible=coordinator,
    )
    left_open = plans.add_step(
        goal=goal,
        by=coordinator,
        expected_version=version(),
        what="Työkokeilu lounasravintolassa",
        target_date=today + dt.timedelta(days=5),
        organisation=municipality,
        open_for_assignment=True,
    )

    sign_in(coordinator)
    page.goto("/worklist/")
    steps = page.locator("section[aria-labelledby=steps-heading]")
    expect(steps.locator("h2")).to_have_text("Omat erääntyvät suunnitelman vaiheet")
    row = steps.locator(f"tr[data-step='{mine.pk}']")
    expect(row).to_contain_text("Polkunen, Aino")
    expect(row).to_contain_text("Ammatillisen kuntoutuksen selvitys")
    due = mine.target_date
    expect(row).to_contain_text(f"{due.day}.{due.month}.{due.year}")
    expect(row).to_contain_text("Erääntyy")
    to_assign = page.locator("section[aria-labelledby=assign-heading]")
    expect(to_assign.locator("h2")).to_have_text(
        "Suunnitelman vaiheet, joille pitää antaa vastuuhenkilö"
    )
    open_row = to_assign.locator(f"tr[data-step='{left_open.pk}']")
    expect(open_row).to_contain_text("Työkokeilu lounasravintolassa")
    expect(open_row).to_contain_text(municipality.name)
    check_page()
    screenshot("worklist-plan-steps")

    open_row.get_by_role("link", name="Anna vastuuhenkilö suunnitelman sivulla").click()
    expect(page).to_have_url(re.compile(rf"/clients/{client.pk}/plan/#unassigned-heading$"))
    check_page()
    form = page.locator(f"form[action$='/plan/steps/{left_open.pk}/assign/']")
    form.locator("select").select_option(str(coordinator.pk))
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/clients/{client.pk}/plan/#step-{left_open.pk}$"))
    assert Step.objects.get(pk=left_open.pk).responsible_id == coordinator.pk

    page.goto("/worklist/")
    expect(to_assign).to_contain_text(
        "Mikään suunnitelman vaihe ei odota, että annat sille vastuuhenkilön."
    )
    expect(steps.locator(f"tr[data-step='{left_open.pk}']")).to_have_count(1)
    check_page()
