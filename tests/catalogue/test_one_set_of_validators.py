"""One set of validators for every way into the catalogue (issue 18, finding 4): the model
fields carry the rules (web addresses only http(s), text lengths), and the HSDS importer,
the loader of services.yaml and the admin all apply them, refusing with the record and
field named and writing nothing. Pages link only http(s) addresses whatever is stored."""

import json
import shutil

import pytest
import yaml
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from polku.catalogue import loader, validation
from polku.catalogue.hsds import documents, files, importer
from polku.catalogue.models import Provider, Service

pytestmark = pytest.mark.django_db

BAD_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "ftp://x.fi/"]


def _exported(tmp_path) -> dict:
    files.export_to(tmp_path)
    return json.loads((tmp_path / "services.json").read_text())


def _set(service: dict, code: str, value: str | None) -> None:
    """Set (None: remove) the Polku attribute `code` of an exported HSDS service."""
    service["attributes"] = [a for a in service["attributes"] if a["taxonomy_term"]["code"] != code]
    if value is not None:
        service["attributes"].append(documents._attribute(service["id"], "service", code, value))


def _counts():
    return (Service.objects.count(), Provider.objects.count(), Service.history.count())


def _refused(document, *wanted: str) -> list[str]:
    before = _counts()
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_document(document)
    problems = refused.value.problems
    for text in wanted:
        assert any(text in p for p in problems), problems
    assert _counts() == before  # all or nothing
    assert not Service.objects.filter(name_fi="Tämä ei saa tallentua").exists()
    return problems


@pytest.mark.parametrize("url", BAD_URLS)
def test_the_importer_refuses_a_non_web_address(catalogue, tmp_path, url):
    document = _exported(tmp_path)
    document["contents"][1]["name"] = "Tämä ei saa tallentua"
    _set(document["contents"][0], "field:application_url", url)
    _refused(document, "contents[0]", "application_url", "http")


def test_the_importer_refuses_a_non_web_website_and_service_url(catalogue, tmp_path):
    document = _exported(tmp_path)
    document["contents"][1]["name"] = "Tämä ei saa tallentua"
    document["contents"][0]["organization"]["website"] = "javascript:alert(1)"
    _set(document["contents"][0], "field:source_url", None)
    document["contents"][0]["url"] = "javascript:alert(2)"
    _refused(document, "contents[0].organization: website", "contents[0]: source_url")


def test_the_importer_refuses_a_10_mb_text(catalogue, tmp_path):
    document = _exported(tmp_path)
    document["contents"][1]["name"] = "Tämä ei saa tallentua"
    document["contents"][0]["description"] = "a" * 10_000_000
    document["contents"][0]["organization"]["description"] = "b" * (validation.LONG_TEXT + 1)
    _refused(document, "contents[0]: description_fi", f"{validation.LONG_TEXT}", "organization")


def test_the_loader_refuses_what_the_admin_refuses(tmp_path):
    shutil.copytree(loader.DATA, tmp_path / "data")
    path = tmp_path / "data" / "services.yaml"
    services = yaml.safe_load(path.read_text(encoding="utf-8"))
    services[3]["apply_url"] = "javascript:alert(1)"
    services[4]["description"]["sv"] = "x" * (validation.LONG_TEXT + 1)
    path.write_text(yaml.safe_dump(services, allow_unicode=True), encoding="utf-8")
    with pytest.raises(loader.CatalogueError) as error:
        loader.load(tmp_path / "data")
    problems = error.value.problems
    assert any(services[3]["slug"] in p and "application_url" in p for p in problems), problems
    assert any(services[4]["slug"] in p and "description_sv" in p for p in problems), problems
    assert not Service.objects.exists()


@pytest.mark.parametrize("url", BAD_URLS)
def test_the_model_and_the_admin_form_refuse_a_non_web_address(catalogue, url):
    service = Service.objects.get(slug="kuntoutusraha")
    service.application_url = url
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "application_url" in error.value.message_dict
    admin = site._registry[Service]
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_active=True)
    form_class = admin.get_form(request, service)
    data = {
        name: getattr(service, name)
        for name in form_class.base_fields
        if name not in ("exclusions", "next_steps", "provider", "replaced_by")
    }
    data |= {"provider": service.provider_id, "application_url": url}
    form = form_class(data=data, instance=service)
    assert not form.is_valid()
    assert "application_url" in form.errors


def test_a_stored_non_web_address_is_never_a_link(signed_in, catalogue):
    Service.objects.filter(slug="kuntoutusraha").update(
        application_url="javascript:alert(1)", source_url="data:text/html,x"
    )
    page = signed_in.get("/map/services/kuntoutusraha/").content.decode()
    assert 'href="javascript:' not in page.lower()
    assert 'href="data:' not in page.lower()
    assert "javascript:alert(1)" in page  # shown as text, so a curator can see and fix it
    Service.objects.filter(slug="kuntoutusraha").update(application_url="https://www.kela.fi/")
    page = signed_in.get("/map/services/kuntoutusraha/").content.decode()
    assert 'href="https://www.kela.fi/"' in page
