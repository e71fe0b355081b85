"""The authorization matrix: who may reach each URL and API endpoint that takes an object's id.

Columns: every such URL, found from the URL configuration (tests/access/client_urls.py), of
four kinds by the rule that decides who reaches it:

* client data (a `client_id`): the access rule. Rows: professionals in different relations
  to one client (network member or not, own or other organisation, consent covering or not,
  consent withdrawn, membership ended, various professions, superuser);
* referrals (a `referral_id`): the receiving team sees its referrals whole, the referring
  partner its own referrals' status; seeing the client gives neither;
* the portal: the signed-in client's own objects only;
* research exports: the researcher who made the export only.

Allowed → the page answers (not 404); everyone else → 404, never 403, and the very answer a
nonexistent id gets, so that nothing reveals that the object exists. An object id of a
client the professional cannot see, put in a URL of a client they can, is a nonexistent id
too. Anonymous users are sent to sign in (web) or get 403 (API).

The objects are built once for the module (one transaction, rolled back at its end); each
case runs in its own savepoint, so a case that changes something changes it for itself only.
"""

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.utils import timezone

from polku.accounts.models import OrganisationKind, Profession
from polku.clients import services
from polku.clients.models import NetworkMember
from polku.portal import session as portal_session
from polku.referrals.models import Referral
from polku.research.exports import FILES
from polku.research.models import ResearchExport
from tests.access.client_urls import (
    client_data_urls,
    extra_ids,
    kind_of,
    object_urls,
    urls_with_arguments,
)
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client
from tests.meetings.helpers import plan

pytestmark = pytest.mark.django_db

NONEXISTENT = 2_000_000_000

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

# Who reaches each referral URL: its team, or the partner that referred (a new referral URL
# fails test_every_referral_url_has_its_readers until it is added here).
REFERRAL_ROLES = ("team", "partner", "client_network_not_team", "other_partner", "researcher")
REFERRAL_READERS = {
    "referrals:claim": {"team"},
    "referrals:discharge": {"team"},
    "referrals:follow_up_done": {"team"},
    "referrals:handout": {"team", "partner"},
    "referrals:open_case": {"team"},
    "referrals:partner_detail": {"partner"},
    "referrals:partner_withdraw": {"partner"},
    "referrals:status": {"team"},
    "referrals:team_detail": {"team"},
    "referrals:team_withdraw": {"team"},
    "v1:referral-claim": {"team"},
    "v1:referral-detail": {"partner"},
}
PORTAL_ROLES = ("client", "other_client", "professional")
EXPORT_ROLES = ("owner", "other_researcher", "network_member")
READERS = {"portal": {"client"}, "export": {"owner"}}


def _people(kela, municipality):
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
    return people, shelter, social


def _client_ids(client, coordinator, member) -> dict[str, int]:
    return {
        "client_id": client.pk,
        "consent_id": client.consents.order_by("id").first().pk,
        "member_id": NetworkMember.objects.get(client=client, professional=member).pk,
        **extra_ids(client, coordinator),
    }


def _build_world():
    kela = OrganisationFactory(name="Kela, Etelä-Pohjanmaa", kind="kela")
    municipality = OrganisationFactory(name="Seinäjoen työllisyyspalvelut", kind="employment")
    people, shelter, social = _people(kela, municipality)
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
    ids = _client_ids(client, coordinator, people["member_same_org"])

    # Another client, whom no one above sees, with the same objects of their own.
    health = OrganisationFactory(name="Hyvinvointialue, työterveys")
    other_coordinator = ProfessionalFactory(organisation=health, profession=Profession.NURSE)
    other = make_client(coordinator=other_coordinator, first_names="Eero", last_name="Toinen")
    other_member = ProfessionalFactory(organisation=health, profession=Profession.DOCTOR)
    services.add_member(client=other, by=other_coordinator, professional=other_member)
    other_ids = _client_ids(other, other_coordinator, other_member)

    referral = Referral.objects.select_related("referred_by").get(pk=ids["referral_id"])
    other_ngo = OrganisationFactory(
        name="Toinen turvakoti", kind=OrganisationKind.NGO, is_public_authority=False
    )
    referral_people = {
        "team": coordinator,  # a member of the referral's team (tests/referrals/matrix_ids.py)
        "partner": referral.referred_by,
        "client_network_not_team": people["member_same_org"],
        "other_partner": ProfessionalFactory(
            organisation=other_ngo, profession=Profession.PARTNER_WORKER
        ),
        "researcher": people["researcher_non_member"],
    }

    # The portal: the client's own planned meeting and consent.
    portal_ids = {
        "meeting_id": plan(client, coordinator).pk,
        "consent_id": ids["consent_id"],
    }
    other_portal_ids = {
        "meeting_id": plan(other, other_coordinator).pk,
        "consent_id": other_ids["consent_id"],
    }

    # A research export with its files, and who else might ask for it.
    owner = ProfessionalFactory(organisation=kela, profession=Profession.RESEARCHER)
    directory = Path(tempfile.mkdtemp(prefix="polku-matrix-"))
    for name in FILES:
        (directory / name).write_bytes(b"pseudonym\n")
    export = ResearchExport.objects.create(
        created_by=owner,
        purpose="Matriisi",
        permit_reference="THL/1/2026",
        directory=str(directory),
    )
    return {
        "people": people,
        "ids": ids,
        "other_ids": other_ids,
        "clients": (client, other),
        "referral_people": referral_people,
        "portal_ids": portal_ids,
        "other_portal_ids": other_portal_ids,
        "export_people": {
            "owner": owner,
            "other_researcher": people["researcher_non_member"],
            "network_member": people["member_same_org"],
        },
        "export_ids": {"export_id": export.pk, "name": FILES[1]},
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix's people and objects, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


CLIENT_URLS = client_data_urls()
OBJECT_URLS = object_urls()


def _request(http, url):
    """GET, or POST where the URL takes only POST (a 405 says nothing about the object)."""
    response = http.get(url)
    return http.post(url, {}) if response.status_code == 405 else response


def _nonexistent(ids: dict, kwargs=None) -> dict:
    """The same ids with every object id (all, or those in `kwargs`) one that exists nowhere."""
    return {
        k: NONEXISTENT if k.endswith("_id") and (kwargs is None or k in kwargs) else v
        for k, v in ids.items()
    }


_VARYING = re.compile(rb'(csrfmiddlewaretoken" value="|nonce="|csrf_token": ")[^"]*')


def _answer(response, url: str) -> tuple[int, str, bytes]:
    """What a response tells: its status, where it leads and its body, with the URL asked for
    and the per-request tokens taken out."""
    body = b"" if response.streaming else response.content
    body = _VARYING.sub(rb"\1", body.replace(url.encode(), b"<url>"))
    return response.status_code, response.get("Location", "").replace(url, "<url>"), body


def _same_as_nonexistent(http, url_of, ids, nonexistent_ids) -> None:
    url, missing = url_of.build(ids), url_of.build(nonexistent_ids)
    answer, expected = _answer(_request(http, url), url), _answer(_request(http, missing), missing)
    assert answer[0] == 404 or url_of.kind == "portal", f"{url}: {answer[0]}, not 404"
    assert answer == expected, f"{url} answers unlike a nonexistent id ({missing})"


# --- every URL with an id has its rule -----------------------------------------------------


def test_every_url_with_an_id_is_in_the_matrix():
    unknown = [name for name, kwargs in urls_with_arguments() if kind_of(name, kwargs) is None]
    assert not unknown, (
        "URLs with an id that the authorization matrix does not cover; give each a kind in "
        f"tests/access/client_urls.py and its rows here: {unknown}"
    )


def test_the_matrix_covers_the_pages_and_the_api():
    names = {u.name for u in CLIENT_URLS}
    assert {"clients:detail", "clients:consent_new", "clients:member_add"} <= names
    assert any(u.is_api for u in CLIENT_URLS), "the API's client endpoints must be in the matrix"
    kinds = {u.kind for u in OBJECT_URLS}
    assert kinds == {"client", "referral", "portal", "export"}


def test_every_referral_url_has_its_readers():
    assert {u.name for u in object_urls("referral")} == set(REFERRAL_READERS)


def test_every_id_of_every_url_has_an_object(world):
    ids = {
        "client": world["ids"],
        "referral": world["ids"],
        "portal": world["portal_ids"],
        "export": world["export_ids"],
    }
    for url in OBJECT_URLS:
        assert set(url.kwargs) <= set(ids[url.kind]), f"no object for {url.name} {url.kwargs}"


# --- client data: the access rule ----------------------------------------------------------


@pytest.mark.parametrize("client_url", CLIENT_URLS, ids=lambda u: u.name)
@pytest.mark.parametrize("role", sorted(ALLOWED | DENIED))
def test_matrix(client, world, role, client_url):
    ids = world["ids"]
    login(client, world["people"][role])
    if role in ALLOWED:
        url = client_url.build(ids)
        response = _request(client, url)
        assert response.status_code != 404, f"{role} should reach {url}"
        assert response.status_code < 500
    else:
        _same_as_nonexistent(client, client_url, ids, _nonexistent(ids))


SWAPS = [
    (url, kwarg)
    for url in OBJECT_URLS
    if url.kind in ("client", "referral")
    for kwarg in url.kwargs
    if kwarg.endswith("_id") and kwarg != "client_id"
]


@pytest.mark.parametrize(("object_url", "kwarg"), SWAPS, ids=[f"{u.name}-{k}" for u, k in SWAPS])
def test_an_object_of_a_client_i_cannot_see_is_not_found(client, world, object_url, kwarg):
    """The coordinator (who sees their client and is on the referral's team) asks for an
    object of another client through their own client's or referral's URL."""
    login(client, world["people"]["coordinator"])
    ids = world["ids"]
    theirs = {**ids, kwarg: world["other_ids"][kwarg]}
    _same_as_nonexistent(client, object_url, theirs, _nonexistent(ids, [kwarg]))


@pytest.mark.parametrize("client_url", CLIENT_URLS, ids=lambda u: u.name)
def test_anonymous_is_sent_to_sign_in(client, world, client_url):
    url = client_url.build(world["ids"])
    response = _request(client, url)
    if client_url.is_api:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("client_url", CLIENT_URLS, ids=lambda u: u.name)
def test_password_without_second_factor_is_not_enough(client, world, client_url):
    client.force_login(world["people"]["coordinator"])  # no OTP device verified in session
    url = client_url.build(world["ids"])
    response = _request(client, url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


def test_my_clients_lists_only_visible_clients(client, world):
    people, ids = world["people"], world["ids"]
    login(client, people["non_member_same_org"])
    response = client.get("/")
    assert response.status_code == 200
    assert f"/clients/{ids['client_id']}/" not in response.content.decode()
    client.logout()
    login(client, people["member_other_org_covered"])
    assert f"/clients/{ids['client_id']}/" in client.get("/").content.decode()


# --- referrals: the team's and the partner's rules -----------------------------------------


@pytest.mark.parametrize("referral_url", object_urls("referral"), ids=lambda u: u.name)
@pytest.mark.parametrize("role", REFERRAL_ROLES)
def test_referral_matrix(client, world, role, referral_url):
    ids = world["ids"]
    login(client, world["referral_people"][role])
    if role in REFERRAL_READERS.get(referral_url.name, set()):
        url = referral_url.build(ids)
        response = _request(client, url)
        assert response.status_code != 404, f"{role} should reach {url}"
        assert response.status_code < 500
    else:
        _same_as_nonexistent(client, referral_url, ids, _nonexistent(ids))


@pytest.mark.parametrize("object_url", object_urls("referral") + object_urls("export"))
def test_anonymous_is_sent_to_sign_in_from_referrals_and_exports(world, object_url):
    ids = {**world["ids"], **world["export_ids"]}
    response = _request(HttpClient(), object_url.build(ids))
    if object_url.is_api:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# --- the portal: the client's own objects --------------------------------------------------


def _portal_session(http, client) -> None:
    now = int(timezone.now().timestamp())
    session = http.session
    session.update({portal_session.KEY: client.pk, portal_session.STARTED: now})
    session[portal_session.SEEN] = now
    session.save()


@pytest.mark.parametrize("portal_url", object_urls("portal"), ids=lambda u: u.name)
@pytest.mark.parametrize("role", PORTAL_ROLES)
def test_portal_matrix(client, world, role, portal_url):
    mine, other = world["clients"]
    if role == "professional":
        login(client, world["people"]["coordinator"])
    else:
        _portal_session(client, mine if role == "client" else other)
    ids = world["portal_ids"]
    if role in READERS["portal"]:
        url = portal_url.build(ids)
        response = _request(client, url)
        assert response.status_code not in (302, 404), f"{role} should reach {url}"
        assert response.status_code < 500
    else:
        _same_as_nonexistent(client, portal_url, ids, _nonexistent(ids))


def test_the_portal_gives_the_other_client_their_own(client, world):
    """The rows above deny the other client the first client's objects; their own they get."""
    _, other = world["clients"]
    _portal_session(client, other)
    url = object_urls("portal")[0].build(world["other_portal_ids"])
    assert client.get(url).status_code == 200


# --- research exports: the researcher's own ------------------------------------------------


@pytest.mark.parametrize("export_url", object_urls("export"), ids=lambda u: u.name)
@pytest.mark.parametrize("role", EXPORT_ROLES)
def test_export_matrix(client, world, role, export_url):
    ids = world["export_ids"]
    login(client, world["export_people"][role])
    if role in READERS["export"]:
        response = client.get(export_url.build(ids))
        assert response.status_code == 200
    else:
        _same_as_nonexistent(client, export_url, ids, _nonexistent(ids))
