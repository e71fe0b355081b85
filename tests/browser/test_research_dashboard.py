"""The management dashboard in a real browser: a service manager opens it, filters by age
band, sees every chart drawn and downloads one indicator's table as CSV. Every page is checked
with axe-core (check_page)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from polku.accounts.models import Profession
from polku.research import indicators
from tests.factories import ProfessionalFactory, make_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_filter_and_download(page, check_page, sign_in, coordinator, municipality):
    for n in range(5):
        make_client(coordinator=coordinator, first_names=f"Testi{n}")
    manager = ProfessionalFactory(
        organisation=municipality, profession=Profession.SERVICE_MANAGER, username="esimies"
    )
    sign_in(manager, lands_on="/team/")
    page.locator("nav a[href='/research/']").first.click()
    expect(page).to_have_url(re.compile(r"/research/$"))
    expect(page.get_by_test_id("value-capacity")).to_have_text("5,0")
    check_page()

    charts = page.locator("article.indicator figure svg[role=img]")
    expect(charts).to_have_count(len(indicators.REGISTRY))
    box = charts.first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100  # drawn, not collapsed

    page.locator("#id_age_band").select_option("50_plus")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"age_band=50_plus"))
    check_page()

    with page.expect_download() as download:
        page.locator("a[href^='/research/tables/capacity.csv']").click()
    path = download.value.path()
    text = Path(path).read_text(encoding="utf-8")
    assert text.splitlines()[0].count(",") == 2  # figure, value, note (hidden or empty)
    assert "age_band=50_plus" in download.value.url


FINNISH_ONLY = ("clients", " cases", "month/quarter", "entry date coarsened", "Population")


def test_the_pilot_read_by_its_manager_and_exported_by_a_researcher(
    page, check_page, sign_in, coordinator, municipality, kela, settings, tmp_path
):
    """Seeds 002 and 004: the South Savo pilot's service manager reads the dashboard filtered
    to the pilot and the pilot's monthly report; a researcher makes a pseudonymised export of
    the pilot's clients — in Finnish, axe-core clean, small groups hidden."""
    import io

    from pypdf import PdfReader

    from polku.research.models import Cohort

    settings.POLKU_RESEARCH_EXPORT_DIR = tmp_path
    pilot = Cohort.objects.create(name="Etelä-Savon työkykypilotti")
    for n in range(7):
        pilot.clients.add(
            make_client(
                coordinator=coordinator,
                first_names=f"Pilotti{n}",
                municipality="Mikkeli",
                birth_date=dt.date(1985, n + 1, 1),
            )
        )
    for n in range(2):  # outside the pilot: two clients in Savonlinna
        make_client(coordinator=coordinator, first_names=f"Muu{n}", municipality="Savonlinna")
    manager = ProfessionalFactory(
        organisation=municipality, profession=Profession.SERVICE_MANAGER, username="esimies"
    )
    sign_in(manager, lands_on="/team/")
    page.goto("/research/")
    page.locator("#id_cohort").select_option(label="Etelä-Savon työkykypilotti")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"cohort={pilot.pk}"))
    # the pilot's seven active clients, one coordinator: 7,0 a coordinator, in Finnish words
    expect(page.get_by_test_id("value-capacity")).to_have_text("7,0")
    expect(page.locator("[data-indicator=capacity] .indicator-cases")).to_contain_text("7 tapausta")
    expect(page.get_by_test_id("k-notice")).to_contain_text("alle 5 asiakkaaseen")
    main = page.locator("main").inner_text()
    for word in FINNISH_ONLY:
        assert word not in main, word
    check_page()
    page.locator("[data-indicator=capacity]").screenshot(path=str(tmp_path / "capacity.png"))
    page.screenshot(path=str(tmp_path / "dashboard.png"))

    # Savonlinna's two clients: every figure of theirs is hidden, and it says so
    page.goto("/research/?region=Savonlinna")
    expect(page.get_by_test_id("value-without_next_contact")).to_have_text(
        "piilotettu: alle 5 asiakasta"
    )
    assert "2 tapausta" not in page.locator("main").inner_text()
    check_page()

    # the pilot's monthly report carries the pilot filter
    page.goto(f"/research/?cohort={pilot.pk}")
    link = page.locator("a[href^='/research/report.pdf']")
    href = link.get_attribute("href")
    assert href and f"cohort={pilot.pk}" in href
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Pilotti: Etelä-Savon työkykypilotti" in text and "Pilotti0" not in text
    assert "Kuukausiraportti" in text and "asiakasta omaohjaajaa kohden" in text

    # a researcher exports the pilot's clients, pseudonymised, at the region's threshold (the
    # server refuses any k below POLKU_RESEARCH_K = 5); the seven share every written
    # quasi-identifier (born in 1985, Mikkeli, Finnish, entered this month)
    researcher = ProfessionalFactory(
        organisation=kela, profession=Profession.RESEARCHER, username="tutkija"
    )
    page.context.clear_cookies()
    sign_in(researcher, lands_on="/research/")
    page.goto(f"/research/exports/?cohort={pilot.pk}&start=1.1.2020")
    check_page()
    precision = page.locator("#id_date_precision option")
    expect(precision).to_have_text(["kuukausi", "neljännesvuosi", "vuosi"])
    form = page.locator("main form[aria-labelledby=export-heading]")
    form.locator("input[name=purpose]").fill("Työkykypilotin seurantatutkimus")
    form.locator("input[name=permit_reference]").fill("THL/4/2026")
    form.locator("input[name=k]").fill("5")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("7")
    row = page.locator("section[aria-labelledby=done-heading] tbody tr").first
    expect(row).to_contain_text("Työkykypilotin seurantatutkimus")
    assert "coarsened" not in row.inner_text() and "suppressed" not in row.inner_text()
    dictionary = page.locator("section[aria-labelledby=dictionary-heading]")
    expect(dictionary).to_contain_text("10 vuoden ryhminä")
    expect(dictionary).to_contain_text("intake")
    check_page()
    page.screenshot(path=str(tmp_path / "exports.png"), full_page=True)


def test_a_hidden_month_and_a_month_with_no_figure_are_gaps_said_in_finnish(
    page, check_page, sign_in, coordinator, municipality, tmp_path
):
    """A line by month never draws a hidden figure or a missing month as a zero: the
    agreements' October (2 due: hidden) and the feedback's October (2 answers: left out) are
    gaps with "piilotettu" and "ei lukua" at the axis, and the captions say why, in Finnish."""
    from polku.meetings.models import Agreement
    from polku.portal.models import Feedback
    from tests.research.test_indicators import at, meeting

    aino = make_client(coordinator=coordinator, first_names="Aino")
    for day, n in (
        (dt.date(2026, 9, 15), 6),
        (dt.date(2026, 10, 15), 2),
        (dt.date(2026, 11, 16), 7),
    ):
        held = meeting(aino, coordinator, day - dt.timedelta(days=7))
        for _ in range(n):
            Agreement.objects.create(
                meeting=held,
                client=aino,
                owner=coordinator,
                what="Soitto",
                due_on=day,
                status="done",
                done_at=at(day),
            )
    for month, n in (
        (dt.date(2026, 9, 1), 6),
        (dt.date(2026, 10, 1), 2),
        (dt.date(2026, 11, 1), 7),
    ):
        for i in range(n):
            Feedback.objects.create(
                context="meeting",
                organisation=municipality,
                month=month,
                sorted_out="yes" if i % 2 else "no",
                heard=4,
                overall=4,
            )
    manager = ProfessionalFactory(
        organisation=municipality, profession=Profession.SERVICE_MANAGER, username="esimies"
    )
    sign_in(manager, lands_on="/team/")
    page.goto("/research/?start=1.9.2026&end=30.11.2026")
    agreements = page.locator("[data-indicator=agreements_on_time] figure")
    expect(agreements.locator("svg")).to_contain_text("piilotettu")
    expect(agreements.locator("figcaption")).to_contain_text("Piilotettuja lukuja ei ole piirretty")
    feedback = page.locator("[data-indicator=client_experience] figure")
    expect(feedback.locator("svg")).to_contain_text("ei lukua")
    expect(feedback.locator("svg")).to_contain_text("10/2026")
    expect(feedback.locator("figcaption")).to_contain_text("se ei ole nolla")
    check_page()
    shots = tmp_path
    page.locator("[data-indicator=agreements_on_time]").screenshot(
        path=str(shots / "agreements.png")
    )
    page.locator("[data-indicator=client_experience]").screenshot(path=str(shots / "feedback.png"))
