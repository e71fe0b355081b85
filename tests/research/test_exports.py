"""Pseudonymised cohort exports: no identifying columns, pseudonyms stable within one export
and different across exports, the guard before anything is written, every export audited
with its purpose and permit."""

import dataclasses
import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from polku.accounts.models import Profession
from polku.audit.models import AuditEvent
from polku.clients.models import Client
from polku.research import exports
from polku.research.frames import Filters
from polku.research.models import OutcomeEvent, ResearchExport
from tests.factories import ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


MARCH = Filters(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.POLKU_RESEARCH_EXPORT_DIR = tmp_path / "exports"
    return settings.POLKU_RESEARCH_EXPORT_DIR


@pytest.fixture
def researcher(kela):
    return ProfessionalFactory(organisation=kela, profession=Profession.RESEARCHER)


@pytest.fixture
def cohort(coordinator):
    clients = []
    for n in range(8):
        # Born within two years of each other: one age band, whatever ran before.
        client = make_client(
            coordinator=coordinator,
            first_names=f"Testi{n}",
            municipality="Seinäjoki",
            birth_date=dt.date(1980 + n % 2, 3 + n, 1),
        )
        Client.objects.filter(pk=client.pk).update(
            created_at=dt.datetime(2026, 3, 2 + n, 9, tzinfo=dt.UTC)
        )
        clients.append(client)
    OutcomeEvent.objects.create(
        client=clients[0], kind="education", date=dt.date(2026, 5, 1), recorded_by=coordinator
    )
    return clients


def _export(researcher, **overrides):
    arguments = {
        "by": researcher,
        "purpose": "Koordinaattorimallin seurantatutkimus",
        "permit_reference": "THL/1234/2026",
        "filters": MARCH,
        "k": 5,
    }
    arguments.update(overrides)
    return exports.make_export(**arguments)


def test_the_export_holds_no_identifying_data_and_is_audited(researcher, cohort):
    export = _export(researcher)
    folder = export.directory
    table = pl.read_parquet(f"{folder}/cohort.parquet")
    assert table.height == 8 and export.rows == 8
    assert set(table.columns) == set(exports.DICTIONARY)
    text = Path(folder, "cohort.csv").read_text(encoding="utf-8")
    for client in cohort:
        assert client.first_names not in text and client.hetu_masked[:6] not in text
        assert str(client.pk) not in table["pseudonym"].to_list()
    assert table["pseudonym"].n_unique() == 8
    assert set(table["entry_month"]) == {"2026-03"}
    row = table.filter(pl.col("outcome_3m") != "unknown")
    assert row["outcome_3m"].to_list() == ["education"]  # 2.3. + 3 months ≥ 1.5.
    dictionary = pl.read_csv(f"{folder}/data_dictionary.csv")
    assert dictionary["column"].to_list() == list(exports.DICTIONARY)
    event = AuditEvent.objects.get(target=f"research_export:{export.pk}")
    assert event.action == "export" and event.purpose == "Koordinaattorimallin seurantatutkimus"
    assert event.details["permit"] == "THL/1234/2026"


def test_pseudonyms_do_not_link_across_exports(researcher, cohort):
    first = pl.read_csv(f"{_export(researcher).directory}/cohort.csv")
    second = pl.read_csv(f"{_export(researcher).directory}/cohort.csv")
    assert not set(first["pseudonym"]) & set(second["pseudonym"])


def test_the_guard_generalises_or_refuses_before_writing(researcher, cohort, export_dir):
    export = _export(researcher, precision="month", k=8)
    assert export.generalised == []  # all eight share the municipality and March
    with pytest.raises(ValidationError, match=r"refused .* fewer than 9 people"):
        _export(researcher, k=9, generalise=False)
    with pytest.raises(ValidationError, match="8 of 8 people"):
        _export(researcher, k=20)  # not even by suppressing at most 5 %
    assert ResearchExport.objects.count() == 1
    assert sorted(p.name for p in export_dir.iterdir()) == [f"export-{export.pk}"]


def test_bad_requests_and_non_researchers_are_refused(researcher, cohort, coordinator):
    with pytest.raises(ValidationError) as error:
        _export(researcher, purpose="", permit_reference="", k=1)
    assert {"purpose", "permit_reference", "k"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError, match="at least 5"):
        _export(researcher, k=4)  # below POLKU_RESEARCH_K (issue 18: k = 2 was accepted)
    with pytest.raises(PermissionError):
        _export(coordinator)
    assert not ResearchExport.objects.exists()


def _codes(dictionary: pl.DataFrame, column: str) -> set[str]:
    text = dictionary.filter(pl.col("column") == column)["values"][0] or ""
    return {pair.split(" = ", 1)[0] for pair in text.split("; ") if pair}


def test_the_dictionary_says_what_the_data_holds(researcher, coordinator, cohort, settings):
    """Issue 16: the dictionary promised 10-year bands and words; the data held 20-year bands
    and the codes intake/unknown. Both now come from the same definitions."""
    for n, born in enumerate((1950, 1962, 1975, 1988, 1999, 2003)):
        client = make_client(
            coordinator=coordinator,
            first_names=f"Ikä{n}",
            municipality="Mikkeli",
            birth_date=dt.date(born, 6, 1),
        )
        Client.objects.filter(pk=client.pk).update(
            created_at=dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC),
            status="intake" if n == 0 else "active",
        )
    settings.POLKU_RESEARCH_K = 2  # a deployment may set k = 2; every column is checked
    for filters in (MARCH, dataclasses.replace(MARCH, region="Seinäjoki")):
        export = _export(researcher, filters=filters, k=2)
        table = pl.read_csv(f"{export.directory}/cohort.csv", infer_schema_length=0)
        dictionary = pl.read_csv(f"{export.directory}/data_dictionary.csv", infer_schema_length=0)
        for column in ("age_band", "status", "language", "outcome_3m", "outcome_12m"):
            found = set(table[column].drop_nulls())
            assert found <= _codes(dictionary, column), (column, found)
        age = dictionary.filter(pl.col("column") == "age_band")["description"][0]
        widened = "age_20_years" in export.generalised
        assert ("20-year" in age) == widened and ("10-year" in age) != widened
        assert {"intake", "unknown"} <= _codes(dictionary, "status") | _codes(
            dictionary, "outcome_3m"
        )
    with translation.override("fi"):
        rows = {d["column"]: d for d in exports.dictionary()}
        assert "10 vuoden" in rows["age_band"]["description"]
        assert any(
            code == "intake" and label != "intake" for code, label in rows["status"]["values"]
        )


def test_generalisation_steps_and_precisions_are_said_in_the_readers_language(researcher):
    with translation.override("fi"):
        assert exports.step_label("age_20_years") == "ikäryhmät levennetty 20 vuoteen"
        assert exports.step_label("age bands widened to 20 years") == (
            "ikäryhmät levennetty 20 vuoteen"  # an export made before the codes
        )
        assert "jätetty pois" in exports.step_label("rows_left_out", 3)
        from polku.research.forms import ExportForm

        labels = [str(label) for _code, label in ExportForm().fields["date_precision"].choices]
        assert labels == ["kuukausi", "neljännesvuosi", "vuosi"]


@pytest.mark.parametrize(
    ("language", "names"),
    [
        (
            "fi",
            ["Tulokuukausi", "Ikäryhmä", "Päiviä suunnitelmaan", "Tilanne 12 kuukauden kohdalla"],
        ),
        (
            "sv",
            ["Inskrivningsmånad", "Åldersgrupp", "Dagar till planen", "Situationen vid 12 månader"],
        ),
        ("en", ["Entry month", "Age band", "Days to the plan", "Situation at 12 months"]),
    ],
)
def test_the_column_picker_names_the_columns_in_the_readers_language(
    client, researcher, language, names
):
    """The columns are chosen by their names; their codes are the CSV file's headings only,
    shown as such in the data dictionary."""
    from tests.conftest import login

    login(client, researcher)
    with translation.override(language):
        from polku.research.forms import ExportForm

        labels = [str(label) for _code, label in ExportForm().fields["columns"].choices]
        assert len(labels) == len(exports.DICTIONARY) - 1  # not the pseudonym: always written
        assert all(label not in exports.DICTIONARY for label in labels), labels
        assert set(names) <= set(labels)
    page = client.get("/research/exports/", HTTP_ACCEPT_LANGUAGE=language)
    picker = page.content.decode().split('id="export-heading"')[1].split("</form>")[0]
    for name in names:
        assert name in picker
    for code in ("entry_month", "age_band", "days_to_plan", "outcome_12m"):
        assert f">{code}<" not in picker  # no code as a label
