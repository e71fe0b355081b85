"""The map's pages for professionals, and the curators' admin with its change history."""

import pytest

from polku.catalogue.curators import ensure_curators_group
from polku.catalogue.models import Service
from tests.conftest import login
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db


def test_pages_need_a_sign_in(client, catalogue):
    for url in ("/map/", "/map/services/", "/map/services/tyokokeilu/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login" in response["Location"]


def test_search_page_finds_word_forms(signed_in, catalogue):
    page = signed_in.get("/map/services/", {"q": "kuntoutuksen"}).content.decode()
    assert "Kelan ammatillinen kuntoutus" in page
    assert "Kuntoutusraha" in page
    # (Palkkatuettu työ is on the map under "Kuntoutuksessa", so it is found too.)
    assert "Starttiraha" not in page


def test_search_filters_and_bad_input(signed_in, catalogue):
    page = signed_in.get("/map/services/", {"kind": "health"}).content.decode()
    assert "Työttömien terveystarkastus" in page
    assert "Yleistuki" not in page
    response = signed_in.get("/map/services/", {"kind": "nonsense"})
    assert response.status_code == 200
    assert "nonsense" in response.content.decode()  # the form says the choice is not valid


def test_service_page_shows_every_aspect(signed_in, catalogue):
    page = signed_in.get("/map/services/kuntoutusraha/").content.decode()
    for text in (
        "Kuntoutusraha",
        "18–67-vuotiaalle",  # who it is for
        "31,99",  # what it means for income
        "KU 104",  # form
        "Kelan ammatillinen kuntoutus",  # prerequisite
        "Yleistuki",  # cannot be received at the same time
        "Kelan kuntoutusraha",  # the rule reference by its name
        "https://www.kela.fi/kuntoutusraha",
        "21 päivää",  # typical processing time
        'href="https://www.kela.fi/kasittelyn-tavoiteajat"',  # and where it comes from
    ):
        assert text in page, text
    assert "rehabilitation_allowance" not in page  # never the rules engine's code name


def test_unverified_entries_say_so_in_the_readers_language(client, coordinator, catalogue):
    http = login(client, coordinator)
    for language, note in (
        ("fi", "Siirtymäsääntöjä jo etuutta saaville ei ole vahvistettu."),
        ("sv", "Övergångsreglerna för dem som redan får förmån är inte bekräftade."),
        ("en", "Transition rules for those already on benefit are not confirmed."),
    ):
        http.cookies["django_language"] = language
        page = http.get("/map/services/yleistuki/").content.decode()
        assert note in page, language
    http.cookies["django_language"] = "fi"
    page = http.get("/map/services/tyomarkkinatuki/").content.decode()
    assert "Työttömyysturvalaki (1290/2002), voimassa 30.4.2026 asti" in page
    assert "until" not in page
    http.cookies["django_language"] = "sv"
    page = http.get("/map/services/tyomarkkinatuki/").content.decode()
    assert "Lagen om utkomstskydd för arbetslösa (1290/2002), i kraft till 30.4.2026" in page
    page = http.get("/map/services/kuntoutusraha/").content.decode()
    assert "FPA:s målsatta handläggningstider (sidan på finska): rehabiliteringspenning" in page


def test_service_page_in_swedish_and_english(client, coordinator, catalogue):
    http = login(client, coordinator)
    for language, text in (("sv", "Rehabiliteringspenning"), ("en", "Rehabilitation allowance")):
        http.cookies["django_language"] = language
        page = http.get("/map/services/kuntoutusraha/").content.decode()
        assert text in page, language


def test_unknown_service_is_404(signed_in, catalogue):
    assert signed_in.get("/map/services/no-such-thing/").status_code == 404


def test_map_groups_by_life_situation_with_next_steps(signed_in, catalogue):
    page = signed_in.get("/map/").content.decode()
    for heading in ('id="situation-unemployed"', 'id="situation-crisis"', 'id="situation-sick"'):
        assert heading in page
    assert "Turvakoti" in page
    assert "Kelan erityisasiakkaiden palvelu" in page  # the shelter's next step


def test_a_curator_edits_in_the_admin_and_history_records_it(client, catalogue):
    curator = ProfessionalFactory(is_staff=True)
    curator.groups.add(ensure_curators_group())
    http = login(client, curator)
    service = Service.objects.get(slug="tyokokeilu")
    page = http.get(f"/admin/catalogue/service/{service.pk}/change/").content.decode()
    assert 'name="name_fi"' in page and 'name="name_sv"' in page and 'name="name_en"' in page
    before = service.history.count()
    service.name_en = "Work trial (try-out)"
    service.save()
    assert service.history.count() == before + 1
    history = http.get(f"/admin/catalogue/service/{service.pk}/history/")
    assert history.status_code == 200


def test_other_professionals_cannot_edit(client, catalogue):
    professional = ProfessionalFactory()
    http = login(client, professional)
    response = http.get("/admin/catalogue/service/")
    assert response.status_code == 302  # to the admin login: not staff


def test_navigation_has_the_map(signed_in, catalogue):
    page = signed_in.get("/map/services/").content.decode()
    assert 'href="/map/"' in page
