"""Open Referral HSDS 3.0: export valid against the official schemas, round trips (JSON and
tabular), idempotent import, bad files refused whole, the public API, official examples."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from polku.catalogue.hsds import documents, files, importer, schemas
from polku.catalogue.models import Prerequisite, Provider, Service

pytestmark = pytest.mark.django_db
IN_CI = os.environ.get("CI") == "true"
EXAMPLES_GIT = Path(
    os.environ.get("POLKU_HSDS_EXAMPLES_GIT", "/work/.mirror/openreferral+specification/repo")
)


def require(condition: bool, reason: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)


def empty_catalogue() -> None:
    Prerequisite.objects.all().delete()
    for service in Service.objects.all():
        service.exclusions.clear()
        service.next_steps.clear()
    Service.objects.all().delete()
    Provider.objects.all().delete()


def test_every_exported_object_is_valid_hsds(catalogue):
    require(schemas.available(), f"the HSDS 3.0 schemas are not at {schemas.schema_dir()}")
    services = documents.all_services()
    assert len(services) >= 40
    for service in services:
        assert schemas.errors(service, "service.json") == [], service["name"]
        assert schemas.errors(service["organization"], "organization.json") == []
    for term in documents.taxonomy_terms():
        assert schemas.errors(term, "taxonomy_term.json") == []
    assert schemas.errors(documents.TAXONOMY, "taxonomy.json") == []


def test_the_whole_map_with_ptv_entries_is_valid_hsds(catalogue, tmp_path):
    """Curated and PTV entries together: national classifications as taxonomy terms,
    channels as locations, phones, contacts and schedules — all valid."""
    require(schemas.available(), f"the HSDS 3.0 schemas are not at {schemas.schema_dir()}")
    from polku.catalogue.ptv import client, samples, sync

    samples.write(tmp_path / "ptv", ("743", "408"), compress=False)
    sync.run(client.PtvClient(client.FolderTransport(tmp_path / "ptv")), ["743", "408"])
    services = documents.all_services()
    assert len(services) > 80
    ptv = [s for s in services if any(a["link_type"] == "ptv" for a in s["attributes"])]
    assert ptv and any(s.get("service_at_locations") for s in ptv)
    assert any(s.get("phones") for s in ptv) and any(s.get("contacts") for s in ptv)
    schedules = [
        schedule
        for s in ptv
        for at in s.get("service_at_locations", [])
        for schedule in at["location"]["schedules"]
    ]
    assert {"freq": "WEEKLY", "byday": "MO,TU,WE,TH", "opens_at": "08:00"}.items() <= schedules[
        0
    ].items()
    for service in services:
        assert schemas.errors(service, "service.json") == [], service["name"]
    terms = documents.taxonomy_terms()
    national = [t for t in terms if t["taxonomy"] != "Polku"]
    assert {t["taxonomy"] for t in national} >= {
        "Palveluluokitus",
        "Kohderyhmät",
        "Elämäntapahtumat",
    }
    for term in terms:
        assert schemas.errors(term, "taxonomy_term.json") == []
    for taxonomy in documents.taxonomies():
        assert schemas.errors(taxonomy, "taxonomy.json") == []
    files.export_to(tmp_path / "export")  # the tabular export takes them too


def test_polku_fields_travel_as_attributes(catalogue):
    service = Service.objects.select_related("provider").get(slug="kuntoutusraha")
    document = documents.service_document(service)
    codes = {a["taxonomy_term"]["code"]: a["value"] for a in document["attributes"]}
    assert codes["text:name:sv"] == "Rehabiliteringspenning"
    assert codes["field:eligibility_rule"] == "rehabilitation_allowance"
    assert "link:prerequisite" in codes and "link:exclusion" in codes


@pytest.mark.parametrize("shape", ["json", "tabular"])
def test_round_trip_into_an_empty_database(catalogue, tmp_path, shape):
    files.export_to(tmp_path / "first")
    before = json.loads((tmp_path / "first" / "services.json").read_text())
    empty_catalogue()
    source = tmp_path / "first" / ("services.json" if shape == "json" else "tabular")
    report = files.import_path(source)
    assert report.services == before["total_items"]
    files.export_to(tmp_path / "second")
    after = json.loads((tmp_path / "second" / "services.json").read_text())
    assert after == before
    for csv_file in (tmp_path / "first" / "tabular").iterdir():
        assert csv_file.read_text() == (tmp_path / "second" / "tabular" / csv_file.name).read_text()


def test_importing_twice_changes_nothing_and_a_change_updates(catalogue, tmp_path):
    files.export_to(tmp_path)
    history = Service.history.count()
    report = files.import_path(tmp_path / "services.json")
    assert (report.created, report.updated) == (0, 0)
    assert Service.history.count() == history
    document = json.loads((tmp_path / "services.json").read_text())
    document["contents"][0]["name"] = "Uusi nimi"
    (tmp_path / "changed.json").write_text(json.dumps(document))
    report = files.import_path(tmp_path / "changed.json")
    assert report.updated == 1
    assert Service.objects.get(hsds_id=document["contents"][0]["id"]).name_fi == "Uusi nimi"


def _one(catalogue_doc, **changes):
    service = dict(catalogue_doc)
    service.update(changes)
    return service


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.update(name=5), "name"),
        (lambda s: s.pop("id"), "id"),
        (lambda s: s.update(id="not-a-uuid"), "not a UUID"),
        (lambda s: s.update(status="open"), "status"),
        (
            lambda s: (
                s.pop("organization"),
                s.update(organization_id="0c3b2f7a-1d2e-4f5a-8b9c-0d1e2f3a4b5c"),
            ),
            "unknown organization",
        ),
        (
            lambda s: s["attributes"].append(
                {
                    **s["attributes"][-1],
                    "id": "9e7b6c5d-4a3b-4c2d-8e1f-0a9b8c7d6e5f",
                    "taxonomy_term_id": documents.term_id("link:next_step"),
                    "taxonomy_term": documents.term("link:next_step"),
                    "value": "5f4e3d2c-1b0a-4c9d-8e7f-6a5b4c3d2e1f",
                }
            ),
            "unknown service",
        ),
    ],
)
def test_bad_documents_are_refused_whole(catalogue, tmp_path, change, message):
    files.export_to(tmp_path)
    document = json.loads((tmp_path / "services.json").read_text())
    document["contents"][0] = json.loads(json.dumps(document["contents"][0]))
    change(document["contents"][0])
    document["contents"][1]["name"] = "Tämä ei saa tallentua"
    counts = (Service.objects.count(), Provider.objects.count(), Service.history.count())
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_document(document)
    assert any(message in problem for problem in refused.value.problems), refused.value.problems
    assert (Service.objects.count(), Provider.objects.count(), Service.history.count()) == counts
    assert not Service.objects.filter(name_fi="Tämä ei saa tallentua").exists()


def test_too_big_and_broken_files_are_refused(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB (sparse)
    with pytest.raises(CommandError, match="more than the limit"):
        call_command("hsds_import", str(big))
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("hsds_import", str(broken))
    with pytest.raises(CommandError, match="no such file"):
        call_command("hsds_import", str(tmp_path / "missing.json"))
    assert not Service.objects.exists()


def test_the_api_is_public_and_paginated(client, catalogue):
    first = client.get("/api/v1/hsds/services", {"per_page": 10}).json()
    assert first["total_items"] == Service.objects.count()
    assert first["size"] == 10 and first["first_page"] and not first["last_page"]
    assert first["total_pages"] == -(-first["total_items"] // 10)
    last = client.get("/api/v1/hsds/services", {"per_page": 10, "page": first["total_pages"]})
    assert last.json()["last_page"]
    one = first["contents"][0]
    assert client.get(f"/api/v1/hsds/services/{one['id']}").json() == one
    organization = client.get(f"/api/v1/hsds/organizations/{one['organization_id']}").json()
    assert any(s["id"] == one["id"] for s in organization["services"])
    assert (
        client.get("/api/v1/hsds/organizations").json()["total_items"] == Provider.objects.count()
    )
    assert client.get("/api/v1/hsds/taxonomies").json()["contents"][0]["name"] == "Polku"
    assert client.get("/api/v1/hsds/taxonomy_terms").json()["total_items"] > 30
    assert client.get("/api/v1/hsds/services/not-a-uuid").status_code == 404
    assert client.get(f"/api/v1/hsds/services/{one['organization_id']}").status_code == 404
    assert client.get("/api/v1/hsds/services", {"page": 0}).status_code == 400
    assert client.post("/api/v1/hsds/services", {}).status_code == 405


def _examples(tmp_path: Path) -> Path:
    require(EXAMPLES_GIT.exists(), f"the HSDS specification repository is not at {EXAMPLES_GIT}")

    def show(path: str) -> bytes:
        return subprocess.run(  # noqa: S603
            ["git", "--git-dir", str(EXAMPLES_GIT), "show", f"HEAD:{path}"],  # noqa: S607
            capture_output=True,
            check=True,
        ).stdout

    names = subprocess.run(  # noqa: S603
        ["git", "--git-dir", str(EXAMPLES_GIT), "ls-tree", "-r", "--name-only", "HEAD", "examples"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout.split()
    for name in names:
        if name.endswith((".json", ".csv")):
            target = tmp_path / name.removeprefix("examples/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(show(name))
    # examples/csv/datapackage.json is a link to the specification's own datapackage.json
    (tmp_path / "csv" / "datapackage.json").write_bytes(show("datapackage.json"))
    return tmp_path


@pytest.mark.parametrize(
    "example", ["service_full.json", "service_list.json", "organization_full.json", "csv"]
)
def test_the_official_examples_import_cleanly_and_idempotently(tmp_path, example):
    path = _examples(tmp_path) / example
    first = files.import_path(path)
    assert first.services == 1
    assert first.created >= 1
    again = files.import_path(path)
    assert (again.created, again.updated) == (0, 0)
    service = Service.objects.get()
    assert service.name_fi and service.name_sv  # filled from the primary text …
    assert not service.verified  # … and marked as not checked in Polku
    assert any("filled from the primary text" in line for line in first.defaulted)


def test_a_municipalitys_own_service_stays_its_own_through_export_and_import(catalogue, tmp_path):
    """A PTV entry offered in Seinäjoki only keeps its municipality through an HSDS round
    trip, so it is not listed for Lapua after the import (before, HSDS carried only the
    area's name and the imported entry, with no municipalities, was listed everywhere); a
    foreign document's service area that names a municipality limits the entry to it."""
    from polku.catalogue.ptv import client, samples, sync
    from polku.catalogue.search import Filters, search

    samples.write(tmp_path / "ptv", ("743", "408"), compress=False)
    sync.run(client.PtvClient(client.FolderTransport(tmp_path / "ptv")), ["743", "408"])
    own = Service.objects.filter(municipalities=["743"]).first()
    assert own is not None and own.area == "Seinäjoki"
    files.export_to(tmp_path / "export")
    empty_catalogue()
    files.import_path(tmp_path / "export" / "services.json")
    imported = Service.objects.get(hsds_id=own.hsds_id)
    assert (imported.area, imported.municipalities) == ("Seinäjoki", ["743"])
    assert imported not in search("", Filters(municipality="408"))
    assert imported in search("", Filters(municipality="743"))

    document = documents.service_document(
        Service.objects.select_related("provider").get(pk=imported.pk)
    )
    document["attributes"] = [
        a for a in document["attributes"] if a["taxonomy_term"]["code"] != "field:municipalities"
    ]
    document["id"] = "0f6c2b1e-3d4a-4b5c-8d9e-1a2b3c4d5e6f"
    document["name"] = "Kunnan oma palvelu"
    for attribute in document["attributes"]:
        if attribute["taxonomy_term"]["code"] == "field:slug":
            attribute["value"] = "kunnan-oma-palvelu"
    document["service_areas"][0]["name"] = "Lapua"
    (tmp_path / "foreign.json").write_text(json.dumps(document))
    report = files.import_path(tmp_path / "foreign.json")
    assert Service.objects.get(slug="kunnan-oma-palvelu").municipalities == ["408"]
    document["service_areas"][0]["name"] = "Etelä-Pohjanmaa"
    (tmp_path / "foreign.json").write_text(json.dumps(document))
    report = files.import_path(tmp_path / "foreign.json")
    assert any("names no municipality" in line for line in report.defaulted)
