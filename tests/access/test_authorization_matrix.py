"""The authorization matrix: who may reach each client-data URL and API endpoint.

Rows: professionals in different relations to one client (network member or not, own or
other organisation, consent covering or not, consent withdrawn, membership ended, various
professions, superuser). Columns: every URL that takes a client_id (found automatically).
Allowed → the page answers (not 404); everyone else → 404, never 403, so that the answer
does not reveal that the client exists. Anonymous users are sent to sign in (web) or get 403
(API)."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.accounts.models import Profession
from polku.clients import services
from polku.clients.models import NetworkMember
from tests.access.client_urls import client_data_urls, extra_ids
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db

ALLOWED = {"coordinator", "member_same_org", "member_other_org_covered", "partner_covered"}
DENIED = {
    "member_other_org_not_covered",
    "non_member_same_org",
    "non_member_other_org",
    "member_after_consent_withdrawn",
    "member_after_membership_ended",
    "service_manager_non_member",
    "researcher_non_member",
    "superuser_non_member",
}


@pytest.fixture
def world(kela, municipality):
    """One client and one professional per row of the matrix."""
    shelter = OrganisationFactory(name="Ensikoti Aava", kind="ngo", is_public_authority=False)
    health = OrganisationFactory(name="Hyvinvointialue, työterveys", kind="health")
    social = OrganisationFactory(name="Sosiaalipalvelut", kind="social")
    people = {
        "coordinator": ProfessionalFactory(organisation=kela),
        "member_same_org": ProfessionalFactory(organisation=kela, profession=Profession.NURSE),
        "member_other_org_covered": ProfessionalFactory(
            organisation=municipality, profession=Profession.WORK_ABILITY_COORDINATOR
        ),
        "partner_covered": ProfessionalFactory(
            organisation=shelter, profession=Profession.PARTNER_WORKER
        ),
        "member_other_org_not_covered": ProfessionalFactory(
            organisation=health, profession=Profession.DOCTOR
        ),
        "non_member_same_org": ProfessionalFactory(organisation=kela),
        "non_member_other_org": ProfessionalFactory(organisation=municipality),
        "member_after_consent_withdrawn": ProfessionalFactory(
            organisation=social, profession=Profession.SOCIAL_WORKER
        ),
        "member_after_membership_ended": ProfessionalFactory(organisation=municipality),
        "service_manager_non_member": ProfessionalFactory(
            organisation=kela, profession=Profession.SERVICE_MANAGER
        ),
        "researcher_non_member": ProfessionalFactory(
            organisation=kela, profession=Profession.RESEARCHER
        ),
        "superuser_non_member": ProfessionalFactory(
            organisation=kela,
            profession=Profession.ADMINISTRATOR,
            is_superuser=True,
            is_staff=True,
        ),
    }
    coordinator = people["coordinator"]
    client = make_client(coordinator=coordinator, consent_organisations=[municipality, shelter])
    social_consent = services.give_consent(
        client=client,
        by=coordinator,
        organisations=[social],
        purpose="coordination",
        given_how="in_person",
        valid_from=timezone.localdate() - dt.timedelta(days=1),
    )
    for role in (
        "member_same_org",
        "member_other_org_covered",
        "partner_covered",
        "member_other_org_not_covered",
        "member_after_consent_withdrawn",
        "member_after_membership_ended",
    ):
        services.add_member(client=client, by=coordinator, professional=people[role])
    services.withdraw_consent(consent=social_consent, by=coordinator)
    ended = NetworkMember.objects.get(
        client=client, professional=people["member_after_membership_ended"]
    )
    services.end_membership(member=ended, by=coordinator)
    other_member = NetworkMember.objects.get(client=client, professional=people["member_same_org"])
    ids = {
        "client_id": client.pk,
        "consent_id": client.consents.order_by("id").first().pk,
        "member_id": other_member.pk,
        **extra_ids(client, coordinator),
    }
    return people, ids


URLS = client_data_urls()


def test_the_matrix_covers_the_pages_and_the_api():
    names = {u.name for u in URLS}
    assert {"clients:detail", "clients:consent_new", "clients:member_add"} <= names
    assert any(u.is_api for u in URLS), "the API's client endpoints must be in the matrix"


def _request(http, url, client_url):
    """GET, or POST where the URL takes only POST (a 405 says nothing about the client)."""
    response = http.get(url)
    return http.post(url, {}) if response.status_code == 405 else response


@pytest.mark.parametrize("client_url", URLS, ids=lambda u: u.name)
@pytest.mark.parametrize("role", sorted(ALLOWED | DENIED))
def test_matrix(client, world, role, client_url):
    people, ids = world
    url = client_url.build(ids)
    login(client, people[role])
    response = _request(client, url, client_url)
    if role in ALLOWED:
        assert response.status_code != 404, f"{role} should reach {url}"
        assert response.status_code < 500
    else:
        assert response.status_code == 404, f"{role} must get 404 at {url}"


@pytest.mark.parametrize("client_url", URLS, ids=lambda u: u.name)
def test_anonymous_is_sent_to_sign_in(client, world, client_url):
    _people, ids = world
    url = client_url.build(ids)
    response = _request(client, url, client_url)
    if client_url.is_api:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("client_url", URLS, ids=lambda u: u.name)
def test_password_without_second_factor_is_not_enough(client, world, client_url):
    people, ids = world
    client.force_login(people["coordinator"])  # no OTP device verified in this session
    url = client_url.build(ids)
    response = _request(client, url, client_url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


def test_my_clients_lists_only_visible_clients(client, world):
    people, ids = world
    login(client, people["non_member_same_org"])
    response = client.get("/")
    assert response.status_code == 200
    assert f"/clients/{ids['client_id']}/" not in response.content.decode()
    client.logout()
    login(client, people["member_other_org_covered"])
    assert f"/clients/{ids['client_id']}/" in client.get("/").content.decode()
