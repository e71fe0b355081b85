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
    expect(steps.locator("h2")).to_have_text("Omat erääntyvät suunnitelman askeleet")
    row = steps.locator(f"tr[data-step='{mine.pk}']")
    expect(row).to_contain_text("Polkunen, Aino")
    expect(row).to_contain_text("Ammatillisen kuntoutuksen selvitys")
    due = mine.target_date
    expect(row).to_contain_text(f"{due.day}.{due.month}.{due.year}")
    expect(row).to_contain_text("Erääntyy")
    to_assign = page.locator("section[aria-labelledby=assign-heading]")
    expect(to_assign.locator("h2")).to_have_text(
        "Suunnitelman askeleet, joille pitää antaa vastuuhenkilö"
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
        "Mikään suunnitelman askel ei odota, että annat sille vastuuhenkilön."
    )
    expect(steps.locator(f"tr[data-step='{left_open.pk}']")).to_have_count(1)
    check_page()


def test_my_open_alerts_say_what_and_since_when(
    page, check_page, screenshot, sign_in, coordinator, kela
):
    """ "My open alerts" tells what is wrong and since when — the client's last contact — in
    Finnish dates, not the day the daily scan first noticed it; so does the team view,
    without the client's identity."""
    from polku.clients.models import Client
    from polku.meetings.models import Agreement
    from polku.worklists import scan
    from tests.factories import ProfessionalFactory
    from tests.worklists.conftest import agreement, at, meeting

    today = timezone.localdate()
    quiet = make_client(coordinator=coordinator, first_names="Aino", last_name="Hiljanen")
    Client.objects.filter(pk=quiet.pk).update(created_at=at(today - dt.timedelta(days=200)))
    meeting(quiet, coordinator, day=today - dt.timedelta(days=75))
    late = make_client(coordinator=coordinator, first_names="Ville", last_name="Myöhänen")
    agreement(
        late, coordinator, due_on=today - dt.timedelta(days=9), day=today - dt.timedelta(days=20)
    )
    assert Agreement.objects.count() == 1
    scan.run_scan(today=today)

    def finnish(day: dt.date) -> str:
        return f"{day.day}.{day.month}.{day.year}"

    last = finnish(today - dt.timedelta(days=75))
    sign_in(coordinator)
    page.goto("/worklist/")
    section = page.locator("section[aria-labelledby=alerts-heading]")
    expect(section.locator("h2")).to_have_text("Omat avoimet hälytykset")
    expect(section.locator("thead")).to_contain_text("Mistä lähtien")
    no_contact = section.locator("tr[data-alert-rule=no_contact]")
    expect(no_contact).to_contain_text("Hiljanen, Aino")
    expect(no_contact).to_contain_text(f"Ei yhteyttä 75 päivään ({last} alkaen)")
    nothing_agreed = section.locator("tr[data-alert-rule=no_next_contact]", has_text="Hiljanen")
    expect(nothing_agreed).to_contain_text(f"Ei sovittua yhteydenottoa {last} jälkeen (75 päivää)")
    overdue = section.locator("tr[data-alert-rule=agreement_overdue]")
    expect(overdue).to_contain_text("Myöhänen, Ville")
    expect(overdue).to_contain_text(
        f"Myöhässä 9 päivää (eräpäivä {finnish(today - dt.timedelta(days=9))})"
    )
    # Ville was recorded today: nothing agreed after that, since today.
    expect(
        section.locator("tr[data-alert-rule=no_next_contact]", has_text="Myöhänen")
    ).to_contain_text("Tästä päivästä alkaen")
    expect(section).not_to_contain_text("Havaittu")
    check_page()
    screenshot("worklist-open-alerts")

    manager = ProfessionalFactory(
        username="esihenkilo", organisation=kela, profession="service_manager"
    )
    page.context.clear_cookies()
    sign_in(manager, lands_on="/team/")
    risk = page.locator("section[aria-labelledby=risk-heading]")
    expect(risk).to_contain_text(f"Ei yhteyttä 75 päivään ({last} alkaen)")
    expect(risk).not_to_contain_text("Hiljanen")
    check_page()
    screenshot("team-view-alerts")
