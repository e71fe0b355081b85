"""The curated catalogue: valid, complete in three languages, and loaded idempotently."""

import copy
import functools
import itertools
import shutil

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from polku.catalogue import loader
from polku.catalogue.models import Prerequisite, Service
from rules.references import ELIGIBILITY_RULES

pytestmark = pytest.mark.django_db


def test_the_curated_catalogue_is_valid_and_large_enough():
    providers, services = loader.read()
    assert loader.validate(providers, services) == []
    assert len(services) >= 40
    kinds = {p["kind"] for p in providers}
    assert {"kela", "employment", "social", "health", "education", "ngo"} <= kinds


def test_everything_the_seeds_name_is_there():
    _, services = loader.read()
    slugs = {s["slug"] for s in services}
    for slug in (
        "kelan-kuntoutuspsykoterapia",
        "kelan-ammatillisen-kuntoutuksen-selvitys",
        "kelan-ammatillinen-kuntoutus",
        "opiskelu-kuntoutuksena",
        "tyokokeilu",
        "palkkatuki",
        "sosiaalinen-kuntoutus",
        "kuntouttava-tyotoiminta",
        "tyottomien-terveystarkastus",
        "kelan-sairauspaivaraha",
        "tyomarkkinatuki",
        "peruspaivaraha",
        "kuntoutusraha",
        "yleinen-asumistuki",
        "perustoimeentulotuki",
        "elintapaohjaus",
        "typ-monialainen-yhteispalvelu",
        "turvakoti",
        "ensikoti",
        "kokemusasiantuntijat",
    ):
        assert slug in slugs, slug


def test_rule_references_point_at_existing_rules():
    _, services = loader.read()
    referenced = {s["rule"] for s in services if s.get("rule")}
    assert referenced <= set(ELIGIBILITY_RULES)
    assert len(referenced) >= 12


def test_loading_twice_changes_nothing_and_a_change_updates(tmp_path):
    first = loader.load()
    assert first.created >= 40
    history = Service.history.count()
    links = Prerequisite.objects.count()
    again = loader.load()
    assert (again.created, again.updated) == (0, 0)
    assert Service.history.count() == history
    assert Prerequisite.objects.count() == links

    shutil.copytree(loader.DATA, tmp_path / "data")
    path = tmp_path / "data" / "services.yaml"
    services = yaml.safe_load(path.read_text(encoding="utf-8"))
    services[0]["name"]["en"] = "Changed name"
    services[0]["prerequisites"] = []
    path.write_text(yaml.safe_dump(services, allow_unicode=True), encoding="utf-8")
    changed = loader.load(tmp_path / "data")
    assert changed.updated == 1
    service = Service.objects.get(slug=services[0]["slug"])
    assert service.name_en == "Changed name"
    assert not service.prerequisite_links.exists()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s[0].update(kind="magic"), "unknown kind"),
        (lambda s: s[0]["name"].pop("sv"), "name in sv missing"),
        (lambda s: s[0].update(rule="no_such_rule"), "unknown eligibility rule"),
        (lambda s: s[0].update(next=["nowhere"]), "unknown service"),
        (lambda s: s[0].pop("source"), "no source link"),
        (lambda s: s[0].update(processing_days=21), "a processing time needs its source"),
        (
            lambda s: s[0].update(processing_days="three weeks", processing_source="Kela"),
            "processing_days must be a positive number of days",
        ),
    ],
)
def test_a_bad_file_is_refused_whole(tmp_path, change, problem):
    shutil.copytree(loader.DATA, tmp_path / "data")
    path = tmp_path / "data" / "services.yaml"
    services = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(services)
    path.write_text(yaml.safe_dump(services, allow_unicode=True), encoding="utf-8")
    with pytest.raises(loader.CatalogueError) as error:
        loader.load(tmp_path / "data")
    assert any(problem in p for p in error.value.problems)
    assert not Service.objects.exists()


def test_prerequisite_cycles_are_found():
    services = [
        {"slug": "a", "prerequisites": ["b"]},
        {"slug": "b", "prerequisites": ["a"]},
    ]
    assert loader._prerequisite_cycles(services) == ["prerequisite cycle: a → b → a"]


def test_every_prerequisite_cycle_is_named_at_once():
    services = [
        {"slug": "a", "prerequisites": ["a"]},
        {"slug": "b", "prerequisites": ["c"]},
        {"slug": "c", "prerequisites": ["b", "unknown"]},
        {"slug": "d", "prerequisites": ["b"]},
    ]
    assert loader._prerequisite_cycles(services) == [
        "prerequisite cycle: a → a",
        "prerequisite cycle: b → c → b",
    ]


def _graphs(with_cycle: bool):
    """Services over slugs s0…s7 whose prerequisites only point to lower numbers (so no cycle);
    with_cycle adds one link back up, which closes a cycle."""
    size = st.integers(min_value=2, max_value=8)

    def build(n: int):
        link = st.integers(1, n - 1).flatmap(
            lambda high: st.tuples(st.just(high), st.integers(0, high - 1))
        )
        return st.tuples(st.just(n), st.lists(link, max_size=20))

    def services(drawn):
        n, links = drawn
        needs: dict[str, set[str]] = {f"s{i}": set() for i in range(n)}
        for high, low in links:
            needs[f"s{high}"].add(f"s{low}")
        return needs

    graphs = size.flatmap(build).map(services)
    if not with_cycle:
        return graphs
    return graphs.flatmap(
        lambda needs: st.sampled_from(sorted(needs)).map(lambda start: _close_a_cycle(needs, start))
    )


def _close_a_cycle(needs: dict[str, set[str]], start: str) -> dict[str, set[str]]:
    """Walk down from start along prerequisites and link the last one back to start."""
    needs = {slug: set(links) for slug, links in needs.items()}
    node = start
    while needs[node]:
        node = sorted(needs[node])[0]
    needs[node].add(start)  # start → … → node → start (node == start: start needs itself)
    return needs


def _as_services(needs: dict[str, set[str]]) -> list[dict]:
    return [{"slug": slug, "prerequisites": sorted(links)} for slug, links in needs.items()]


@given(_graphs(with_cycle=False))
def test_an_acyclic_catalogue_has_no_cycle(needs):
    assert loader._prerequisite_cycles(_as_services(needs)) == []


@given(_graphs(with_cycle=True))
def test_a_cycle_is_found_and_every_named_cycle_is_real(needs):
    found = loader._prerequisite_cycles(_as_services(needs))
    assert found
    for problem in found:
        assert problem.startswith("prerequisite cycle: ")
        path = problem.removeprefix("prerequisite cycle: ").split(" → ")
        assert path[0] == path[-1] and len(path) >= 2
        assert all(b in needs[a] for a, b in itertools.pairwise(path))


def test_every_processing_time_names_its_source():
    loader.load()
    timed = Service.objects.filter(processing_time_days__isnull=False)
    assert timed.count() >= 8
    assert not timed.filter(processing_time_source="").exists()
    housing = Service.objects.get(slug="yleinen-asumistuki")
    assert housing.processing_time_days == 21
    assert "kela.fi/kasittelyn-tavoiteajat" in housing.processing_time_source


def test_the_schema_is_a_valid_json_schema_with_the_enums_filled_in():
    providers, services = loader.read()
    validator = loader._validator(providers, services)
    Draft202012Validator.check_schema(validator.schema)
    assert "kela" in validator.schema["$defs"]["organisation_kind"]["enum"]
    assert "yleistuki" in validator.schema["$defs"]["service_slug"]["enum"]


def test_the_schema_names_the_entry_and_the_field():
    providers, services = loader.read()
    slug = services[0]["slug"]
    services[0]["prerequisite"] = ["typo-for-prerequisites"]
    services[0]["verified"] = "yes"
    services[0]["valid_from"] = "2026-05-01"  # quoted in YAML: a text, not a date
    services[1]["situations"] = ["lost"]
    providers[0]["kind"] = "bank"
    providers.append({"name": "Uusi"})
    services.append("not a mapping")
    problems = loader.validate(providers, services)
    assert f"{slug}: unknown field 'prerequisite'" in problems
    assert f"{slug}: verified must be true or false" in problems
    assert f"{slug}: valid_from must be a date (YYYY-MM-DD)" in problems
    assert f"{services[1]['slug']}: unknown life situation 'lost'" in problems
    assert f"provider {providers[0]['name']}: unknown kind 'bank'" in problems
    assert "provider Uusi: kind missing" in problems
    assert "?: must be a mapping of fields" in problems


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


@functools.cache
def _shipped() -> tuple[list[dict], list[dict]]:
    return loader.read()


_keys = st.sampled_from([*loader.TEXTS, "kind", "provider", "next", "note", "valid_from", "rule"])


@settings(deadline=None, max_examples=60)  # each example validates the whole catalogue
@given(index=st.integers(0, 5), key=_keys | st.text(max_size=12), value=_values)
def test_any_value_anywhere_is_a_problem_named_never_a_crash(index, key, value):
    providers, services = copy.deepcopy(_shipped())
    assume(key != "slug")
    services[index][key] = value
    problems = loader.validate(providers, services)
    assert all(isinstance(p, str) and p for p in problems)
    if problems:
        slug = services[index]["slug"]
        assert any(p.startswith(f"{slug}: ") for p in problems), problems
