"""Polku's own error pages (polku/core/errors.py) with DEBUG off: 404, 403, 400, 500 and the
CSRF failure in the reader's language (Finnish by default, Swedish), with the reader's own
header and menu and a way on, nothing in English and nothing about what was asked for; and
403s logged as one line."""

import datetime as dt
import logging
import re

import pytest
from django.test import Client as HttpClient
from django.test import RequestFactory, override_settings
from django.urls import path
from django.utils import timezone, translation

from config.urls import urlpatterns as polku_urlpatterns
from polku.accounts.models import Profession
from polku.clients import services
from polku.core import errors
from polku.portal import services as portal_services
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client
from tests.visible_language import findings, html_text

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("a fault in a view")


# The project's URLs plus one view that fails, with the project's error handlers.
urlpatterns = [*polku_urlpatterns, path("boom/", _boom)]
handler400 = "polku.core.errors.bad_request"
handler403 = "polku.core.errors.permission_denied"
handler404 = "polku.core.errors.page_not_found"
handler500 = "polku.core.errors.server_error"

HEADINGS = {
    404: {"fi": "Sivua ei löytynyt", "sv": "Sidan hittades inte"},
    403: {"fi": "Ei pääsyä tälle sivulle", "sv": "Ingen åtkomst till sidan"},
    "csrf": {"fi": "Lomaketta ei voitu lähettää", "sv": "Formuläret kunde inte skickas"},
    500: {"fi": "Jokin meni vikaan", "sv": "Något gick fel"},
}
MY_CLIENTS = {"fi": "Omat asiakkaat", "sv": "Mina klienter"}
BACK_TO_MY_CLIENTS = {"fi": "Takaisin omiin asiakkaisiin", "sv": "Tillbaka till mina klienter"}


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def _get(http, url, language, **extra):
    return http.get(url, headers={"accept-language": language}, **extra)


def _assert_polku_page(response, *, status, heading, language, way_on, menu=True):
    body = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in body
    assert 'class="site-header"' in body, "Polku's own header"
    assert f"<h1>{heading}</h1>" in body
    assert re.search(rf'<a class="hds-button[^"]*" href="{re.escape(way_on)}">', body), body
    if menu:
        assert 'aria-label="Päävalikko"' in body or 'aria-label="Huvudmeny"' in body, body
        assert MY_CLIENTS[language] in body
    assert findings(html_text(body), language) == []
    assert "Not Found" not in body and "Forbidden" not in body


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_missing_page_for_a_professional(signed_in, language):
    response = _get(signed_in, "/no-such-page/", language)
    _assert_polku_page(
        response, status=404, heading=HEADINGS[404][language], language=language, way_on="/"
    )
    assert BACK_TO_MY_CLIENTS[language] in response.content.decode()


def test_the_menu_names_in_the_header():
    """The navigation label the checks above rely on."""
    with translation.override("fi"):
        assert translation.gettext("Main navigation") == "Päävalikko"
    with translation.override("sv"):
        assert translation.gettext("Main navigation") == "Huvudmeny"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_page_of_another_role(signed_in, language):
    """A coordinator opening the service manager's team view."""
    response = _get(signed_in, "/team/", language)
    _assert_polku_page(
        response, status=403, heading=HEADINGS[403][language], language=language, way_on="/"
    )


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_form_sent_without_its_security_token(coordinator, language):
    http = login(HttpClient(enforce_csrf_checks=True), coordinator)
    response = http.post("/clients/new/", {}, headers={"accept-language": language})
    _assert_polku_page(
        response, status=403, heading=HEADINGS["csrf"][language], language=language, way_on="/"
    )


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_server_error_through_the_whole_stack(signed_in, language):
    signed_in.raise_request_exception = False
    with override_settings(ROOT_URLCONF=__name__):
        response = _get(signed_in, "/boom/", language)
    _assert_polku_page(
        response,
        status=500,
        heading=HEADINGS[500][language],
        language=language,
        way_on="/",
        menu=False,  # no user, no session: the page does not know who is reading
    )
    assert "a fault in a view" not in response.content.decode()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_500_page_needs_no_database(django_assert_num_queries, language):
    request = RequestFactory().get("/clients/1/")
    with translation.override(language), django_assert_num_queries(0):
        response = errors.server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in body
    if language != "en":
        assert HEADINGS[500][language] in body
        assert findings(html_text(body), language) == []


def test_the_500_page_has_a_last_resort_in_three_languages(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("templates are broken")

    monkeypatch.setattr(errors.loader, "render_to_string", broken)
    response = errors.server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Palvelussa tapahtui virhe" in body and "Ett fel inträffade" in body


def test_the_api_answers_errors_as_json(signed_in):
    with translation.override("fi"):
        response = _get(signed_in, "/api/v1/no-such-endpoint/", "fi")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Ei löydy."}


def test_a_missing_page_for_someone_not_signed_in():
    response = _get(HttpClient(), "/no-such-page/", "fi")
    _assert_polku_page(
        response,
        status=404,
        heading=HEADINGS[404]["fi"],
        language="fi",
        way_on="/accounts/login/",
        menu=False,
    )
    assert "Kirjaudu sisään" in response.content.decode()


def test_a_missing_page_for_a_client_in_the_portal(client_record, coordinator):
    http = HttpClient()
    code = portal_services.create_code(client=client_record, by=coordinator)
    assert http.post("/portal/sign-in/", {"code": code}).status_code == 302
    response = _get(http, "/portal/no-such-page/", "fi")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'class="portal-header"' in body and 'class="site-header"' not in body
    assert 'aria-label="Omat sivuni"' in body, "the portal's menu"
    assert "<h1>Sivua ei löytynyt</h1>" in body
    assert 'href="/portal/"><span class="hds-button__label">Oman Polun etusivulle' in body
    assert "suostumus" not in body, "the professionals' explanation is not for clients"
    assert findings(html_text(body), "fi") == []


def _normalised(response, client_id):
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", body)
    body = re.sub(r'nonce="[^"]+"', "NONCE", body)  # both differ on every request
    return body.replace(f"/clients/{client_id}/", "/clients/ID/")


@pytest.fixture
def cut_off(coordinator):
    """A social worker in the client's network whose organisation's consent was withdrawn."""
    social = OrganisationFactory(name="Sosiaalipalvelut", kind="social")
    worker = ProfessionalFactory(organisation=social, profession=Profession.SOCIAL_WORKER)
    client = make_client(coordinator=coordinator)
    consent = services.give_consent(
        client=client,
        by=coordinator,
        organisations=[social],
        purpose="coordination",
        given_how="in_person",
        valid_from=timezone.localdate() - dt.timedelta(days=1),
    )
    services.add_member(client=client, by=coordinator, professional=worker)
    http = login(HttpClient(), worker)
    assert _get(http, f"/clients/{client.pk}/", "fi").status_code == 200
    services.withdraw_consent(consent=consent, by=coordinator)
    return http, client


def test_a_professional_cut_off_by_a_withdrawn_consent_sees_polkus_404(cut_off):
    http, client = cut_off
    response = _get(http, f"/clients/{client.pk}/", "fi")
    _assert_polku_page(response, status=404, heading=HEADINGS[404]["fi"], language="fi", way_on="/")
    assert "suostumus perutaan" in response.content.decode()
    assert client.last_name not in response.content.decode()


def test_the_404_outside_the_access_rule_equals_the_404_of_no_client(cut_off):
    http, client = cut_off
    missing = client.pk + 1000
    outside = _get(http, f"/clients/{client.pk}/", "fi")
    nowhere = _get(http, f"/clients/{missing}/", "fi")
    assert outside.status_code == nowhere.status_code == 404
    assert _normalised(outside, client.pk) == _normalised(nowhere, missing)


def test_a_403_is_logged_as_one_line_without_a_traceback(signed_in, coordinator, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert signed_in.get("/team/").status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and not record.exc_text
    assert record.getMessage() == f"Forbidden: /team/ (user {coordinator.pk})"
    assert "Traceback" not in caplog.text


def test_a_500_keeps_its_traceback_in_the_log(signed_in, caplog):
    signed_in.raise_request_exception = False
    with (
        override_settings(ROOT_URLCONF=__name__),
        caplog.at_level(logging.WARNING, logger="django.request"),
    ):
        assert signed_in.get("/boom/").status_code == 500
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.levelno for r in records] == [logging.ERROR]
    assert records[0].exc_info is not None
    assert "RuntimeError: a fault in a view" in caplog.text


@pytest.mark.parametrize(
    ("profession", "refused", "way_on", "label"),
    [
        (Profession.RESEARCHER, "/worklist/", "/research/", "Omalle etusivulle"),
        (
            Profession.DATA_PROTECTION_OFFICER,
            "/worklist/",
            "/privacy/data-requests/",
            "Omalle etusivulle",
        ),
        (Profession.WORK_ABILITY_COORDINATOR, "/research/", "/", "Takaisin omiin asiakkaisiin"),
    ],
)
def test_the_way_on_is_the_readers_main_page(client, profession, refused, way_on, label):
    """A researcher refused a page is not sent "back to my clients": they have none."""
    login(client, ProfessionalFactory(profession=profession))
    response = _get(client, refused, "fi")
    assert response.status_code == 403
    body = response.content.decode()
    assert re.search(rf'<a class="hds-button[^"]*" href="{re.escape(way_on)}">', body), body
    assert label in body
    # not told the page is for researchers (the example the refusal used to give)
    assert "Tämä sivu ei kuulu roolillesi." in body and "tutkijoille" not in body
