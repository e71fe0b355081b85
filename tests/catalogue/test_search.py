"""Search that understands Finnish word forms (Voikko base forms and compound parts) and
Swedish and English in their own texts, through the same stored terms on whichever database
the suite runs."""

import datetime as dt
import threading

import pytest

from polku.catalogue import analysis
from polku.catalogue.models import Provider, SearchTerm, Service
from polku.catalogue.search import Filters, query_words, reindex, reindex_all, search

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


# --- issue 15: base forms, compounds and everyday words -----------------------------------


def test_the_life_situations_own_word_finds_its_services(catalogue):
    # "Työtön" is one of the map's life situations: its word finds the situation's services
    # in any form, not only the entries whose texts happen to use it.
    for query in ("työtön", "työttömänä", "työttömäksi", "olen työtön"):
        found = slugs(query)
        for slug in ("yleistuki", "tyonhakijaksi-ilmoittautuminen", "tyottomien-terveystarkastus"):
            assert slug in found, (query, slug)
    assert "arbetslös" in [w.word for w in query_words("arbetslös", "sv")]
    assert "yleistuki" in slugs("arbetslös", "sv")


def test_sick_leave_finds_the_sickness_allowances(catalogue):
    for query in ("sairausloma", "sairauslomalla", "sairauslomalle"):
        found = slugs(query)
        assert {"kelan-sairauspaivaraha", "osasairauspaivaraha"} <= set(found), query


def test_a_long_illness_finds_the_disability_pension(catalogue):
    # "Kun sairaus estää työnteon pitkään": pitkä + sairaus in their base forms
    assert "tyokyvyttomyyselake" in slugs("pitkä sairaus")


def test_what_the_search_page_promises_in_swedish(catalogue):
    # The search page's Swedish introduction: "”arbetslösa” hittar det som är för arbetslösa,
    # ”sjukskriven” hittar sjukdagpenningen."
    assert {"yleistuki", "tyonhakijaksi-ilmoittautuminen"} <= set(slugs("arbetslösa", "sv"))
    assert "kelan-sairauspaivaraha" in slugs("sjukskriven", "sv")


def test_compound_parts_are_found_on_their_own(catalogue):
    assert "turvakoti" in slugs("väkivalta")  # lähisuhdeväkivaltaa
    assert "kelan-kuntoutuspsykoterapia" in slugs("terapia")
    assert "b-lausunto" in slugs("lääkäri")  # lääkärinlausunto
    # a compound query found by all its parts, when the whole word is not in the text
    assert "palkkatuki" in slugs("palkkatukityö")
    # a word Voikko does not know, split into two words it knows
    assert "tyohonvalmennus" in slugs("työhönvalmentaja")


def test_everyday_words_find_the_official_names(catalogue):
    assert "tyonhakijaksi-ilmoittautuminen" in slugs("työkkäri")
    assert "tyonhakijaksi-ilmoittautuminen" in slugs("TE-toimisto")
    assert "aikuissosiaalityo" in slugs("sossu")
    assert "mielenterveyspalvelut" in slugs("masennus")
    assert "yleinen-asumistuki" in slugs("vuokra")
    assert "kelan-sairauspaivaraha" in slugs("sjukskriven", "sv")


def test_every_word_of_every_name_finds_its_entry(catalogue):
    for service in Service.objects.current():
        for language in ("fi", "sv", "en"):
            for word in analysis.words(getattr(service, f"name_{language}")):
                if len(word) < 2 or word in analysis.STOP[language]:
                    continue
                if language == "fi" and analysis.analyse_fi(word).lemmas & analysis.STOP_FI:
                    continue
                assert service.slug in slugs(word, language), (language, word, service.slug)


def test_query_words_use_base_forms_and_drop_words_without_meaning():
    words = query_words("olen ollut työttömänä", "fi")
    assert [w.word for w in words] == ["työttömänä"]
    assert "työtön" in words[0].exact
    (sick_leave,) = query_words("sairauslomalla", "fi")
    assert {"sairausloma", "sairauspäiväraha"} <= sick_leave.exact
    assert sick_leave.parts == [{"sairaus"}, {"loma"}]
    (unknown,) = query_words("kuntou", "fi")  # half typed: found as a beginning
    assert unknown.prefix == "kuntou"


def test_analysis_of_a_compound():
    found = analysis.analyse_fi("lähisuhdeväkivaltaa")
    assert found.lemmas == {"lähisuhdeväkivalta"}
    assert {"väkivalta", "suhde", "lähisuhde"} <= found.runs
    assert analysis.analyse_fi("mielenterveyden").parts == (
        frozenset({"mieli"}),
        frozenset({"terveys"}),
    )
    assert "opiskella" in analysis.analyse_fi("opiskelu").roots


def test_voikko_is_installed():
    # Map search cannot work without Voikko: this fails (never skips) where it is missing,
    # and the same message stops the server at start (system check catalogue.E001).
    assert analysis.check_voikko() is None


def test_a_missing_voikko_stops_the_start_with_what_to_install(monkeypatch):
    from polku.catalogue.checks import voikko_installed

    assert voikko_installed() == []

    def missing(word):
        raise analysis.VoikkoMissing(analysis.INSTALL_HINT + " (libvoikko.so.1 not found)")

    monkeypatch.setattr(analysis, "_raw_analyses", missing)
    (error,) = voikko_installed()
    assert error.id == "catalogue.E001"
    assert "libvoikko1" in error.msg and "voikko-fi" in error.msg


def test_the_analyser_is_safe_from_many_threads():
    words = ["työttömänä", "sairauslomalla", "kuntoutukseen", "lähisuhdeväkivaltaa"] * 25
    expected = {w: analysis._raw_analyses.__wrapped__(w) for w in set(words)}
    results: list[bool] = []

    def work(chunk):
        for word in chunk:
            results.append(analysis._raw_analyses.__wrapped__(word) == expected[word])

    threads = [threading.Thread(target=work, args=(words[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == len(words) and all(results)


# --- the index -----------------------------------------------------------------------------


def test_the_index_follows_every_save(catalogue):
    service = Service.objects.get(slug="turvakoti")
    assert "turvakoti" not in slugs("suojapaikka")
    service.description_fi += " Suojapaikka myös yöllä."
    service.save()
    assert "turvakoti" in slugs("suojapaikkaan")
    provider = service.provider
    provider.name = "Ensi- ja turvakotien liitto ry"
    provider.save()
    assert SearchTerm.objects.filter(service=service, language="fi", term="ry").exists()


def test_reindexing_writes_nothing_when_nothing_changed(catalogue, django_assert_max_num_queries):
    service = Service.objects.select_related("provider").get(slug="kuntoutusraha")
    assert reindex(service) is False
    assert reindex_all() == 0
    count = SearchTerm.objects.count()
    assert count > 47 * 3 * 10


def test_loading_again_keeps_the_index(catalogue):
    from polku.catalogue import loader

    before = set(SearchTerm.objects.values_list("service__slug", "language", "term", "weight"))
    loader.load()
    after = set(SearchTerm.objects.values_list("service__slug", "language", "term", "weight"))
    assert before == after


# --- ended benefits ------------------------------------------------------------------------


def test_ended_benefits_leave_search_on_their_end_date(catalogue):
    tmt = Service.objects.get(slug="tyomarkkinatuki")
    assert tmt.valid_until == dt.date(2026, 4, 30)
    assert tmt.replaced_by.slug == "yleistuki"
    assert tmt.validity_source
    last_day, next_day = dt.date(2026, 4, 30), dt.date(2026, 5, 1)
    assert "tyomarkkinatuki" in [s.slug for s in search("työtön", on=last_day, language="fi")]
    assert "yleistuki" not in [s.slug for s in search("työtön", on=last_day, language="fi")]
    on_next = [s.slug for s in search("työtön", on=next_day, language="fi")]
    assert "tyomarkkinatuki" not in on_next and "peruspaivaraha" not in on_next
    assert "yleistuki" in on_next
    # today (the catalogue's own dates): the old benefits' names lead to what replaced them
    assert slugs("työmarkkinatuki")[0] == "yleistuki"
    assert "tyomarkkinatuki" not in slugs("")


def test_current_and_ended_views(catalogue):
    today = dt.date(2026, 12, 2)
    current = set(Service.objects.current(today).values_list("slug", flat=True))
    ended = list(Service.objects.ended(today).values_list("slug", flat=True))
    assert {"tyomarkkinatuki", "peruspaivaraha"} == set(ended)
    assert not current & set(ended)
    assert Service.objects.get(slug="yleistuki").is_current(today)
    assert not Service.objects.get(slug="yleistuki").is_current(dt.date(2026, 4, 30))
    Provider.objects.none()
