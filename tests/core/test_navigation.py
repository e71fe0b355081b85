"""The main navigation marks the current page by its namespaced URL name: many pages share the
short name "new" (new meeting, new assessment, new handover, new referral…), and only the
client form is "Record a client"."""

import re

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def _current(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="[^"]*" class="site-nav">(.*?)</nav>', page, re.S)
    assert nav is not None
    return re.findall(r'<a href="([^"]*)" aria-current="page">', nav.group(1))


@pytest.fixture
def http(client, coordinator):
    client.cookies.load({"django_language": "en"})
    return login(client, coordinator)


def test_record_a_client_is_current_only_on_its_own_page(http, client_record):
    record = reverse("clients:new")
    assert _current(http.get(record).content.decode()) == [record]
    for url in (
        f"/clients/{client_record.pk}/meetings/new/",
        reverse("assessment:new", kwargs={"client_id": client_record.pk}),
    ):
        response = http.get(url)
        assert response.status_code == 200, url
        assert response.resolver_match.url_name == "new"  # the name that used to mislead
        assert _current(response.content.decode()) == [], url


def test_the_core_entries_are_current_on_their_pages(http):
    for name in ("clients:my_clients", "worklists:worklist"):
        url = reverse(name)
        assert _current(http.get(url).content.decode()) == [url]


def test_the_team_view_is_offered_to_service_managers_only(http, client, coordinator):
    team = reverse("worklists:team")
    assert f'href="{team}"' not in http.get(reverse("clients:my_clients")).content.decode()
    coordinator.profession = "service_manager"
    coordinator.save(update_fields=["profession"])
    assert f'href="{team}"' in http.get(reverse("clients:my_clients")).content.decode()


# The walk (fi): the service manager and the data-protection officer landed on an empty
# "Omat asiakkaat"; the researcher and the data-protection officer were offered "Kirjaa
# asiakas" and the screening ("Todennäköisesti oikeutettu").
ROLE_PAGES = {
    "service_manager": "worklists:team",
    "data_protection_officer": "privacy:data_request",
    "researcher": "research:dashboard",
    "kela_expert": "clients:my_clients",
}


def _menu(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="[^"]*" class="site-nav">(.*?)</nav>', page, re.S)
    assert nav is not None
    return re.findall(r'<a href="([^"]*)"', nav.group(1))


@pytest.mark.parametrize("profession", sorted(ROLE_PAGES))
def test_the_menu_offers_only_what_the_role_may_use(client, kela, profession):
    from tests.factories import ProfessionalFactory

    user = ProfessionalFactory(organisation=kela, profession=profession)
    http = login(client, user)
    page = http.get(reverse(ROLE_PAGES[profession])).content.decode()
    menu = _menu(page)
    record, screening = reverse("clients:new"), reverse("route_plans:screening")
    assert (record in menu) is (profession == "kela_expert")
    assert (screening in menu) is (profession in ("kela_expert", "service_manager"))
    assert (reverse("clients:my_clients") in menu) is (
        profession not in ("researcher", "data_protection_officer")
    )
    # What the menu leaves out, the page refuses as well.
    expected = 200 if record in menu else 403
    assert http.get(record).status_code == expected
    assert http.get(screening).status_code == (200 if screening in menu else 403)


@pytest.mark.parametrize("profession", sorted(ROLE_PAGES))
def test_signing_in_lands_on_the_roles_main_page(client, kela, profession):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import ProfessionalFactory

    user = ProfessionalFactory(organisation=kela, profession=profession)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    # Opening the site's front page signed out leads to the sign-in with next=/.
    assert client.get("/")["Location"].startswith("/accounts/login/")
    response = client.post(
        "/accounts/login/?next=/", {"username": user.username, "password": "salasana-testi-123"}
    )
    assert response.status_code == 302
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post(reverse("accounts:verify"), {"token": code, "next": "/"})
    assert response["Location"] == reverse(ROLE_PAGES[profession])
    assert client.get(response["Location"]).status_code == 200
    # The front page itself: those without clients of their own are sent to their page.
    front = client.get("/")
    if profession in ("researcher", "data_protection_officer"):
        assert front["Location"] == reverse(ROLE_PAGES[profession])
    else:
        assert front.status_code == 200


def test_a_page_asked_for_is_still_where_signing_in_leads(client, kela):
    from tests.factories import ProfessionalFactory

    user = ProfessionalFactory(organisation=kela, profession="service_manager")
    login(client, user)
    response = client.post(reverse("accounts:verify"), {"next": "/worklist/"})
    assert response["Location"] == "/worklist/"


@pytest.mark.parametrize("profession", ["researcher", "data_protection_officer", "service_manager"])
def test_the_api_refuses_recording_a_client_as_the_page_does(client, kela, profession):
    from polku.clients.models import Client
    from tests.factories import ProfessionalFactory, synthetic_hetu

    http = login(client, ProfessionalFactory(organisation=kela, profession=profession))
    body = {"hetu": synthetic_hetu(), "first_names": "Testi", "last_name": "Henkilö"}
    response = http.post("/api/v1/clients/", body, content_type="application/json")
    assert response.status_code == 403
    assert not Client.objects.exists()


# The menu's role questions are answered from what the authentication backend loads with the
# signed-in user (polku.access.backends): no query of their own on every page.
def _signed_in_request(user):
    from django.contrib.auth import get_user
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = {
        "_auth_user_id": str(user.pk),
        "_auth_user_backend": "polku.access.backends.UserBackend",
        "_auth_user_hash": user.get_session_auth_hash(),
    }
    request.user = get_user(request)
    return request


def _menu_for(user) -> list[str]:
    from polku.core import navigation

    return [str(item["url"]) for item in navigation.items_for(_signed_in_request(user))]


def test_the_menu_asks_nothing_more_of_the_database(kela, django_assert_num_queries):
    from polku.core import navigation
    from tests.factories import ProfessionalFactory

    user = ProfessionalFactory(organisation=kela, profession="nurse")
    with django_assert_num_queries(1):  # the user, with what the menu asks
        request = _signed_in_request(user)
    with django_assert_num_queries(0):
        menu = navigation.items_for(request)
    assert reverse("clients:my_clients") in [item["url"] for item in menu]


def test_the_menu_by_organisation_team_and_permissions(kela):
    from django.contrib.auth.models import Group, Permission

    from polku.accounts.models import OrganisationKind
    from tests.factories import OrganisationFactory, ProfessionalFactory, ReceivingTeamFactory

    referrals, queue = reverse("referrals:partner_list"), reverse("referrals:queue")
    reports, exports = reverse("research:dashboard"), reverse("research:exports")
    ngo = OrganisationFactory(name="Ensikoti", kind=OrganisationKind.NGO, is_public_authority=False)
    partner = ProfessionalFactory(organisation=ngo, profession="partner_worker")
    member = ProfessionalFactory(organisation=kela, profession="nurse")
    team = ReceivingTeamFactory(organisation=kela, members=[member])
    nurse = ProfessionalFactory(organisation=kela, profession="nurse")
    readers = Group.objects.create(name="raportit")
    readers.permissions.add(
        Permission.objects.get(codename="view_dashboard", content_type__app_label="research")
    )
    reader = ProfessionalFactory(organisation=kela, profession="nurse")
    reader.groups.add(readers)
    exporter = ProfessionalFactory(organisation=kela, profession="nurse")
    exporter.user_permissions.add(
        Permission.objects.get(codename="export_cohort", content_type__app_label="research")
    )
    assert referrals in _menu_for(partner) and queue not in _menu_for(partner)
    for on_the_team in (member, team.service_manager):
        assert queue in _menu_for(on_the_team) and referrals not in _menu_for(on_the_team)
    assert not {referrals, queue, reports, exports} & set(_menu_for(nurse))
    assert reports in _menu_for(reader) and exports not in _menu_for(reader)
    assert exports in _menu_for(exporter) and reports not in _menu_for(exporter)
