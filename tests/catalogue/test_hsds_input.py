"""`hsds_import` on malformed input: one clear message, exit status 2, nothing imported,
never a traceback (issue 18, finding 17)."""

import json

import pytest
from django.core.management import CommandError, call_command

from polku.catalogue.hsds import documents, files, importer
from polku.catalogue.models import Provider, Service

pytestmark = pytest.mark.django_db


def _refused(path, message: str) -> None:
    before = (Service.objects.count(), Provider.objects.count())
    with pytest.raises(CommandError, match=message) as refused:
        call_command("hsds_import", str(path))
    assert refused.value.returncode == 2
    assert (Service.objects.count(), Provider.objects.count()) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper than 64"),
        (b'{"id": "\xc3\x28"}', "not UTF-8"),
        (b'{"id": "a", "name": "\\udc80"}', "lone surrogate"),
        (b'{"id": "a", "x": 1' + b"0" * 400 + b"}", "too big"),
        (b'{"id": "a", "x": 1e400}', "too big"),
        (b'{"id": "a", "x": -Infinity}', "Infinity is not a number"),
        (b'{"id": "a", "id": "b"}', "given twice"),
        (b"{ not json", "not valid JSON"),
    ],
    ids=["deep", "utf8", "surrogate", "10e400", "1e400", "infinity", "duplicate", "broken"],
)
def test_malformed_json_is_refused_with_status_2(tmp_path, content, message):
    path = tmp_path / "services.json"
    path.write_bytes(content)
    _refused(path, message)


def _package(tmp_path, services_csv: bytes):
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "services.csv").write_bytes(services_csv)
    (folder / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "service", "path": "services.csv"}]})
    )
    return folder


def test_a_tabular_package_that_is_not_utf8_is_refused(tmp_path):
    _refused(_package(tmp_path, b"id,name\n1,caf\xe9\n"), "services.csv is not UTF-8")


def test_a_tabular_cell_past_the_csv_limit_is_refused(tmp_path):
    _refused(_package(tmp_path, b'id,name\n1,"' + b"a" * 200_000 + b'"\n'), "services.csv")


def test_a_deep_datapackage_is_refused(tmp_path):
    folder = _package(tmp_path, b"id,name\n")
    (folder / "datapackage.json").write_bytes(b"[" * 100_000)
    _refused(folder, "nested deeper than 64")


def test_a_number_the_database_cannot_hold_is_refused_by_field(catalogue, tmp_path):
    files.export_to(tmp_path)
    document = json.loads((tmp_path / "services.json").read_text())
    service = document["contents"][0]
    service["attributes"].append(
        documents._attribute(
            service["id"], "service", "field:processing_time_days", "1" + "0" * 400
        )
    )
    before = Service.history.count()
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_document(document)
    assert any(p.startswith("contents[0]: processing_time_days") for p in refused.value.problems), (
        refused.value.problems
    )
    assert Service.history.count() == before
