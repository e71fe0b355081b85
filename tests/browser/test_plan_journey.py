"""The plan in a real browser: from the client overview to the plan, add a goal and a step,
change the step's status, see the client's path. Every page is checked with axe-core (no
serious or critical WCAG 2.1 A/AA violation) and a CSP violation fails the test
(fixtures of tests/browser/conftest.py)."""

import re

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from playwright.sync_api import expect

from polku.catalogue import loader
from polku.clients import services as client_services
from polku.plans.models import Goal, Step
from polku.route_plans import services as route_services
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory
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
    loader.load()  # the map the step's service is chosen from
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
    form.locator("select[name=service]").select_option(label="Työkokeilu")  # from the map
    day = in_days(14)
    form.locator("input[name=target_date]").fill(f"{day.day}.{day.month}.{day.year}")
    form.locator("button[type=submit]").click()
    step = Step.objects.get()
    expect(page).to_have_url(re.compile(rf"/plan/#step-{step.pk}$"))
    expect(page.locator(f"#step-{step.pk}")).to_contain_text("Työkokeilu lounasravintolassa")
    expect(page.locator(f"#step-{step.pk} a[href='/map/services/tyokokeilu/']")).to_have_text(
        "Työkokeilu"
    )
    assert step.service_id and step.service_name == ""
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


def test_a_step_nobody_is_responsible_for_is_assigned_on_the_plan(
    page, check_page, live_server, coordinator, client_record
):
    """A route step whose provider has nobody in the client's network (here the social
    services' rehabilitative work activity) waits on the plan page with its organisation;
    the coordinator assigns it there, and it is no longer open."""
    loader.load()
    social = OrganisationFactory(name="Seinäjoen sosiaalipalvelut", kind="social")
    employment = OrganisationFactory(name="Seinäjoen työllisyyspalvelut", kind="employment")
    counsellor = ProfessionalFactory(
        first_name="Sanna", last_name="Mäkelä", organisation=employment
    )
    client_services.add_member(client=client_record, by=coordinator, professional=counsellor)
    client_services.give_consent(
        client=client_record,
        by=coordinator,
        organisations=[coordinator.organisation, employment],
        purpose="coordination",
        given_how="in_person",
        valid_from=in_days(0),
    )
    route_services.update_facts(
        client=client_record,
        by=coordinator,
        expected_version=0,
        values={"unemployed_months": 14, "jobseeker_registered": True},
    )
    choice = route_services.choose_route(
        client=client_record,
        by=coordinator,
        route_id="work_activity_to_work",
        goal_text="Haluan päästä arjessa liikkeelle ja sitten töihin",
    )
    first, *rest = Step.objects.filter(goal_id=choice.goal_id).order_by("target_date")
    assert first.responsible_id is None and first.organisation_id == social.pk
    assert all(s.responsible_id == counsellor.pk for s in rest)

    _signed_in(page, live_server, coordinator)
    page.goto(f"/clients/{client_record.pk}/")
    expect(page.locator("main")).to_contain_text(
        "1 suunnitelman askel on vielä ilman vastuuhenkilöä"
    )
    check_page()
    page.locator(f"a[href='/clients/{client_record.pk}/plan/#unassigned-heading']").click()
    section = page.locator("section.plan-unassigned")
    expect(section.locator("h2")).to_have_text("Askeleet ilman vastuuhenkilöä")
    expect(section).to_contain_text("Kuntouttava työtoiminta: Aktivointisuunnitelma arvioitu")
    expect(section).to_contain_text("Seinäjoen sosiaalipalvelut")
    expect(page.locator(f"#step-{first.pk}")).to_contain_text("Ei vielä kukaan")
    check_page()
    page.screenshot(path="/tmp/polku-shots/plan-unassigned.png", full_page=True)  # noqa: S108

    section.locator("select").select_option(str(coordinator.pk))
    section.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/plan/#step-{first.pk}$"))
    expect(page.locator("section.plan-unassigned")).to_have_count(0)
    expect(page.locator(f"#step-{first.pk}")).to_contain_text(coordinator.get_full_name())
    expect(page.locator(f"#step-{first.pk}")).to_contain_text("Seinäjoen sosiaalipalvelut")
    check_page()
    first.refresh_from_db()
    assert first.responsible_id == coordinator.pk and first.organisation_id == social.pk


def test_a_goal_with_an_open_step_is_closed_only_with_the_step_settled(
    page, check_page, live_server, coordinator, client_record
):
    """Marking a goal achieved while a step is open is refused, naming the step; choosing
    what happens to the open steps on the same form closes the goal and the step together."""
    from polku.plans import services
    from tests.plans.helpers import goal as add_goal
    from tests.plans.helpers import step as add_step

    made = add_goal(client_record, coordinator)
    other = add_goal(client_record, coordinator, text="Haluan ajokortin")
    open_step = add_step(made, coordinator, client_record, what="Työkokeilu kahvilassa")
    _signed_in(page, live_server, coordinator)
    page.goto(f"/clients/{client_record.pk}/plan/goals/{made.pk}/edit/")
    check_page()
    expect(page.locator("#open-steps-heading")).to_have_text("Tavoitteen avoimet askeleet")
    link = page.locator(f"main a[href='/clients/{client_record.pk}/plan/#step-{open_step.pk}']")
    expect(link).to_have_text("Työkokeilu kahvilassa")
    form = page.locator("main form[method=post]")
    form.locator("select[name=status]").select_option("achieved")
    form.locator("button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Tavoitteella on vielä avoimia askeleita: “Työkokeilu kahvilassa”"
    )
    check_page()
    assert Goal.objects.get(pk=made.pk).status == "active"
    form = page.locator("main form[method=post]")
    form.locator("select[name=status]").select_option("achieved")
    form.locator("select[name=open_steps_all]").select_option(label="Tehty")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/plan/#goal-{made.pk}$"))
    check_page()
    open_step.refresh_from_db()
    assert Goal.objects.get(pk=made.pk).status == "achieved" and open_step.status == "done"
    assert services.open_steps_of(other) == []
