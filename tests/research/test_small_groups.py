"""Issue 18, finding 1: the k-threshold held only where the researcher or an indicator said so.

* The export checked k-anonymity over the quasi-identifiers ticked, not over those written:
  ticking only "language" wrote every age band × municipality × language × entry month,
  unique people included. The quasi-identifiers are now the columns written.
* k below POLKU_RESEARCH_K was accepted (k = 2); now refused on the server (the form and the
  API say why, naming k).
* A municipality × language filter showed cells of 1–4 clients (the capacity figures were
  not declared as counts): every figure the dashboard, the report, the CSV tables and the API
  show now goes through one rule that hides whatever it is not told is safe."""

import datetime as dt
import io
import re
from pathlib import Path

import polars as pl
import pytest
from pypdf import PdfReader

from polku.accounts.models import Profession
from polku.clients.models import Client
from polku.research import disclosure, indicators
from polku.research.exports import QUASI_CHOICES
from polku.research.models import ResearchExport
from tests.conftest import login
from tests.factories import ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db

MARCH = "start=1.3.2026&end=31.3.2026"


def _entered_in_march(client, day: int) -> None:
    Client.objects.filter(pk=client.pk).update(
        created_at=dt.datetime(2026, 3, day, 9, tzinfo=dt.UTC)
    )


@pytest.fixture
def researcher(client, kela, settings, tmp_path):
    settings.POLKU_RESEARCH_EXPORT_DIR = tmp_path / "exports"
    user = ProfessionalFactory(organisation=kela, profession=Profession.RESEARCHER)
    return login(client, user)


@pytest.fixture
def march_cohort(coordinator):
    """20 clients alike (Seinäjoki, Finnish, born 1980, entered in March) and one who is
    unique on every quasi-identifier but language (Mikkeli, born 1950)."""
    for n in range(20):
        person = make_client(
            coordinator=coordinator,
            first_names=f"Sama{n}",
            municipality="Seinäjoki",
            preferred_language="fi",
            birth_date=dt.date(1980, 1, 1 + n),
        )
        _entered_in_march(person, 2 + n)
    unique = make_client(
        coordinator=coordinator,
        first_names="Ainoa",
        municipality="Mikkeli",
        preferred_language="fi",
        birth_date=dt.date(1950, 6, 1),
    )
    _entered_in_march(unique, 25)


EXPORT = {
    "purpose": "Seurantatutkimus",
    "permit_reference": "THL/18/2026",
    "columns": ["age_band", "municipality", "language", "entry_month", "outcome_3m"],
    "quasi_identifiers": ["language"],  # only one ticked (the field is gone now)
    "k": "5",
    "date_precision": "month",
    "generalise": "on",
}


def test_the_export_checks_every_quasi_identifier_written_not_the_ticked(researcher, march_cohort):
    response = researcher.post(f"/research/exports/?{MARCH}", EXPORT)
    assert response.status_code == 302, response.content.decode()[:3000]
    export = ResearchExport.objects.get()
    table = pl.read_csv(Path(export.directory, "cohort.csv"), infer_schema_length=0)
    written = [c for c in QUASI_CHOICES if c in table.columns]
    assert written == list(QUASI_CHOICES)
    assert sorted(export.quasi_identifiers) == sorted(QUASI_CHOICES)
    groups = table.group_by(written).len()
    assert groups["len"].min() >= 5, groups
    assert "Mikkeli" not in set(table["municipality"])
    assert export.rows == 20 and export.suppressed_rows == 1


def test_a_refusal_names_the_column_to_generalise(researcher, march_cohort):
    response = researcher.post(
        f"/research/exports/?{MARCH}",
        {**EXPORT, "generalise": ""},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "alle 5 henkilön" in page and "ikäryhmä" in page
    assert not ResearchExport.objects.exists()


def test_k_below_the_setting_is_refused_on_the_server(researcher, march_cohort, settings):
    assert settings.POLKU_RESEARCH_K == 5
    response = researcher.post(
        f"/research/exports/?{MARCH}", {**EXPORT, "k": "2"}, HTTP_ACCEPT_LANGUAGE="fi"
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "k:n on oltava vähintään 5" in page
    assert not ResearchExport.objects.exists()
    settings.POLKU_RESEARCH_K = 7
    refused = researcher.post(f"/research/exports/?{MARCH}", {**EXPORT, "k": "5"})
    assert refused.status_code == 400 and not ResearchExport.objects.exists()


@pytest.fixture
def manager(client, municipality):
    user = ProfessionalFactory(organisation=municipality, profession=Profession.SERVICE_MANAGER)
    return login(client, user)


@pytest.fixture
def few_in_mikkeli_in_swedish(coordinator):
    """Three Swedish-speaking clients in Mikkeli among ten Finnish-speaking in Seinäjoki."""
    for n in range(3):
        make_client(
            coordinator=coordinator,
            first_names=f"Svensk{n}",
            municipality="Mikkeli",
            preferred_language="sv",
        )
    for n in range(10):
        make_client(
            coordinator=coordinator,
            first_names=f"Suomi{n}",
            municipality="Seinäjoki",
            preferred_language="fi",
        )


SMALL = "region=Mikkeli&language=sv"


def _target(indicator_id: str, row: int) -> bool:
    """The one figure that is not about clients: the configured caseload target."""
    return indicator_id == "capacity" and row == 0


def test_the_api_shows_no_figure_of_fewer_than_k_clients(manager, few_in_mikkeli_in_swedish):
    body = manager.get(f"/api/v1/research/indicators/?{SMALL}").json()
    assert body["k"] == 5
    for item in body["indicators"]:
        # three clients in the filter: every figure about them rests on fewer than five
        assert item["value"] in (None, 0), item
        assert item["cases"] in (None, 0), item
        for r, row in enumerate(item["rows"]):
            for c, cell in enumerate(row[1:], start=1):
                if isinstance(cell, int | float) and cell != 0 and not _target(item["id"], r):
                    raise AssertionError((item["id"], r, c, cell))
    capacity = next(i for i in body["indicators"] if i["id"] == "capacity")
    assert [3, 1] in capacity["hidden"] and [6, 1] in capacity["hidden"]  # caseload, inflow


def test_the_api_takes_a_stricter_k_and_refuses_a_smaller_one(manager, few_in_mikkeli_in_swedish):
    refused = manager.get("/api/v1/research/indicators/?k=2")
    assert refused.status_code == 400 and "k" in refused.json()
    assert manager.get("/api/v1/research/indicators/?k=kaksi").status_code == 400
    strict = manager.get("/api/v1/research/indicators/?k=20").json()
    assert strict["k"] == 20
    capacity = next(i for i in strict["indicators"] if i["id"] == "capacity")
    assert capacity["value"] is None and capacity["cases"] is None  # 13 active < 20


def _numbers(cells: list[str]) -> list[str]:
    """The numbers shown but zero (nothing about anyone: shown)."""
    found = [c for c in cells if re.fullmatch(r"[\d  ]+(,\d+)?", c)]
    return [c for c in found if float(c.replace(" ", "").replace(" ", "").replace(",", ".")) != 0]


def test_the_dashboard_csv_and_report_hide_small_cells_alike(manager, few_in_mikkeli_in_swedish):
    page = manager.get(f"/research/?{SMALL}", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "alle 5" in page and "&lt; 5" not in page
    for indicator_id in indicators.REGISTRY:
        article = page.split(f'data-indicator="{indicator_id}"', 1)[1].split("</article>", 1)[0]
        cells = re.findall(r"<td>([^<]*)</td>", article)
        shown = _numbers(cells)
        if indicator_id == "capacity":
            assert shown == ["40"], shown  # the caseload target (POLKU_CASELOAD_TARGET)
        else:
            assert shown == [], (indicator_id, shown)
        csv = manager.get(
            f"/research/tables/{indicator_id}.csv?{SMALL}", HTTP_ACCEPT_LANGUAGE="fi"
        ).content.decode()
        numbers = re.findall(r"(?<=,)(\d+(?:\.\d+)?)(?=\r?$|,)", csv, flags=re.M)
        expected = ["40"] if indicator_id == "capacity" else []
        assert [n for n in numbers if float(n) != 0] == expected, (indicator_id, csv)
    capacity = manager.get(
        f"/research/tables/capacity.csv?{SMALL}", HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    assert "alle 5" in capacity
    month = dt.date.today().strftime("%Y-%m")
    pdf = manager.get(f"/research/report.pdf?month={month}&{SMALL}", HTTP_ACCEPT_LANGUAGE="fi")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "alle 5" in text and "< 5" not in text


def test_every_number_goes_through_the_one_rule():
    """A figure an indicator does not declare (count, share, or resting on a count) is
    treated as a count of clients: hidden when small. Safe figures are declared public."""
    result = indicators.Result(
        value=None,
        cases=3,
        columns=["Figure", "Value"],
        rows=[["target", 40], ["undeclared", 3], ["a mean of three", 12.5], ["zero", 0]],
        public_rows=(0,),
        bases={2: 3},
    )
    shown = disclosure.protect(result, k=5)
    assert shown.rows[0][1] == 40 and shown.rows[3][1] == 0
    assert isinstance(shown.rows[1][1], disclosure.Hidden)
    assert isinstance(shown.rows[2][1], disclosure.Hidden)


def test_the_rest_of_a_part_or_a_funnel_stage_is_a_group_too():
    """40 entered, 38 met: "2 did not" is a group of two; 10 due, 8 on time: 2 late."""
    funnel = indicators.Result(
        value=None,
        cases=40,
        columns=["Stage", "Clients", "Share (%)"],
        rows=[["entered", 40, 100.0], ["met", 38, 95.0], ["plan", 20, 50.0], ["done", 20, 50.0]],
        counts=(1,),
        shares=(2,),
        funnel=1,
    )
    shown = disclosure.protect(funnel, k=5)
    # 38 is no small group: hidden for its rest (2), and says so — not "under 5"
    assert [row[1] for row in shown.rows] == [40, disclosure.Hidden(5, "complement"), 20, 20]
    assert isinstance(shown.rows[1][2], disclosure.Hidden)
    due = indicators.Result(
        value=None,
        cases=30,
        columns=["Month", "Due", "On time", "Share (%)"],
        rows=[["1/2026", 10, 8, 80.0], ["2/2026", 20, 10, 50.0]],
        counts=(1, 2),
        shares=(3,),
        parts=((1, 2),),
    )
    shown = disclosure.protect(due, k=5)
    assert shown.rows[0][1] == 10 and isinstance(shown.rows[0][2], disclosure.Hidden)
    assert isinstance(shown.rows[0][3], disclosure.Hidden)
    # and the next smallest on time, else the hidden one = the total on time − the rest
    assert shown.rows[1][1] == 20 and isinstance(shown.rows[1][2], disclosure.Hidden)
    headline = indicators.Result(value=93.3, cases=30, value_count=28)  # 2 of 30 late
    assert disclosure.protect(headline, k=5).value is None


def test_a_row_that_is_a_part_of_another_row():
    walks = indicators.Result(
        value=None,
        cases=20,
        columns=["Figure", "Value"],
        rows=[["walks finished", 20], ["opened in one meeting", 18], ["deadlocks", 0]],
        count_rows=(0, 1, 2),
        row_parts=((0, 1),),
    )
    shown = disclosure.protect(walks, k=5)
    assert shown.rows[0][1] == 20 and shown.rows[2][1] == 0
    assert isinstance(shown.rows[1][1], disclosure.Hidden)  # 2 walks did not open the knot


def test_the_api_says_why_each_cell_is_hidden(manager, few_in_mikkeli_in_swedish):
    body = manager.get(f"/api/v1/research/indicators/?{SMALL}").json()
    reasons = {"small", "rests_on_small_group", "complement"}
    for item in body["indicators"]:
        assert len(item["hidden_why"]) == len(item["hidden"]), item["id"]
        assert set(item["hidden_why"]) <= reasons, item["id"]
        assert item["value_hidden_why"] == ("small" if item["value_hidden"] else None)
    capacity = next(i for i in body["indicators"] if i["id"] == "capacity")
    why = {
        tuple(cell): reason
        for cell, reason in zip(capacity["hidden"], capacity["hidden_why"], strict=True)
    }
    assert why[(2, 1)] == "small"  # 3 active clients: a count, "under 5"


def test_every_csv_says_why_a_cell_is_hidden_or_empty(manager, few_in_mikkeli_in_swedish):
    """Issue: a CSV table's hidden cell ("alle 5", "piilotettu") had nothing saying what it
    was, and an empty cell (no figure) looked like a lost value. Every table's CSV has a last
    column "Huomautus" saying, row by row, which cell is hidden and why, or empty — in the
    reader's language; the API lists the same cells (`hidden`, `hidden_why`)."""
    import csv

    api = manager.get(f"/api/v1/research/indicators/?{SMALL}", HTTP_ACCEPT_LANGUAGE="fi").json()
    by_id = {item["id"]: item for item in api["indicators"]}
    words = {"alle 5", "piilotettu"}
    hidden_seen = 0
    for indicator_id in indicators.REGISTRY:
        text = manager.get(
            f"/research/tables/{indicator_id}.csv?{SMALL}", HTTP_ACCEPT_LANGUAGE="fi"
        ).content.decode()
        header, *rows = list(csv.reader(io.StringIO(text)))
        assert header[-1] == "Huomautus", (indicator_id, header)
        assert all(len(row) == len(header) for row in rows), indicator_id
        api_hidden = {tuple(cell) for cell in by_id[indicator_id]["hidden"]}
        for r, row in enumerate(rows):
            *cells, note = row
            for c, cell in enumerate(cells[1:], start=1):
                column = header[c]
                if cell in words:
                    hidden_seen += 1
                    assert (r, c) in api_hidden, (indicator_id, r, c)
                    assert f"{column} ”{cell}”:" in note, (indicator_id, note)
                    assert "alle 5 asiak" in note, note  # why, with k
                elif cell == "":
                    assert f"{column}: tyhjä — lukua ei ole" in note, (indicator_id, note)
                    assert by_id[indicator_id]["rows"][r][c] is None
                    assert (r, c) not in api_hidden  # empty: no figure, not hidden
            if not any(cell in words or cell == "" for cell in cells[1:]):
                assert note == "", (indicator_id, row)
    assert hidden_seen > 5


def test_the_csv_note_is_in_the_readers_language(manager, few_in_mikkeli_in_swedish):
    text = manager.get(
        f"/research/tables/capacity.csv?{SMALL}", HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    header = text.splitlines()[0]
    assert header.endswith(",Anmärkning") and "färre än 5 klienter" in text
