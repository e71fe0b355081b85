"""The right-of-access export through its two doors: the client in My Polku and the
data-protection officer; both audited, nobody else let in."""

import json

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from polku.accounts.models import Profession
from polku.audit.models import Action, AuditEvent
from polku.portal import disclosure
from polku.privacy import export_services
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client, synthetic_hetu
from tests.portal.conftest import portal_login
from tests.privacy.test_export_completeness import full_client

pytestmark = pytest.mark.django_db

REASON = "Asiakkaan tarkastuspyyntö 1.12.2026"


@pytest.fixture(autouse=True)
def finnish():
    with translation.override("fi"):
        yield


@pytest.fixture
def officer():
    office = OrganisationFactory(name="Hyvinvointialueen tietosuoja", kind="social")
    return ProfessionalFactory(
        username="tietosuojavastaava",
        organisation=office,
        profession=Profession.DATA_PROTECTION_OFFICER,
    )


def _exports(client):
    return AuditEvent.objects.filter(
        client=client, action=Action.EXPORT, target=export_services.TARGET
    )


# --- the client ---------------------------------------------------------------------------------


def test_portal_page_in_finnish_with_both_formats(client_record, coordinator):
    http = portal_login(client_record, coordinator)
    page = http.get("/portal/my-information/", HTTP_ACCEPT_LANGUAGE="fi")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Lataa tietoni" in text
    assert "?format=pdf" in text and "?format=json" in text
    assert "no-store" in page["Cache-Control"]


def test_portal_menu_links_to_the_download(client_record, coordinator):
    http = portal_login(client_record, coordinator)
    text = http.get("/portal/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert 'href="/portal/my-information/"' in text and "Lataa tietoni" in text


def test_client_downloads_own_json_with_full_code_audited(coordinator):
    client = full_client(coordinator)
    other = make_client(coordinator=coordinator, first_names="Toinen")
    http = portal_login(client, coordinator)
    response = http.get("/portal/my-information/?format=json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["client"]["id"] == client.pk
    assert data["client"]["personal_identity_code"] == client.reveal_hetu()
    assert other.reveal_hetu() not in response.content.decode()
    assert all(count > 0 for count in data["counts"].values())
    event = _exports(client).get()
    assert event.actor_id is None and event.details["by"] == "client"
    assert event.details["format"] == "json"


def test_client_downloads_a_readable_pdf(coordinator):
    client = full_client(coordinator)
    http = portal_login(client, coordinator)
    response = http.get("/portal/my-information/?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert _exports(client).get().details["format"] == "pdf"


def test_pdf_text_is_plain_finnish(coordinator):
    pypdf = pytest.importorskip("pypdf")
    import io

    client = full_client(coordinator)
    made = export_services.export_for_client(client=client, fmt="pdf", language="fi")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(made.data)).pages)
    for words in ("Tietosi Polussa", "Oikeutesi", "Suostumuksesi", "Kuka on käsitellyt"):
        assert words in " ".join(text.split())
    assert client.reveal_hetu() in text


def test_portal_export_needs_a_portal_session(client_record, coordinator):
    http = HttpClient()
    response = http.get("/portal/my-information/?format=json")
    assert response.status_code == 302 and "/portal/sign-in/" in response["Location"]
    signed_in_professional = login(HttpClient(), coordinator)
    response = signed_in_professional.get("/portal/my-information/?format=json")
    assert response.status_code == 302
    assert not _exports(client_record).exists()


def test_the_client_sees_an_officers_export_in_who_looked(coordinator, officer):
    client = make_client(coordinator=coordinator)
    export_services.export_for_officer(
        user=officer, client=client, reason=REASON, fmt="json", language="fi"
    )
    days, _page = disclosure.log(client, 1)
    visits = [v for day in days for v in day.visits if v.person == officer.get_full_name()]
    lines = [line for visit in visits for line in visit.lines]
    whys = [why for visit in visits for why in visit.why]
    assert [visit.role for visit in visits] == ["Tietosuojavastaava"]
    assert lines == [
        "Tietosuojavastaava teki kopion kaikista tiedoistasi vastatakseen tietopyyntöön "
        "(oikeutesi saada tietosi)"
    ]
    assert REASON in whys


def _who_looked_lines(client, officer) -> list[str]:
    """The lines of the officer's visits in the client's "who has looked" log."""
    days, _page = disclosure.log(client, 1)
    visits = [v for day in days for v in day.visits if v.person == officer.get_full_name()]
    return [line for visit in visits for line in visit.lines]


def test_an_officers_search_is_said_as_what_it_was_not_as_a_list(coordinator, officer):
    """Before: "Nimesi oli listassa tai hakutuloksessa, jota hän katsoi." — the officer's
    search by the client's identity code read like someone scrolling a list."""
    client = make_client(coordinator=coordinator)
    for _ in range(2):
        export_services.find_client_for_officer(
            user=officer, hetu=client.reveal_hetu(), reason=REASON
        )
    export_services.export_for_officer(
        user=officer, client=client, reason=REASON, fmt="pdf", language="fi"
    )
    assert _who_looked_lines(client, officer) == [
        "Tietosuojavastaava haki tietojasi henkilötunnuksellasi käsitelläkseen tietopyyntöä "
        "(2 kertaa)",
        "Tietosuojavastaava teki kopion kaikista tiedoistasi vastatakseen tietopyyntöön "
        "(oikeutesi saada tietosi)",
    ]
    with translation.override("sv"):
        assert _who_looked_lines(client, officer)[0] == (
            "Dataskyddsombudet sökte dina uppgifter med din personbeteckning för att behandla "
            "en begäran om uppgifter (2 gånger)"
        )


def test_the_portal_page_shows_the_officers_search(client_record, coordinator, officer):
    export_services.find_client_for_officer(
        user=officer, hetu=client_record.reveal_hetu(), reason=REASON
    )
    http = portal_login(client_record, coordinator)
    page = http.get("/portal/who-looked/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Tietosuojavastaava haki tietojasi henkilötunnuksellasi" in page
    assert "Nimesi oli listassa" not in page
    assert officer.get_full_name() in page and REASON in page


# --- the data-protection officer ------------------------------------------------------------------


def test_officer_finds_by_code_and_exports_with_the_reason(coordinator, officer):
    client = full_client(coordinator)
    http = login(HttpClient(), officer)
    page = http.get("/privacy/data-requests/")
    assert page.status_code == 200 and "Tietopyynnöt" in page.content.decode()
    response = http.post(
        "/privacy/data-requests/",
        {"hetu": client.reveal_hetu(), "reason": REASON, "format": "json", "language": "client"},
    )
    assert response.status_code == 200, response.content[:300]
    data = json.loads(response.content)
    assert data["recipient"] == "data_protection_officer"
    assert data["client"]["personal_identity_code"] == client.reveal_hetu()
    event = _exports(client).get()
    assert event.actor == officer and event.purpose == REASON
    search = AuditEvent.objects.get(client=client, action=Action.SEARCH, actor=officer)
    assert search.purpose == REASON and search.details["found"] is True


def test_officer_pdf_in_swedish(coordinator, officer):
    client = make_client(coordinator=coordinator)
    http = login(HttpClient(), officer)
    response = http.post(
        "/privacy/data-requests/",
        {"hetu": client.reveal_hetu(), "reason": REASON, "format": "pdf", "language": "sv"},
    )
    assert response["Content-Type"] == "application/pdf"
    assert _exports(client).get().details["format"] == "pdf"


def test_officer_without_a_reason_gets_nothing(coordinator, officer):
    client = make_client(coordinator=coordinator)
    http = login(HttpClient(), officer)
    response = http.post(
        "/privacy/data-requests/",
        {"hetu": client.reveal_hetu(), "reason": "pyyntö", "format": "json", "language": "fi"},
    )
    assert response.status_code == 400
    assert "Kerro, miksi teet koosteen" in response.content.decode()
    assert not _exports(client).exists()


def test_unknown_code_is_said_plainly_and_the_search_audited(officer):
    http = login(HttpClient(), officer)
    response = http.post(
        "/privacy/data-requests/",
        {"hetu": synthetic_hetu(), "reason": REASON, "format": "json", "language": "fi"},
    )
    assert response.status_code == 200
    assert "Polussa ei ole asiakasta tällä henkilötunnuksella" in response.content.decode()
    miss = AuditEvent.objects.get(action=Action.SEARCH, actor=officer)
    assert miss.client_id is None and miss.details["found"] is False


def test_invalid_code_is_a_form_error(officer):
    http = login(HttpClient(), officer)
    response = http.post(
        "/privacy/data-requests/",
        {"hetu": "010190-123X", "reason": REASON, "format": "json", "language": "fi"},
    )
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action=Action.SEARCH, actor=officer).exists()


@pytest.mark.parametrize(
    "profession",
    [
        Profession.KELA_BENEFIT_EXPERT,
        Profession.ADMINISTRATOR,
        Profession.SERVICE_MANAGER,
        Profession.SOCIAL_WORKER,
        Profession.RESEARCHER,
    ],
)
def test_other_professionals_are_refused(coordinator, profession):
    client = make_client(coordinator=coordinator)
    someone = ProfessionalFactory(organisation=coordinator.organisation, profession=profession)
    http = login(HttpClient(), someone)
    assert http.get("/privacy/data-requests/").status_code == 403
    response = http.post(
        "/privacy/data-requests/",
        {"hetu": client.reveal_hetu(), "reason": REASON, "format": "json", "language": "fi"},
    )
    assert response.status_code == 403
    assert not _exports(client).exists()
    assert not AuditEvent.objects.filter(action=Action.SEARCH, actor=someone).exists()


def test_the_coordinator_of_the_client_is_refused_too(client_record, coordinator):
    http = login(HttpClient(), coordinator)
    response = http.post(
        "/privacy/data-requests/",
        {"hetu": client_record.reveal_hetu(), "reason": REASON, "format": "json", "language": "fi"},
    )
    assert response.status_code == 403


def test_anonymous_is_sent_to_sign_in():
    response = HttpClient().get("/privacy/data-requests/")
    assert response.status_code == 302


def test_services_refuse_a_non_officer(coordinator, client_record):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        export_services.export_for_officer(
            user=coordinator, client=client_record, reason=REASON, fmt="json", language="fi"
        )
    with pytest.raises(PermissionDenied):
        export_services.find_client_for_officer(
            user=coordinator, hetu=client_record.reveal_hetu(), reason=REASON
        )


def test_only_the_officer_has_the_menu_entry(coordinator, officer):
    officer_page = login(HttpClient(), officer).get("/privacy/data-requests/").content.decode()
    assert 'href="/privacy/data-requests/" aria-current="page"' in officer_page
    other_page = login(HttpClient(), coordinator).get(reverse("clients:my_clients"))
    assert other_page.status_code == 200 and 'class="site-nav"' in other_page.content.decode()
    assert "/privacy/data-requests/" not in other_page.content.decode()
