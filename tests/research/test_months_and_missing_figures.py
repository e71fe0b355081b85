"""A headline with no figure says so in words, and why (not "– %"); a month not over yet is
never shown as a whole month: the dashboard offers the report of the last month completed,
and a month in progress is marked so on the page, in the report, the CSV and the API."""

import datetime as dt
import io

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from polku.accounts.models import Profession
from polku.meetings.models import Agreement
from polku.research import indicators
from polku.research.frames import Filters
from polku.research.models import OutcomeEvent
from tests.conftest import login
from tests.factories import ProfessionalFactory, make_client
from tests.research.test_indicators import at, entered, meeting

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)


def _previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@pytest.fixture
def manager(client, municipality):
    user = ProfessionalFactory(organisation=municipality, profession=Profession.SERVICE_MANAGER)
    return login(client, user)


def _agreement_due(client, coordinator, day: dt.date) -> None:
    held = meeting(client, coordinator, day - dt.timedelta(days=1))
    Agreement.objects.create(
        meeting=held,
        client=client,
        owner=coordinator,
        what="x",
        due_on=day,
        status="done",
        done_at=at(day),
    )


def test_no_client_at_12_months_yet_the_headline_is_the_latest_point_reached(coordinator):
    """Issue: "ei lukua vielä … (0 tapausta)" above a table of 601 clients at 3 months and
    384 at 6: the headline looked at the 12-month column only."""
    clients = [
        entered(make_client(coordinator=coordinator, first_names=f"Testi{n}"), day)
        for n, day in enumerate((dt.date(2026, 3, 5), dt.date(2026, 4, 1)))
    ]
    OutcomeEvent.objects.create(
        client=clients[0],
        kind="pay_subsidised_work",
        date=dt.date(2026, 8, 1),
        recorded_by=coordinator,
    )
    spring = Filters(start=dt.date(2026, 3, 1), end=dt.date(2026, 4, 30))
    with translation.override("fi"):
        found = indicators.compute_all(spring, TODAY)["outcomes"]
        headline = str(found.headline)
        notes = [str(n) for n in found.notes]
    # both have reached 6 months (5.9. and 1.10.), none 12: the headline is at 6 months
    assert (found.value, found.cases, found.value_count) == (50.0, 2, 1)
    assert found.no_value is None
    assert headline == (
        "työssä 6 kuukauden kohdalla — kukaan jaksolla tulleista asiakkaista ei ole vielä "
        "ehtinyt 12 kuukauden kohdalle"
    )
    assert any("5.3.2027" in note for note in notes)  # the empty column says why
    # none at 3 months yet either: no figure, said in words, with the first day
    autumn = Filters(start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
    entered(make_client(coordinator=coordinator, first_names="Syksy"), dt.date(2026, 10, 2))
    with translation.override("fi"):
        late = indicators.compute_all(autumn, TODAY)["outcomes"]
        said = str(late.no_value)
    assert late.value is None and late.cases == 0
    assert said.startswith("ei lukua vielä") and "3 kuukauden" in said and "2.1.2027" in said
    # at 12 months: the 12-month figure, said so
    year = Filters(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))
    entered(make_client(coordinator=coordinator, first_names="Vanha"), dt.date(2025, 3, 2))
    with translation.override("fi"):
        old = indicators.compute_all(year, TODAY)["outcomes"]
        assert str(old.headline) == "työssä 12 kuukauden kohdalla" and old.cases == 1


def test_the_outcomes_headline_says_its_follow_up_point_on_the_page(manager, coordinator):
    today = timezone.localdate()
    for n in range(6):
        entered(
            make_client(coordinator=coordinator, first_names=f"Testi{n}"),
            today - dt.timedelta(days=120),
        )
    start = today - dt.timedelta(days=150)
    query = f"start={start.day}.{start.month}.{start.year}"
    page = manager.get(f"/research/?{query}", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    article = page.split('data-indicator="outcomes"')[1].split("</article>")[0]
    assert "työssä 3 kuukauden kohdalla — kukaan jaksolla" in article
    assert "ei lukua vielä" not in article and "(6 tapausta)" in article
    body = manager.get(f"/api/v1/research/indicators/?{query}", HTTP_ACCEPT_LANGUAGE="en").json()
    found = {item["id"]: item for item in body["indicators"]}["outcomes"]
    assert found["value"] == 0.0 and found["cases"] == 6
    assert found["headline"].startswith("in work at 3 months — no client")


def test_the_dashboard_says_there_is_no_figure_yet_instead_of_a_dash(manager, coordinator):
    today = timezone.localdate()
    for n in range(6):
        entered(make_client(coordinator=coordinator, first_names=f"Testi{n}"), today)
    page = manager.get("/research/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert ">–</strong>" not in page
    article = page.split('data-indicator="outcomes"')[1].split("</article>")[0]
    assert "ei lukua vielä: kukaan jaksolla tulleista asiakkaista" in article
    # an indicator with no cases at all says that
    assert "ei lukua: tällä rajauksella ei ole tapauksia" in page


def test_a_month_in_progress_is_marked_in_the_table_and_a_note(coordinator):
    aino = entered(make_client(coordinator=coordinator), dt.date(2026, 10, 1))
    _agreement_due(aino, coordinator, dt.date(2026, 10, 20))
    _agreement_due(aino, coordinator, dt.date(2026, 11, 20))
    autumn = Filters(start=dt.date(2026, 10, 1), end=TODAY)
    with translation.override("fi"):
        found = indicators.compute_all(autumn, TODAY)["agreements_on_time"]
        labels = [str(row[0]) for row in found.rows]
        notes = [str(note) for note in found.notes]
    assert labels == ["10/2026", "11/2026 (kesken)"]
    assert notes == ["Kuukausi 11/2026 on vielä kesken: sen luvut ovat 24.11.2026 asti."]
    # the month over on its last day's morrow
    december = indicators.compute_all(autumn, dt.date(2026, 12, 1))["agreements_on_time"]
    assert [str(row[0]) for row in december.rows] == ["10/2026", "11/2026"]
    assert not december.notes


def test_the_page_csv_and_api_mark_the_month_in_progress_alike(manager, coordinator):
    today = timezone.localdate()
    aino = entered(make_client(coordinator=coordinator), today - dt.timedelta(days=40))
    _agreement_due(aino, coordinator, today)
    this_month = f"{today.month}/{today.year}"
    page = manager.get("/research/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    article = page.split('data-indicator="agreements_on_time"')[1].split("</article>")[0]
    assert f"{this_month} (kesken)" in article and "on vielä kesken" in article
    csv = manager.get("/research/tables/agreements_on_time.csv", HTTP_ACCEPT_LANGUAGE="fi")
    assert f"{this_month} (kesken)" in csv.content.decode()
    body = manager.get("/api/v1/research/indicators/", HTTP_ACCEPT_LANGUAGE="en").json()
    found = {item["id"]: item for item in body["indicators"]}["agreements_on_time"]
    assert found["rows"][-1][0] == f"{this_month} (in progress)"
    assert any("still in progress" in note for note in found["notes"])


def test_the_dashboard_offers_the_report_of_the_last_month_completed(manager):
    today = timezone.localdate()
    last = _previous_month(today)
    page = manager.get("/research/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert f"month={last:%Y-%m}" in page and f"month={today:%Y-%m}" not in page
    assert f"viimeisimmästä päättyneestä kuukaudesta {last.month}/{last.year}" in page
    # a period that ended with its month: that month's report, said as before
    march = manager.get(
        "/research/?start=1.3.2026&end=31.3.2026", HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    assert "month=2026-03" in march and "Ohjausryhmän kuukausiraportti 3/2026" in march


def _pdf_text(response) -> str:
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(page.extract_text() for page in pages)


def test_the_report_is_of_a_whole_month_unless_asked_and_then_says_so(manager):
    today = timezone.localdate()
    last = _previous_month(today)
    default = manager.get("/research/report.pdf", HTTP_ACCEPT_LANGUAGE="fi")
    assert f"polku-report-{last:%Y-%m}" in default["Content-Disposition"]
    assert "kesken" not in _pdf_text(default)
    # the group the dashboard offers it to, not another one
    assert "Ohjausryhmälle." in _pdf_text(default) and "Johtoryhm" not in _pdf_text(default)
    current = manager.get(f"/research/report.pdf?month={today:%Y-%m}", HTTP_ACCEPT_LANGUAGE="fi")
    text = " ".join(_pdf_text(current).split())
    assert "Kuukausi on vielä kesken: luvut ovat" in text
    assert f"{today.day}.{today.month}.{today.year} asti" in text
    following = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    assert manager.get(f"/research/report.pdf?month={following:%Y-%m}").status_code == 404


def test_a_hidden_outcomes_headline_still_names_its_follow_up_point():
    from django.template.loader import render_to_string

    from polku.research.disclosure import protect

    hidden = protect(
        indicators.Result(
            value=12.5,
            cases=407,
            rows=[["avoin", 3], ["palkkatuki", 48]],
            counts=(1,),
            value_count=51,
            value_cells=((0, 1), (1, 1)),
            headline="työssä 6 kuukauden kohdalla",
        ),
        k=5,
    )
    with translation.override("fi"):
        said = render_to_string(
            "research/figure.html",
            {"result": hidden, "indicator": indicators.REGISTRY["outcomes"]},
        )
    assert "piilotettu: siitä voisi päätellä alle 5 asiakkaan ryhmän" in said
    assert "(työssä 6 kuukauden kohdalla)" in said and "%" not in said


def test_a_follow_up_point_no_client_has_reached_is_empty_not_zero(manager, coordinator):
    """Issue: the outcomes' 12-month column was all zeros while no client had reached 12
    months (the note said the column was empty): "0 in work at 12 months" drawn and
    exported. It is empty — "–" on the page, an empty cell explained in the CSV, null in the
    API — and the chart says "ei lukua" at that bar."""
    clients = [
        entered(make_client(coordinator=coordinator, first_names=f"Testi{n}"), day)
        for n, day in enumerate([dt.date(2026, 3, 5)] * 6)
    ]
    assert clients
    spring = Filters(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    found = indicators.compute_all(spring, TODAY)["outcomes"]
    assert all(isinstance(row[1], int) and isinstance(row[2], int) for row in found.rows)
    assert all(row[3] is None for row in found.rows)  # 12 months: none reached (5.3.2027)
    query = "start=1.3.2026&end=31.3.2026"
    csv = manager.get(f"/research/tables/outcomes.csv?{query}", HTTP_ACCEPT_LANGUAGE="fi")
    lines = csv.content.decode().splitlines()
    assert lines[0].endswith(",Huomautus")
    assert all(
        line.split(",")[3] == "" and "12 kuukautta: tyhjä — lukua ei ole" in line
        for line in lines[1:]
    ), lines
    body = manager.get(f"/api/v1/research/indicators/?{query}").json()
    api = {item["id"]: item for item in body["indicators"]}["outcomes"]
    assert all(row[3] is None for row in api["rows"]) and all(c[1] != 3 for c in api["hidden"])
    page = manager.get(f"/research/?{query}", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    article = page.split('data-indicator="outcomes"')[1].split("</article>")[0]
    assert "ei lukua" in article and "ei ole nolla" in article
