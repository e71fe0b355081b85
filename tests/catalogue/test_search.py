"""Search that understands Finnish word forms (and Swedish and English in their own texts),
on whichever database the suite runs (PostgreSQL's `finnish` configuration, or the same
Snowball stems on SQLite)."""

import pytest

from polku.catalogue.search import Filters, query_terms, search

pytestmark = pytest.mark.django_db


def slugs(query, language="fi", **filters):
    return [s.slug for s in search(query, Filters(**filters), language=language)]


def test_kuntoutus_finds_compounds_and_phrases(catalogue):
    found = slugs("kuntoutus")
    for slug in ("kelan-ammatillinen-kuntoutus", "kelan-kuntoutuspsykoterapia", "kuntoutusraha"):
        assert slug in found, slug


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kuntoutuksen", "kelan-ammatillinen-kuntoutus"),
        ("kuntoutukseen", "kuntoutusraha"),
        ("työkokeiluun", "tyokokeilu"),
        ("asumistuen", "yleinen-asumistuki"),
        ("sairauspäivärahaa", "kelan-sairauspaivaraha"),
        ("toimeentulotukea", "perustoimeentulotuki"),
        ("palkkatuella", "palkkatuki"),
        ("psykoterapiaan", "kelan-kuntoutuspsykoterapia"),
    ],
)
def test_inflected_finnish_forms(catalogue, query, expected):
    assert expected in slugs(query)


def test_name_hits_rank_above_description_hits(catalogue):
    found = slugs("työkokeilu")
    assert found[0] == "tyokokeilu"


def test_all_words_must_match(catalogue):
    assert slugs("kuntoutus psykoterapia")[0] == "kelan-kuntoutuspsykoterapia"
    assert "tyokokeilu" not in slugs("kuntoutus psykoterapia")
    assert slugs("kuntoutus zzzyyx") == []


def test_swedish_and_english_search_their_own_texts(catalogue):
    assert "kelan-ammatillinen-kuntoutus" in slugs("rehabiliteringen", "sv")
    assert "yleinen-asumistuki" in slugs("bostadsbidraget", "sv")
    assert "kelan-sairauspaivaraha" in slugs("sickness allowances", "en")
    assert "tyokokeilu" in slugs("trials", "en")
    # a Finnish word is not searched in the English texts
    assert slugs("kuntoutus", "en") == []


def test_filters(catalogue):
    assert set(slugs("", kind="health")) >= {"tyottomien-terveystarkastus", "b-lausunto"}
    assert all(s.kind == "health" for s in search("", Filters(kind="health"), language="fi"))
    kela = search("", Filters(provider_kind="kela"), language="fi")
    assert kela and all(s.provider.kind == "kela" for s in kela)
    crisis = slugs("", situation="crisis")
    assert "turvakoti" in crisis and "palkkatuki" not in crisis
    assert "turvakoti" in slugs("", language="sv")
    assert "turvakoti" in slugs("", region="Etelä-Savo")  # nationwide services everywhere


def test_empty_query_lists_everything_by_name(catalogue):
    names = [s.name_fi for s in search("", language="fi")]
    assert len(names) >= 40
    assert names == sorted(names)


def test_query_terms_relax_only_long_finnish_stems():
    assert query_terms("kuntoutuksen", "fi") == [("kuntoutuks", "kuntoutu")]
    assert query_terms("tuki", "fi") == [("tuki", None)]
    assert query_terms("rehabilitation", "en")[0][1] is None
