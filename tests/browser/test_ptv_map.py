"""The map with PTV services in a real browser: filter by municipality and life event, open a
PTV service page with its source, channels and opening hours; every page checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from polku.catalogue import loader
from polku.catalogue.ptv import client, samples, sync
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_filter_the_map_by_municipality_and_open_a_ptv_service(
    page, check_page, sign_in, kela, tmp_path
):
    loader.load()
    samples.write(tmp_path / "ptv", ("743", "408"), compress=False)
    sync.run(client.PtvClient(client.FolderTransport(tmp_path / "ptv")), ["743", "408"])
    sign_in(ProfessionalFactory(organisation=kela))

    page.goto("/map/")
    expect(page.get_by_text("Suomi.fi-palvelutietovarannosta")).to_be_visible()
    check_page()
    page.goto("/map/services/")
    page.get_by_label("Hakusanat").fill("työpaja")
    page.locator("#id_municipality").select_option(label="Lapua")
    page.locator("#id_life_event").select_option(value="KE9")
    page.get_by_role("button", name="Hae").click()
    expect(page).to_have_url(re.compile(r"municipality=408"))
    results = page.locator("main section").last
    expect(results.get_by_role("link", name="Nuorten työpaja, Lapua")).to_be_visible()
    expect(results.get_by_role("link", name="Nuorten työpaja, Seinäjoki")).to_have_count(0)
    expect(results.get_by_text("Lähde: Suomi.fi-palvelutietovaranto").first).to_be_visible()
    check_page()

    results.get_by_role("link", name="Nuorten työpaja, Lapua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nuorten työpaja, Lapua")
    expect(page.get_by_role("heading", name="Missä ja miten")).to_be_visible()
    expect(page.get_by_text("ma–to 08.00–16.00")).to_be_visible()
    expect(page.locator("main a[href^='https://www.suomi.fi/palvelut/']").first).to_be_visible()
    check_page()


def test_a_plan_step_points_to_a_ptv_service(
    page, check_page, sign_in, coordinator, client_record, tmp_path
):
    """Issue #21: a client's plan step can point to a PTV service — chosen from the map's list
    on the step form, linked on the plan, its page naming Suomi.fi's catalogue as the source.
    (Route plans choose a route of the rules engine, not a map entry: nothing to point.)"""
    from polku.catalogue.models import Service
    from polku.plans.models import Step
    from tests.plans.helpers import goal as add_goal
    from tests.plans.helpers import in_days

    samples.write(tmp_path / "ptv", ("743",), compress=False)
    sync.run(client.PtvClient(client.FolderTransport(tmp_path / "ptv")), ["743"])
    ptv = Service.objects.get(name_fi="Työnhakijan palvelut, Seinäjoki")
    goal = add_goal(client_record, coordinator, text="Haluan töihin")
    sign_in(coordinator)

    page.goto(f"/clients/{client_record.pk}/plan/goals/{goal.pk}/steps/new/")
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("textarea[name=what]").fill("Ilmoittaudu työnhakijaksi")
    form.locator("select[name=responsible]").select_option(str(coordinator.pk))
    form.locator("select[name=service]").select_option(label=ptv.name_fi)
    day = in_days(14)
    form.locator("input[name=target_date]").fill(f"{day.day}.{day.month}.{day.year}")
    form.locator("button[type=submit]").click()
    step = Step.objects.get()
    expect(page).to_have_url(re.compile(rf"/plan/#step-{step.pk}$"))
    link = page.locator(f"#step-{step.pk} a[href='/map/services/{ptv.slug}/']")
    expect(link).to_have_text(ptv.name_fi)
    assert step.service_id == ptv.pk and step.service_name == ""
    check_page()

    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ptv.name_fi)
    expect(page.get_by_role("heading", name="Tietojen alkuperä")).to_be_visible()
    expect(
        page.locator("main dl").get_by_text("Suomi.fi-palvelutietovaranto").first
    ).to_be_visible()
    check_page()


def test_a_linked_nationwide_entry_shows_no_county_service_points(
    page, check_page, sign_in, kela, screenshot, tmp_path
):
    """The nationwide "Aikuissosiaalityö" linked to Etelä-Pohjanmaa's PTV service: its page
    keeps its own guidance and the Suomi.fi reference, and shows none of the county's service
    points under "Missä ja miten" (they are not every reader's)."""
    from polku.catalogue import matching
    from polku.catalogue.models import Service, Source

    loader.load()
    samples.write(tmp_path / "ptv", ("743", "408"), compress=False)
    sync.run(client.PtvClient(client.FolderTransport(tmp_path / "ptv")), ["743", "408"])
    ptv = Service.objects.get(source=Source.PTV, name_fi="Aikuissosiaalityö")
    county = [c.name for c in ptv.channels.all()]
    curated = matching.link(Service.objects.get(slug="aikuissosiaalityo"), ptv)
    sign_in(ProfessionalFactory(organisation=kela))

    page.goto(f"/map/services/{curated.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aikuissosiaalityö")
    expect(page.get_by_text("Ota yhteyttä hyvinvointialueen sosiaalipalveluihin.")).to_be_visible()
    expect(page.locator(f"main a[href='{curated.ptv_url}']")).to_be_visible()
    expect(page.get_by_role("heading", name="Missä ja miten")).to_have_count(0)
    for name in county:
        expect(page.get_by_text(name)).to_have_count(0)
    screenshot("linked-aikuissosiaalityo")
    check_page()
