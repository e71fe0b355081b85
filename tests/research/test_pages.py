"""The dashboard (managers only), its charts, CSV tables and monthly PDF report; research
exports (researchers only); a client's outcomes through the access rule — all audited."""

import datetime as dt
import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from polku.accounts.models import Profession
from polku.audit.models import AuditEvent
from polku.research import indicators
from polku.research.models import OutcomeEvent, ResearchExport
from tests.conftest import login
from tests.factories import ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, municipality):
    user = ProfessionalFactory(organisation=municipality, profession=Profession.SERVICE_MANAGER)
    return login(client, user), user


@pytest.fixture
def population(coordinator):
    return [make_client(coordinator=coordinator, first_names=f"Testi{n}") for n in range(6)]


def test_a_coordinator_cannot_open_the_dashboard(signed_in):
    assert signed_in.get("/research/").status_code == 403
    assert signed_in.get("/research/tables/capacity.csv").status_code == 403
    assert signed_in.get("/research/exports/").status_code == 403


def test_the_dashboard_shows_every_indicator_with_its_table(manager, population):
    http, user = manager
    page = http.get("/research/?region=&age_band=&language=").content.decode()
    # (a chart that leaves something out says so in its <desc>: aria-describedby before role)
    assert len(re.findall(r'<svg [^>]*role="img"', page)) == len(indicators.REGISTRY)
    assert " style=" not in page.split("<main", 1)[1]  # the CSP allows no inline style
    for indicator in (
        "first_meeting_days",
        "capacity",
        "outcomes",
        "knots_opened",
        "referrals_on_time",
    ):
        assert f'data-indicator="{indicator}"' in page
        assert f"/research/tables/{indicator}.csv" in page
    for person in population:
        assert person.first_names not in page
    assert AuditEvent.objects.filter(actor=user, target="research:dashboard").exists()


def test_each_language_reads_the_same_cached_figures_in_its_own_words(manager, population):
    """The figures are computed once (and cached); the words are the reader's language."""
    http, _user = manager
    finnish = http.get("/research/tables/agreements_on_time.csv", HTTP_ACCEPT_LANGUAGE="fi")
    assert finnish.content.decode().startswith("Kuukausi,")
    http.cookies.load({"django_language": "sv"})
    swedish = http.get("/research/tables/agreements_on_time.csv").content.decode()
    assert swedish.startswith("Månad,") and "Andel (%)" in swedish
    page = http.get("/research/").content.decode()
    assert "Andel (%)" in page


def test_filters_are_validated(manager):
    http, _user = manager
    page = http.get("/research/?start=1.12.2026&end=1.1.2026").content.decode()
    assert 'class="hds-error-summary' in page and 'role="alert"' in page


def test_csv_chart_and_report(manager, population):
    http, user = manager
    response = http.get("/research/tables/capacity.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert len(lines) == 10 and ",6" in lines[3]  # header + 9 figures; 6 active clients
    assert http.get("/research/tables/nonsense.csv").status_code == 404
    pdf = http.get("/research/report.pdf?month=2026-11")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "2026" in text
    assert AuditEvent.objects.filter(actor=user, target="research:report").exists()
    assert AuditEvent.objects.filter(actor=user, target="research:indicator:capacity").exists()


def test_a_researcher_makes_and_downloads_an_export(client, kela, population, settings, tmp_path):
    settings.POLKU_RESEARCH_EXPORT_DIR = tmp_path
    researcher = ProfessionalFactory(organisation=kela, profession=Profession.RESEARCHER)
    http = login(client, researcher)
    today = dt.date.today()
    query = f"?start={(today - dt.timedelta(days=3)):%d.%m.%Y}&end={today:%d.%m.%Y}"
    page = http.get("/research/exports/" + query)
    assert page.status_code == 200
    data = {
        "purpose": "Seurantatutkimus",
        "permit_reference": "THL/1/2026",
        "columns": ["entry_month", "municipality", "outcome_3m"],
        "k": "5",
        "date_precision": "month",
        "generalise": "on",
    }
    response = http.post("/research/exports/" + query, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    export = ResearchExport.objects.get()
    assert export.rows == 6
    download = http.get(f"/research/exports/{export.pk}/cohort.csv")
    body = b"".join(download.streaming_content).decode()
    assert body.splitlines()[0] == "pseudonym,entry_month,municipality,outcome_3m"
    assert http.get(f"/research/exports/{export.pk}/../../etc/passwd").status_code == 404
    refused = http.post("/research/exports/" + query, {**data, "k": "7", "generalise": ""})
    assert refused.status_code == 400 and ResearchExport.objects.count() == 1


def test_recording_an_outcome(signed_in, client_record):
    url = f"/clients/{client_record.pk}/outcomes/"
    assert signed_in.get(url).status_code == 200
    future = (dt.date.today() + dt.timedelta(days=3)).strftime("%d.%m.%Y")
    assert signed_in.post(url, {"kind": "education", "date": future}).status_code == 400
    today = dt.date.today().strftime("%d.%m.%Y")
    assert signed_in.post(url, {"kind": "education", "date": today}).status_code == 302
    assert OutcomeEvent.objects.get().kind == "education"
    assert "outcomes/" in signed_in.get(f"/clients/{client_record.pk}/").content.decode()


def test_the_indicators_api(manager, coordinator, population):
    http, _user = manager
    body = http.get("/api/v1/research/indicators/").json()
    ids = [item["id"] for item in body["indicators"]]
    assert "capacity" in ids and "knots_opened" in ids
    capacity = next(item for item in body["indicators"] if item["id"] == "capacity")
    assert capacity["value"] == 6.0 and capacity["definition"]
    assert http.get("/api/v1/research/indicators/?start=nonsense").status_code == 400
    other = login(Client(), coordinator)
    assert other.get("/api/v1/research/indicators/").status_code == 403


def test_the_municipality_filter_lists_where_clients_live_read_once(
    coordinator, django_assert_num_queries
):
    """The filter's municipalities come from the clients, once: later dashboards read them
    from the shared cache (a DISTINCT over every client cost 50 ms a view at 100 000)."""
    from polku.research.forms import FilterForm

    make_client(coordinator=coordinator, municipality="Mikkeli")
    make_client(coordinator=coordinator, municipality="Kotka")
    make_client(coordinator=coordinator, municipality="")
    first = [value for value, _label in FilterForm().fields["region"].choices]
    assert first == ["", "Kotka", "Mikkeli"]
    with django_assert_num_queries(0):
        again = [value for value, _label in FilterForm().fields["region"].choices]
    assert again == first


def test_a_release_draws_the_charts_and_computes_the_figures_anew(population, monkeypatch):
    """Issue: the charts were cached without the code's version, so after a release the old
    rendering was served until the cache expired. The keys carry Polku's release — the same
    fingerprint of the code as the route plans' (polku.core.memo) — so a release gives new
    keys; the same release reads what it drew."""
    from polku.core import memo
    from polku.research import charts, selectors
    from polku.research.frames import Filters

    today = dt.date.today()
    filters = Filters(start=today - dt.timedelta(days=30), end=today)
    drawn = selectors.charts(filters)
    computed = selectors.results(filters)
    monkeypatch.setattr(charts, "svg", lambda indicator, result: "<svg>new release</svg>")
    assert selectors.charts(filters) == drawn  # the same release: from the cache
    monkeypatch.setattr(memo, "source_fingerprint", lambda patterns: "next-release")
    assert set(selectors.charts(filters).values()) == {"<svg>new release</svg>"}
    assert selectors.results(filters) is not computed  # computed again, not read back
    assert "polku/**/*.py" in selectors.SOURCES and "requirements.lock" in selectors.SOURCES
