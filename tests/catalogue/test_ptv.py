"""PTV sync (polku.catalogue.ptv): the wire parser, the client's retries, the sync from saved
responses — idempotent, incremental, retiring, all or nothing — the curated layer surviving,
and the entries on the map's pages and in search."""

import contextlib
import copy
import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from polku.catalogue.models import PtvSyncRun, Service, ServiceChannel, Source
from polku.catalogue.ptv import client as ptv_client
from polku.catalogue.ptv import regions, samples, sync, wire
from polku.catalogue.search import Filters, search

pytestmark = pytest.mark.django_db
AREA = ["743", "408"]


@pytest.fixture
def saved(tmp_path) -> Path:
    samples.write(tmp_path / "saved", AREA, compress=False)
    return tmp_path / "saved"


def folder_client(directory: Path) -> ptv_client.PtvClient:
    return ptv_client.PtvClient(ptv_client.FolderTransport(directory), sleep=lambda s: None)


def first_page(directory: Path, code: str = "743") -> Path:
    return (
        directory
        / f"Service/list/area/Municipality/code/{code}/includeWholeCountry=false&page=1.json"
    )


def edit_page(directory: Path, change, code: str = "743") -> None:
    """Change the first page of a municipality's whole items; each item left on it is saved
    again as `Service/<id>.json` too (what an incremental run reads by id)."""
    for path in sorted(first_page(directory, code).parent.glob("*.json")):
        page = json.loads(path.read_text())
        change(page)
        path.write_text(json.dumps(page))
        for item in page["itemList"] if isinstance(page.get("itemList"), list) else []:
            (directory / f"Service/{item['id']}.json").write_text(json.dumps(item))
        return


class Recording:
    """A transport that records the requests (path and parameters)."""

    def __init__(self, inner):
        self.inner, self.requests = inner, []

    def get(self, path, params):
        self.requests.append((path, dict(params)))
        return self.inner.get(path, params)


def a_service(directory: Path) -> dict:
    return json.loads(first_page(directory).read_text())["itemList"][0]


# --- the wire format ----------------------------------------------------------------------


def test_a_sample_service_parses(saved):
    service = wire.parse_service(a_service(saved))
    assert service.names.get("fi").startswith("Työnhakijan palvelut")
    assert service.municipalities == ("743",)
    assert {c.scheme for c in service.classifications} >= {"service_class", "target_group"}
    assert service.responsible is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.update(id="nope"), "not a PTV id"),
        (
            lambda s: s.update(serviceNames=[{"type": "Name", "language": "sv", "value": "x"}]),
            "no Finnish name",
        ),
        (
            lambda s: s["serviceClasses"].append({**s["serviceClasses"][0], "code": "X99"}),
            "unknown serviceClasses code",
        ),
        (lambda s: s.update(areaType="Everywhere"), "unknown areaType"),
        (lambda s: s["areas"][0].update(code="7430"), "unknown municipality code"),
        (lambda s: s.update(modified="yesterday"), "not a date"),
        (lambda s: s.update(organizations=[]), "no responsible organization"),
        (lambda s: s.update(serviceNames=None), "serviceNames must be a list"),
    ],
)
def test_malformed_services_are_refused_with_a_reason(saved, change, message):
    item = copy.deepcopy(a_service(saved))
    change(item)
    with pytest.raises(wire.WireError, match=message):
        wire.parse_service(item)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(
    key=st.sampled_from(
        [
            "id",
            "type",
            "serviceNames",
            "serviceDescriptions",
            "areaType",
            "areas",
            "serviceClasses",
            "targetGroups",
            "lifeEvents",
            "ontologyTerms",
            "serviceChannels",
            "organizations",
            "publishingStatus",
            "modified",
            "languages",
        ]
    ),
    value=json_values,
)
def test_any_malformed_field_is_a_wire_error_never_a_crash(key, value):
    item = json.loads(SAMPLE)
    item[key] = value
    with contextlib.suppress(wire.WireError):
        wire.parse_service(item)


@settings(max_examples=100, deadline=None)
@given(value=json_values)
def test_any_malformed_page_is_a_wire_error(value):
    with contextlib.suppress(wire.WireError):
        wire.parse_page(value, "page")


SAMPLE = json.dumps(samples.build(("743",))["services"]["743"][0])


# --- the client ---------------------------------------------------------------------------


class Flaky:
    """A transport failing `failures` times before answering."""

    def __init__(self, inner, failures):
        self.inner, self.failures, self.calls = inner, failures, 0

    def get(self, path, params):
        self.calls += 1
        if self.calls <= self.failures:
            raise ptv_client.Transient(f"{path}: HTTP 503")
        return self.inner.get(path, params)


def test_transient_errors_are_retried_with_back_off(saved):
    waits = []
    transport = Flaky(ptv_client.FolderTransport(saved), failures=2)
    client = ptv_client.PtvClient(transport, sleep=waits.append, backoff=1.0)
    report = sync.run(client, AREA)
    assert waits == [1.0, 2.0]
    assert report.created > 0


def test_an_api_that_stays_down_changes_nothing_and_is_recorded(saved):
    client = ptv_client.PtvClient(
        Flaky(ptv_client.FolderTransport(saved), 99), retries=3, sleep=lambda s: None
    )
    with pytest.raises(ptv_client.PtvUnavailable, match="after 4 tries"):
        sync.run(client, AREA)
    assert not Service.objects.filter(source=Source.PTV).exists()
    run = PtvSyncRun.objects.get()
    assert not run.succeeded and "PtvUnavailable" in run.error


def test_http_transport_maps_status_codes():
    class Response:
        def __init__(self, status):
            self.status_code = status

        def json(self):
            return {"ok": True}

    class Session:
        headers: dict = {}

        def __init__(self, status):
            self.status = status

        def get(self, url, params, timeout):
            return Response(self.status)

    assert ptv_client.HttpTransport("https://x.invalid", session=Session(200)).get("S", {}) == {
        "ok": True
    }
    with pytest.raises(ptv_client.Transient):
        ptv_client.HttpTransport("https://x.invalid", session=Session(502)).get("S", {})
    with pytest.raises(ptv_client.NotFound):
        ptv_client.HttpTransport("https://x.invalid", session=Session(404)).get("S", {})


# --- the sync -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sync_brings_services_channels_and_providers(saved):
    report = sync.run(folder_client(saved), AREA)
    services = Service.objects.filter(source=Source.PTV)
    assert report.created == services.count() > 30
    assert report.refused == []
    service = services.get(name_fi="Työnhakijan palvelut, Seinäjoki")
    assert service.municipalities == ["743"]
    assert service.ptv_url.startswith("https://www.suomi.fi/palvelut/")
    assert service.provider.ptv_id is not None
    assert service.channels.filter(kind="ServiceLocation").exists()
    location = service.channels.get(kind="ServiceLocation")
    assert location.hours[0]["opening"][0] == {
        "day_from": "Monday",
        "day_to": "Thursday",
        "from": "08:00",
        "to": "16:00",
    }


@pytest.mark.django_db
def test_running_twice_changes_nothing(saved):
    sync.run(folder_client(saved), AREA, full=True)
    history = Service.history.count()
    report = sync.run(folder_client(saved), AREA, full=True)
    assert (report.created, report.updated, report.retired) == (0, 0, 0)
    assert report.unchanged > 30
    assert Service.history.count() == history


@pytest.mark.django_db
def test_incremental_reads_only_what_changed_since_the_last_run(saved):
    first = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    sync.run(folder_client(saved), AREA, now=first)

    def touch(page):
        page["itemList"][0]["modified"] = "2026-11-30T10:00:00Z"
        page["itemList"][0]["serviceNames"][0]["value"] = "Työnhakijan palvelut Seinäjoella"

    edit_page(saved, touch)
    report = sync.run(folder_client(saved), AREA, now=first + dt.timedelta(days=6))
    assert report.since == first
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert Service.objects.filter(name_fi="Työnhakijan palvelut Seinäjoella").exists()


@pytest.mark.django_db
def test_requests_follow_the_v11_api(saved):
    """A full run reads the whole items of each municipality (that list takes no date); an
    incremental one the date-filtered guid list, the changed services by id 100 at a time, and
    the archived and withdrawn ones since the last run."""
    transport = Recording(ptv_client.FolderTransport(saved))
    first = dt.datetime(2026, 11, 25, 2, 30, tzinfo=dt.UTC)
    sync.run(ptv_client.PtvClient(transport), AREA, now=first)
    paths = {path for path, _ in transport.requests}
    assert "Service/list/area/Municipality/code/743" in paths
    assert "Service/area/Municipality/code/743" not in paths and "Service" not in paths
    assert all("date" not in params for _, params in transport.requests)
    listing = next(p for path, p in transport.requests if path.startswith("Service/list/area"))
    assert listing == {"includeWholeCountry": "false", "page": "1"}
    assert all(
        len(params["guids"].split(",")) <= 100
        for path, params in transport.requests
        if path.endswith("/list")
    )

    transport.requests.clear()
    sync.run(ptv_client.PtvClient(transport), AREA, now=first + dt.timedelta(days=1))
    guid_page = next(p for path, p in transport.requests if path.startswith("Service/area/"))
    assert guid_page == {
        "includeWholeCountry": "false",
        "date": "2026-11-25T02:30:00",
        "page": "1",
    }
    assert not any(path.startswith("Service/list/area") for path, _ in transport.requests)
    assert any(path == "Service/list" for path, _ in transport.requests)
    statuses = {p.get("status") for path, p in transport.requests if path == "Service"}
    assert statuses == {"Archived", "Withdrawn"}


def whole_country_requests(transport: Recording) -> list[tuple[str, dict]]:
    return [
        (path, params)
        for path, params in transport.requests
        if params.get("includeWholeCountry") == "true"
    ]


NATIONWIDE_NAMES = {"Sairauspäiväraha", "Kuntoutusraha", "Kriisipuhelin", "Velkalinja"}


@pytest.mark.django_db
def test_nationwide_services_are_read_once_a_run_and_kept_by_a_full_run(saved):
    """The services for the whole country come from one list with includeWholeCountry=true
    (for the area's first municipality in code order), not one per municipality; a full run
    counts them as served, an incremental one reads the date-filtered guid list once."""
    transport = Recording(ptv_client.FolderTransport(saved))
    first = dt.datetime(2026, 11, 25, 2, 30, tzinfo=dt.UTC)
    report = sync.run(ptv_client.PtvClient(transport), AREA, now=first, nationwide=True)
    assert report.refused == []
    assert whole_country_requests(transport) == [
        ("Service/list/area/Municipality/code/408", {"includeWholeCountry": "true", "page": "1"})
    ]
    nationwide = Service.objects.filter(source=Source.PTV, municipalities=[])
    names = set(nationwide.values_list("name_fi", flat=True))
    assert names >= NATIONWIDE_NAMES and len(names) == len(samples.NATIONWIDE)
    kela = nationwide.get(name_fi="Sairauspäiväraha")
    assert kela.provider.name == "Kela" and kela.is_active
    # The municipality's own services on that list are not counted twice.
    assert report.created == len(list((saved / "Service").glob("*.json")))

    transport.requests.clear()
    again = sync.run(ptv_client.PtvClient(transport), AREA, full=True, now=first, nationwide=True)
    assert (again.created, again.updated, again.retired) == (0, 0, 0)
    assert len(whole_country_requests(transport)) == 1
    assert nationwide.filter(is_active=True).count() == len(samples.NATIONWIDE)

    transport.requests.clear()
    sync.run(
        ptv_client.PtvClient(transport), AREA, now=first + dt.timedelta(days=1), nationwide=True
    )
    assert whole_country_requests(transport) == [
        (
            "Service/area/Municipality/code/408",
            {"includeWholeCountry": "true", "date": "2026-11-25T02:30:00", "page": "1"},
        )
    ]


@pytest.mark.django_db
def test_the_setting_turns_the_nationwide_services_off(saved):
    transport = Recording(ptv_client.FolderTransport(saved))
    with override_settings(POLKU_PTV_NATIONWIDE=False):
        sync.run(ptv_client.PtvClient(transport), AREA)
    assert whole_country_requests(transport) == []
    assert Service.objects.filter(source=Source.PTV).exists()
    assert not Service.objects.filter(source=Source.PTV, municipalities=[]).exists()


@pytest.mark.django_db
def test_an_area_on_aland_leaves_out_the_services_for_the_mainland_only(saved, monkeypatch):
    monkeypatch.setattr(regions, "ALAND", frozenset(AREA))  # the sample area stands in
    sync.run(folder_client(saved), AREA, nationwide=True)
    names = set(
        Service.objects.filter(source=Source.PTV, municipalities=[]).values_list(
            "name_fi", flat=True
        )
    )
    assert names >= NATIONWIDE_NAMES and "Perustoimeentulotuki" not in names


@pytest.mark.django_db
def test_the_municipality_filter_keeps_the_nationwide_services(saved):
    sync.run(folder_client(saved), AREA, nationwide=True)
    for code in AREA:
        found = {s.name_fi for s in search("", Filters(municipality=code))}
        assert found >= NATIONWIDE_NAMES
    assert "Kriisipuhelin" in {s.name_fi for s in search("kriisi", Filters(municipality="408"))}


def test_the_v11_enumerations_are_read_and_older_ones_refused(saved):
    item = copy.deepcopy(a_service(saved))
    assert item["areaType"] == "LimitedType"
    item["areas"][0]["type"] = "WellbeingServiceCounties"
    item["areas"][0]["code"] = "20"
    assert wire.parse_service(item).municipalities == ("743",)
    for field, old in (("areaType", "AreaType"), ("type", "ProfessionalQualifications")):
        with pytest.raises(wire.WireError, match=f"unknown {field}"):
            wire.parse_service({**item, field: old})


@pytest.mark.django_db
def test_withdrawn_and_missing_services_are_retired(saved):
    sync.run(folder_client(saved), AREA, now=dt.datetime(2026, 11, 25, tzinfo=dt.UTC))
    gone = a_service(saved)["id"]
    (saved / "Service").mkdir(exist_ok=True)
    (saved / "Service/page=1&status=Withdrawn.json").write_text(
        json.dumps(
            {
                "pageNumber": 1,
                "pageSize": 100,
                "pageCount": 1,
                "itemList": [{"id": gone, "name": "x"}],
            }
        )
    )
    edit_page(saved, lambda page: page["itemList"].pop(0))
    report = sync.run(folder_client(saved), AREA, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    assert report.retired == 1
    entry = Service.objects.get(ptv_id=gone)
    assert not entry.is_active
    assert entry not in search("")
    # A full run retires what PTV no longer serves, too (and nothing else).
    (saved / "Service/page=1&status=Withdrawn.json").unlink()
    edit_page(saved, lambda page: page["itemList"].pop(0))
    report = sync.run(folder_client(saved), AREA, full=True)
    assert report.retired == 1


@pytest.mark.django_db
def test_a_malformed_item_is_refused_and_the_rest_written(saved):
    def spoil(page):
        page["itemList"][0]["serviceClasses"][0]["code"] = "Z1"

    edit_page(saved, spoil)
    report = sync.run(folder_client(saved), AREA)
    assert len(report.refused) == 1 and "unknown serviceClasses code 'Z1'" in report.refused[0]
    assert report.created > 30
    assert PtvSyncRun.objects.get().refused == report.refused


@pytest.mark.django_db
def test_a_malformed_page_fails_the_run_and_changes_nothing(saved):
    sync.run(folder_client(saved), AREA, now=dt.datetime(2026, 11, 25, tzinfo=dt.UTC))
    before = list(Service.objects.order_by("pk").values_list("pk", "name_fi", "is_active"))
    edit_page(saved, lambda page: page["itemList"][0]["serviceNames"][0].update(value="Muutettu"))
    edit_page(saved, lambda page: page.update(pageCount="many"), code="408")
    with pytest.raises(wire.WireError, match="pageCount"):
        sync.run(folder_client(saved), AREA, full=True)
    assert list(Service.objects.order_by("pk").values_list("pk", "name_fi", "is_active")) == before


@pytest.mark.django_db
def test_the_curated_layer_survives_every_sync(saved):
    sync.run(folder_client(saved), AREA, now=dt.datetime(2026, 11, 25, tzinfo=dt.UTC))
    entry = Service.objects.get(name_fi="Kuntouttava työtoiminta, Seinäjoki")
    entry.plain_summary_fi = "Työtoimintaa muutamana päivänä viikossa."
    entry.income_effect_fi = "Saat kulukorvauksen työttömyysetuuden lisäksi."
    entry.processing_time_days = 14
    entry.income_component = ""
    entry.save()
    other = Service.objects.get(name_fi="Työkokeilu, Seinäjoki")
    entry.next_steps.add(other)

    def change(page):
        for item in page["itemList"]:
            if item["id"] == str(entry.ptv_id):
                item["modified"] = "2026-11-30T10:00:00Z"
                item["serviceDescriptions"][1]["value"] = "Uusi kuvaus."

    edit_page(saved, change)
    sync.run(folder_client(saved), AREA, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    sync.run(folder_client(saved), AREA, full=True)
    entry.refresh_from_db()
    assert entry.description_fi == "Uusi kuvaus."
    assert entry.plain_summary_fi == "Työtoimintaa muutamana päivänä viikossa."
    assert entry.income_effect_fi.startswith("Saat kulukorvauksen")
    assert entry.processing_time_days == 14
    assert list(entry.next_steps.all()) == [other]


@pytest.mark.django_db
def test_a_curated_entry_linked_to_ptv_is_not_duplicated(saved, catalogue):
    curated = (
        Service.objects.get(slug="tyokokeilu")
        if Service.objects.filter(slug="tyokokeilu").exists()
        else Service.objects.filter(source=Source.CURATED).first()
    )
    texts = (curated.name_fi, curated.description_fi)
    ptv_id = uuid.UUID(a_service(saved)["id"])
    curated.ptv_id = ptv_id
    curated.save()
    sync.run(folder_client(saved), AREA)
    assert Service.objects.filter(ptv_id=ptv_id).count() == 1
    curated.refresh_from_db()
    assert curated.source == Source.CURATED
    assert (curated.name_fi, curated.description_fi) == texts
    # The PTV reference, not PTV's area: the curated entry stays where it was offered, and
    # the Seinäjoki service's channels are not shown as everyone's.
    assert (curated.area, curated.municipalities) == ("", [])
    assert not curated.channels.exists()


@pytest.mark.django_db
def test_a_linked_entry_takes_the_channels_of_a_ptv_service_that_covers_its_area(saved, catalogue):
    """Where the PTV service covers the whole of the entry's area — the entry names the same
    region ("Seinäjoki"), or the PTV service is for the whole country — its channels are the
    entry's (on the link, and on each sync)."""
    from polku.catalogue import matching

    local = Service.objects.get(slug="tyokokeilu")
    local.area = "Seinäjoki"
    local.ptv_id = uuid.UUID(a_service(saved)["id"])  # Työnhakijan palvelut, Seinäjoki
    local.save()
    sync.run(folder_client(saved), AREA, nationwide=True)
    local.refresh_from_db()
    assert local.channels.exists()
    # The sample's nationwide services have no channels: give Kela's one a phone service.
    curated = Service.objects.get(slug="kelan-sairauspaivaraha")
    kela = Service.objects.get(source=Source.PTV, name_fi="Sairauspäiväraha")
    phone = ServiceChannel.objects.create(
        ptv_id=uuid.uuid4(), kind="Phone", names={"fi": "Kelan palvelunumero"}
    )
    kela.channels.set([phone])
    assert kela.municipalities == [] and kela.area == ""
    matching.link(curated, kela)
    assert list(curated.channels.all()) == [phone]


@pytest.mark.django_db
def test_the_command_reports_and_refuses_a_bad_area(saved):
    from io import StringIO

    out = StringIO()
    call_command("ptv_sync", "--from", str(saved), "--area", "743,408", stdout=out)
    assert "created" in out.getvalue()
    with pytest.raises(CommandError, match="neither a three-digit"):
        call_command("ptv_sync", "--from", str(saved), "--area", "Seinäjoki")
    with pytest.raises(CommandError, match="changed nothing"):
        call_command("ptv_sync", "--from", str(saved / "missing"), "--area", "743")


@pytest.mark.django_db
def test_the_task_tells_the_curators_when_the_sync_fails(saved, mailoutbox):
    from polku.catalogue.curators import ensure_curators_group
    from polku.catalogue.ptv.tasks import ptv_sync
    from tests.factories import ProfessionalFactory

    curator = ProfessionalFactory(email="kuraattori@example.fi")
    curator.groups.add(ensure_curators_group())
    with pytest.raises(ptv_client.PtvError):
        ptv_sync.call(areas=["743"], source=str(saved / "missing"))
    assert [m.to for m in mailoutbox] == [["kuraattori@example.fi"]]
    assert "epäonnistui" in mailoutbox[0].subject
    assert not Service.objects.filter(source=Source.PTV).exists()


@pytest.mark.django_db
def test_the_task_mails_the_refused_items_to_the_curators(saved, mailoutbox):
    from polku.catalogue.curators import ensure_curators_group
    from polku.catalogue.ptv.tasks import ptv_sync
    from tests.factories import ProfessionalFactory

    curator = ProfessionalFactory(email="kuraattori@example.fi")
    curator.groups.add(ensure_curators_group())
    ProfessionalFactory(email="muu@example.fi")  # not a curator: not told
    edit_page(saved, lambda page: page["itemList"][0]["serviceClasses"][0].update(code="Z1"))
    result = ptv_sync.call(areas=["743"], source=str(saved))
    assert result["created"] > 10 and len(result["refused"]) == 1
    assert [m.to for m in mailoutbox] == [["kuraattori@example.fi"]]
    assert "hylkäsi" in mailoutbox[0].subject
    assert "unknown serviceClasses code 'Z1'" in mailoutbox[0].body


# --- on the map ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_finds_ptv_services_by_everyday_words(saved):
    sync.run(folder_client(saved), AREA)
    names = [s.name_fi for s in search("masennus")]
    assert any("Mielenterveyden" in n for n in names)
    names = [s.name_fi for s in search("työkkäri seinäjoki")]
    assert "Työnhakijan palvelut, Seinäjoki" in names
    found = search("toimeentulotuki")
    assert any(s.source == Source.PTV for s in found)


@pytest.mark.django_db
def test_filters_by_municipality_target_group_life_event_and_class(saved):
    sync.run(folder_client(saved), AREA)
    lapua = search("", Filters(municipality="408"))
    assert lapua and all(not s.municipalities or "408" in s.municipalities for s in lapua)
    assert not any(s.name_fi.endswith("Seinäjoki") for s in lapua)
    young = search("", Filters(target_group="KR1.2"))
    assert young and all(any(c["code"] == "KR1.2" for c in s.classifications) for s in young)
    unemployed = search("", Filters(life_event="KE7"))
    assert unemployed and all(
        any(c["code"] == "KE7" for c in s.classifications) for s in unemployed
    )
    mental = search("", Filters(service_class="P4.7"))
    assert mental and all(any(c["code"] == "P4.7" for c in s.classifications) for s in mental)
    assert set(search("", Filters(source="ptv"))) == set(
        Service.objects.filter(source=Source.PTV, is_active=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("fi", "Suomi.fi-palvelutietovaranto"),
        ("sv", "Suomi.fi-palvelutietovaranto"),
        ("en", "Suomi.fi-palvelutietovaranto"),
    ],
)
def test_pages_name_the_source_and_the_date_of_the_sync(saved, signed_in, language, label):
    sync.run(folder_client(saved), AREA, now=dt.datetime(2026, 12, 3, 1, 0, tzinfo=dt.UTC))
    client = signed_in
    client.cookies["django_language"] = language
    entry = Service.objects.get(name_fi="Työnhakijan palvelut, Seinäjoki")
    page = client.get(
        reverse("catalogue:service", args=[entry.slug]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert label in page
    assert entry.ptv_url in page
    assert "Keskuskatu" in page
    listing = client.get(
        reverse("catalogue:search"),
        {"q": "työnhakijan", "municipality": "743"},
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    assert label in listing
    assert "2026-12" not in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "row"),
    [
        ("fi", "Tietojen alkuperä", "Lähde"),
        ("sv", "Uppgifternas ursprung", "Källa"),
        ("en", "Where the information comes from", "Source"),
    ],
)
def test_the_source_section_heading_is_not_its_rows_label(saved, signed_in, language, heading, row):
    import re

    sync.run(folder_client(saved), AREA)
    entry = Service.objects.get(name_fi="Työnhakijan palvelut, Seinäjoki")
    signed_in.cookies["django_language"] = language
    page = signed_in.get(
        reverse("catalogue:service", args=[entry.slug]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    section = page[page.index('id="source-heading"') :]
    assert re.match(r'id="source-heading">([^<]*)</h2>', section).group(1) == heading
    labels = re.findall(r"<dt>([^<]*)</dt>", section[: section.index("</section>")])
    assert row in labels and heading not in labels


@pytest.mark.django_db
def test_a_plan_step_can_point_to_a_ptv_service(saved):
    sync.run(folder_client(saved), AREA)
    from polku.plans.models import Step

    field = Step._meta.get_field("service")
    assert field.related_model is Service
    entry = Service.objects.filter(source=Source.PTV).first()
    assert entry in field.related_model.objects.current()


def test_the_demo_map_holds_the_regions_ptv_services_beside_the_curated_ones(kela):
    from polku.demo.builders import catalogue as demo_catalogue

    demo_catalogue.build(seed=1)
    ptv = Service.objects.current().filter(source=Source.PTV)
    curated = Service.objects.current().filter(source=Source.CURATED)
    assert ptv.count() >= 200 and curated.count() >= 40
    assert sum("743" in s.municipalities for s in ptv) > 20
    assert ServiceChannel.objects.count() > 30
    assert "from Suomi.fi-palvelutietovaranto" in demo_catalogue.summary()
    # Loading the demo again writes nothing new.
    history = Service.history.count()
    demo_catalogue.build(seed=1)
    assert Service.history.count() == history


def test_a_curator_sees_candidate_matches_and_links_them(saved, catalogue, client):
    from polku.catalogue.curators import ensure_curators_group
    from tests.conftest import login
    from tests.factories import ProfessionalFactory

    sync.run(folder_client(saved), AREA)
    curator = ProfessionalFactory(is_staff=True)
    curator.groups.add(ensure_curators_group())
    http = login(client, curator)
    page = http.get("/admin/catalogue/service/ptv-matches/").content.decode()
    curated = Service.objects.get(slug="tyokokeilu")
    ptv = Service.objects.get(name_fi="Työkokeilu, Seinäjoki")
    assert "Työkokeilu, Seinäjoki" in page
    answer = http.post(
        "/admin/catalogue/service/ptv-matches/", {"curated": curated.pk, "ptv": ptv.pk}
    )
    assert answer.status_code == 302
    curated.refresh_from_db()
    ptv.refresh_from_db()
    assert curated.ptv_id and not ptv.is_active and ptv.replaced_by == curated
    # Nationwide "Työkokeilu" shows no Seinäjoki service points as everyone's.
    assert not curated.channels.exists() and curated.classifications
    assert (curated.area, curated.municipalities) == ("", [])
    report = sync.run(folder_client(saved), AREA, full=True)
    assert report.created == 0
    assert Service.objects.filter(ptv_id=curated.ptv_id).get() == curated
    assert curated.name_fi == "Työkokeilu"
    curated.refresh_from_db()
    assert curated.municipalities == []
    # Other professionals cannot open it.
    other = login(client, ProfessionalFactory(is_staff=False))
    assert other.get("/admin/catalogue/service/ptv-matches/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "target_group", "life_event"),
    [
        ("fi", "Työttömät ja työnhakijat", "Työttömäksi jääminen"),
        ("sv", "Arbetslösa och arbetssökande", "Att bli arbetslös"),
        ("en", "Unemployed and jobseekers", "Becoming unemployed"),
    ],
)
def test_the_national_code_filters_name_without_the_codes(
    saved, signed_in, language, target_group, life_event
):
    """The walk (fi): the options read "Työttömät ja työnhakijat (KR1.4)" and "(KE7)"."""
    import re

    sync.run(folder_client(saved), AREA)
    signed_in.cookies["django_language"] = language
    page = signed_in.get(reverse("catalogue:search"), HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    assert re.search(rf'<option value="KR1.4"[^>]*>{target_group}</option>', html)
    assert re.search(rf'<option value="KE7"[^>]*>{life_event}</option>', html)
    options = re.findall(r"<option [^>]*>([^<]*)</option>", html)
    assert options and not [o for o in options if re.search(r"\((KR|KE|P)\d", o)]
    # The code is still what the filter sends, and the chosen option is shown by its name.
    found = signed_in.get(reverse("catalogue:search"), {"target_group": "KR1.4"})
    assert f'<option value="KR1.4" selected>{target_group}</option>' in found.content.decode()


def test_a_link_adds_the_ptv_reference_without_changing_the_entrys_area(saved, catalogue):
    """The demo's curator links the shipped, nationwide "Aikuissosiaalityö" to the county's
    PTV service of the same name (offered in Seinäjoki and Lapua here): the entry gets the PTV
    id and classifications, and stays listed for every municipality — after the
    link and after the syncs that follow (before, it took PTV's municipalities and left the
    map of every other municipality)."""
    from polku.catalogue import matching
    from polku.catalogue.ptv import mapping
    from polku.knots.forms import offered

    sync.run(folder_client(saved), AREA)
    curated = Service.objects.get(slug="aikuissosiaalityo")
    ptv = Service.objects.get(source=Source.PTV, name_fi="Aikuissosiaalityö")
    assert ptv.municipalities == AREA or sorted(ptv.municipalities) == sorted(AREA)
    before = (curated.area, curated.municipalities)
    assert before == ("", [])
    matching.link(curated, ptv)
    for run in (
        lambda: None,
        lambda: sync.run(folder_client(saved), AREA, now=dt.datetime(2026, 12, 2, tzinfo=dt.UTC)),
        lambda: sync.run(folder_client(saved), AREA, full=True),
    ):
        run()
        curated.refresh_from_db()
        assert curated.ptv_id and curated.classifications
        assert (curated.area, curated.municipalities) == before
        # Helsinki (091) is outside the county: the nationwide entry is still there.
        assert "aikuissosiaalityo" in {s.slug for s in search("", Filters(municipality="091"))}
        assert curated in offered(Service.objects.current().select_related("provider"), "Helsinki")
    assert not set(mapping.LINKED_FIELDS) & set(mapping.AREA_FIELDS)


def test_a_nationwide_entry_linked_to_a_county_service_shows_no_county_service_points(
    saved, catalogue, signed_in
):
    """The county's "Aikuissosiaalityö" in PTV has service points and phone services in
    Seinäjoki and Lapua. Linked to the shipped, nationwide entry, they would stand under
    "Missä ja miten" (and in the HSDS export) as if they were every reader's. The entry's page
    keeps its own guidance and the Suomi.fi reference, and shows none of the county's
    channels — after the link and after the syncs that follow."""
    from polku.catalogue import matching
    from polku.catalogue.hsds import documents

    sync.run(folder_client(saved), AREA)
    curated = Service.objects.get(slug="aikuissosiaalityo")
    ptv = Service.objects.get(source=Source.PTV, name_fi="Aikuissosiaalityö")
    county = list(ptv.channels.all())
    assert {c.kind for c in county} >= {"ServiceLocation", "Phone"}
    matching.link(curated, ptv)
    url = reverse("catalogue:service", args=[curated.slug])
    for run in (
        lambda: None,
        lambda: sync.run(folder_client(saved), AREA, now=dt.datetime(2026, 12, 2, tzinfo=dt.UTC)),
        lambda: sync.run(folder_client(saved), AREA, full=True),
    ):
        run()
        curated.refresh_from_db()
        page = signed_in.get(url).content.decode()
        assert curated.ptv_url in page
        assert "Ota yhteyttä hyvinvointialueen sosiaalipalveluihin." in page
        assert "Missä ja miten" not in page
        for channel in county:
            assert channel.name not in page
        assert not curated.channels.exists()
        assert not documents.service_document(curated).get("service_at_locations")


def test_the_migration_clears_the_county_channels_an_earlier_link_copied(saved, catalogue):
    """Entries linked before 3.12.2026 carry the PTV service's channels whatever its area;
    catalogue.0011 takes them off where they do not hold for the entry's whole area and
    leaves them where they do."""
    from importlib import import_module

    from django.apps import apps

    from polku.catalogue import matching

    migration = import_module(
        "polku.catalogue.migrations.0011_linked_entries_show_only_channels_that_apply"
    )
    sync.run(folder_client(saved), AREA)
    curated = Service.objects.get(slug="aikuissosiaalityo")
    ptv = Service.objects.get(source=Source.PTV, name_fi="Aikuissosiaalityö")
    matching.link(curated, ptv)
    curated.channels.set(ptv.channels.all())  # what the old link did
    local = Service.objects.get(slug="tyokokeilu")
    local_ptv = Service.objects.get(source=Source.PTV, name_fi="Työkokeilu, Seinäjoki")
    local.area = local_ptv.area
    local.save()
    matching.link(local, local_ptv)
    kept = set(local.channels.all())
    assert kept and curated.channels.exists()
    migration.clear_channels_that_do_not_apply(apps, None)
    assert not curated.channels.exists()
    assert set(local.channels.all()) == kept
