"""The route plan in a real browser: from the client overview to the route plan, open one
euro's explanation, choose a route together, see its checkpoints as plan steps. Every page is
checked with axe-core (no serious or critical WCAG 2.1 A/AA violation) and a CSP violation
fails the test (fixtures of tests/browser/conftest.py). The real rules engine computes.

The second test walks seed 004 ("Kartta ja reittisuunnitelma työkyvyn tueksi") in Finnish:
at an obstacle the client and the professional see every route, the closed ones with what
would open them (and no way to choose them), choose the route that suits the client with the
goal in the client's own words, and each step goes to the organisation that provides it."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from playwright.sync_api import expect

from polku.catalogue import loader
from polku.clients import hetu
from polku.clients import services as client_services
from polku.plans.models import Goal, Step
from polku.route_plans import services
from polku.route_plans.models import ClientFacts, RouteChoice
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client

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
    # each part links to its explanation, written once under the route's table
    link = first_euro.locator(".routes-explain__body a[href^='#route-']").first
    target = link.get_attribute("href")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.locator(target)).to_be_in_viewport()
    expect(page.locator(f"{target} h5")).to_be_visible()
    check_page()

    form = page.locator("form.routes-choose")
    route_id = form.locator("select[name=route] option").nth(1).get_attribute("value")
    form.locator("select[name=route]").select_option(route_id)
    form.locator("textarea[name=goal]").fill("Haluan takaisin töihin")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/clients/{client_record.pk}/plan/#goal-\d+$"))
    choice = RouteChoice.objects.get()
    steps = list(Step.objects.filter(goal_id=choice.goal_id).order_by("target_date"))
    assert steps
    for step in steps:
        expect(page.locator(f"#step-{step.pk}")).to_be_visible()
    check_page()


SHOTS = "/tmp/polku-shots"  # noqa: S108 - outside the repository on purpose


def test_seed_004_closed_route_says_what_opens_it_and_a_chosen_route_goes_to_providers(
    page, check_page, live_server
):
    """Seed 004: the employment services' coordinator and Kela's expert draw the map with the
    client. Sickness allowance → studies is closed (the client is not on sick leave): it says
    what would open it and cannot be chosen. Vocational rehabilitation is open: chosen with
    the goal in the client's words, Kela's assessment goes to Kela's expert in the network,
    the work trial and pay-subsidised work to the employment services."""
    loader.load()  # the map: the route steps point to its entries and their providers
    employment = OrganisationFactory(name="Seinäjoen työllisyyspalvelut", kind="employment")
    kela = OrganisationFactory(name="Kela, Etelä-Pohjanmaa", kind="kela")
    coordinator = ProfessionalFactory(
        username="tyollisyys.koordinaattori",
        first_name="Sanna",
        last_name="Mäkelä",
        organisation=employment,
        profession="employment_counsellor",
    )
    expert = ProfessionalFactory(
        username="kela.asiantuntija", first_name="Armi", last_name="Peltola", organisation=kela
    )
    client = make_client(
        coordinator=coordinator,
        consent_organisations=[kela],
        hetu=hetu.build(dt.date(1984, 5, 4), 917),
        first_names="Mikko",
        last_name="Järvinen",
    )
    client_services.add_member(
        client=client, by=coordinator, professional=expert, responsibility="Kelan kuntoutus"
    )
    services.update_facts(
        client=client,
        by=coordinator,
        expected_version=0,
        values={
            "adults_in_household": 1,
            "children_in_household": 0,
            "housing_cost": "560",
            "annual_earned_income": "9000",
            "unemployment_benefit": True,
            "jobseeker_registered": True,
            "unemployed_months": 14,
            "on_sick_leave": False,
            "work_ability_threatened": True,
            "medical_statement": True,
            "psychiatrist_statement": False,
            "multi_agency_need": False,
            # Kela's turn, not an earnings-related pension provider's (A5's stricter rules
            # leave a route "needs information" until this is known).
            "pension_provider_responsible": False,
        },
    )
    _signed_in(page, live_server, coordinator)
    page.goto(f"/clients/{client.pk}/")
    check_page()
    page.locator(f"a[href='/clients/{client.pk}/routes/']").first.click()
    expect(page.locator("h1")).to_contain_text("Reittisuunnitelma")
    check_page()

    # A closed route: why, what would open it, and no way to choose it.
    closed = page.locator("#route-sickness_to_studies")
    expect(closed.locator(".routes-badge--closed")).to_have_text("Suljettu")
    expect(closed).to_contain_text("Mikä sen avaisi")
    expect(closed).to_contain_text("Suljettua reittiä ei voi valita")
    expect(closed.locator(".routes-choose-link")).to_have_count(0)
    options = page.locator("form.routes-choose select[name=route] option")
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert "sickness_to_studies" not in values and "vocational_rehabilitation" in values
    closed.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/seed004-closed-route.png")

    # The open route chosen together: the goal in the client's own words is asked first.
    chosen = page.locator("#route-vocational_rehabilitation")
    expect(chosen.locator(".routes-badge--open")).to_have_text("Avoin")
    chosen.locator(".routes-choose-link").click()
    form = page.locator("form.routes-choose")
    expect(form.locator("select[name=route]")).to_have_value("vocational_rehabilitation")
    expect(form).to_contain_text("Tavoite asiakkaan omin sanoin")
    check_page()
    form.locator("button[type=submit]").click()  # no goal yet: refused, nothing written
    expect(page.locator(".error-summary")).to_contain_text("asiakkaan omin sanoin")
    assert not RouteChoice.objects.exists()
    check_page()
    page.locator("form.routes-choose").scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/seed004-choose-refused.png")
    words = "Haluan löytää työn, jossa jaksan ja jossa saan olla ihmisten kanssa"
    form = page.locator("form.routes-choose")
    form.locator("select[name=route]").select_option("vocational_rehabilitation")
    form.locator("textarea[name=goal]").fill(words)
    form.locator("input[name=starts_on]").fill("1.2.2027")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/clients/{client.pk}/plan/#goal-\d+$"))
    check_page()

    goal = Goal.objects.get()
    assert goal.text == words
    expect(page.locator(f"#goal-{goal.pk}-heading")).to_have_text(words)
    expect(page.locator("main")).not_to_contain_text("Reitti:")
    steps = list(Step.objects.filter(goal=goal).order_by("target_date"))
    assessment, trial, subsidised = (page.locator(f"#step-{s.pk}") for s in steps)
    expect(assessment).to_contain_text("Ammatillinen kuntoutusselvitys: Selvitys tehty")
    expect(assessment).to_contain_text("Armi Peltola")  # Kela's expert, not the one choosing
    expect(assessment).to_contain_text("Kela, Etelä-Pohjanmaa")
    expect(
        assessment.locator("a[href='/map/services/kelan-ammatillisen-kuntoutuksen-selvitys/']")
    ).to_have_count(1)
    for row in (trial, subsidised):
        expect(row).to_contain_text("Sanna Mäkelä")
        expect(row).to_contain_text("Seinäjoen työllisyyspalvelut")
    expect(subsidised).to_contain_text("Palkkatuettu työ: Miten työ sujuu")
    what = subsidised.locator("td").first.inner_text()
    assert what.count("Palkkatuettu työ") == 2, what  # the step's text once, the map link once
    assert steps[0].responsible_id == expert.pk and steps[0].organisation_id == kela.pk
    page.screenshot(path=f"{SHOTS}/seed004-plan.png", full_page=True)


def test_household_recorded_on_the_form_and_the_plan_names_each_member(
    page, check_page, live_server, coordinator
):
    """Issue #17 in Finnish: the coordinator records the household with the least data (the
    partner's wage, the children's birth years, the form of housing); a birth year in the
    future is refused on the page naming the field, nothing saved; then the route plan shows
    each child's child benefit by birth year and the household's housing allowance."""
    client = make_client(
        coordinator=coordinator,
        hetu=hetu.build(dt.date(1986, 3, 14), 921),
        first_names="Laura",
        last_name="Koivisto",
        municipality="Seinäjoki",
    )
    services.update_facts(
        client=client,
        by=coordinator,
        expected_version=0,
        values={
            "unemployment_benefit": True,
            "jobseeker_registered": True,
            "on_sick_leave": False,
            "in_studies": False,
        },
    )
    _signed_in(page, live_server, coordinator)
    page.goto(f"/clients/{client.pk}/routes/facts/")
    expect(page.locator("#household legend")).to_have_text("Kotitalous")
    check_page()
    form = page.locator("form.routes-facts")
    form.get_by_label("Samassa taloudessa asuu puoliso").select_option("true")
    form.get_by_label("Puolison bruttopalkka kuukaudessa (€)").fill("2 300")
    form.get_by_label("Puoliso saa työttömyysetuutta").select_option("false")
    form.get_by_label("Kotona asuu lapsia").select_option("true")
    form.get_by_label("Kotona asuvien lasten syntymävuodet").fill("2014, 2031")
    form.get_by_label("Asumismuoto").select_option("rent")
    form.get_by_label("Asumismenot kuukaudessa (€)").fill("980")
    form.locator("button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("Syntymävuosi 2031 on tulevaisuudessa.")
    assert ClientFacts.objects.get(client=client).partner_in_household is None
    check_page()
    page.screenshot(path=f"{SHOTS}/household-facts-refused.png", full_page=True)

    page.locator("form.routes-facts").get_by_label("Kotona asuvien lasten syntymävuodet").fill(
        "2014, 2019"
    )
    page.locator("form.routes-facts button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/clients/{client.pk}/routes/$"))
    row = ClientFacts.objects.get(client=client)
    assert row.children_birth_years == [2014, 2019] and row.partner_gross_wage == 2300
    check_page()

    first_euro = page.locator("table.routes-income details.routes-explain").first
    first_euro.locator("summary").click()
    body = first_euro.locator(".routes-explain__body")
    expect(body).to_contain_text("Lapsilisä – lapsi (s. 2014)")
    expect(body).to_contain_text("Lapsilisä – lapsi (s. 2019)")
    expect(body).to_contain_text("Palkka – puoliso")
    expect(body).to_contain_text("koko kotitalous")
    expect(body).to_contain_text("vero (arvio)")
    check_page()
    first_euro.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/household-route-plan.png")
    # the child's benefit explained once under the route's table, linked from the month
    body.locator("li", has_text="Lapsilisä – lapsi (s. 2019)").get_by_role(
        "link", name="miten se lasketaan"
    ).click()
    entry = page.locator(page.url[page.url.index("#") :])
    expect(entry.locator("h5")).to_contain_text("Lapsilisä – lapsi (s. 2019)")
    expect(entry).to_contain_text("Kaava:")
    expect(entry).to_be_in_viewport()
    check_page()
    page.screenshot(path=f"{SHOTS}/household-route-plan-explained.png")
