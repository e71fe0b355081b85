"""Issue 18, finding 16: within the access rule, the full henkilötunnus only to authorities
that need it (Kela, municipal social and employment services), a portal sign-in code only by
the client's coordinator, and the OpenAPI document only to signed-in professionals."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from polku.access import policy
from polku.accounts.models import Profession
from polku.audit.models import Action, AuditEvent
from polku.clients import services
from polku.portal import services as portal
from polku.portal.models import SignInCode
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db

PURPOSE = {"purpose": "Kela application form"}


@pytest.fixture
def people(kela, municipality):
    shelter = OrganisationFactory(name="Turvakoti Aava", kind="ngo", is_public_authority=False)
    health = OrganisationFactory(name="Hyvinvointialue, työterveys", kind="health")
    social = OrganisationFactory(name="Sosiaalipalvelut", kind="social")
    return {
        "coordinator": ProfessionalFactory(organisation=kela),
        "kela_nurse": ProfessionalFactory(organisation=kela, profession=Profession.NURSE),
        "employment": ProfessionalFactory(
            organisation=municipality, profession=Profession.EMPLOYMENT_COUNSELLOR
        ),
        "social": ProfessionalFactory(organisation=social, profession=Profession.SOCIAL_WORKER),
        "shelter": ProfessionalFactory(organisation=shelter, profession=Profession.PARTNER_WORKER),
        "health": ProfessionalFactory(organisation=health, profession=Profession.NURSE),
    }


@pytest.fixture
def client_of(people, kela, municipality):
    coordinator = people["coordinator"]
    others = [p.organisation for name, p in people.items() if name != "coordinator"]
    client = make_client(coordinator=coordinator, consent_organisations=others)
    for name, person in people.items():
        if name != "coordinator":
            services.add_member(client=client, by=coordinator, professional=person)
    return client


AUTHORITIES = ["coordinator", "kela_nurse", "employment", "social"]
OTHERS = ["shelter", "health"]


@pytest.mark.parametrize("who", AUTHORITIES + OTHERS)
def test_one_function_decides_who_sees_the_full_code(people, client_of, who):
    assert policy.may_see_full_hetu(people[who], client_of) is (who in AUTHORITIES)


def test_an_authority_outside_the_network_does_not_see_the_code(client_of, municipality):
    outsider = ProfessionalFactory(organisation=municipality)
    assert not policy.may_see_full_hetu(outsider, client_of)


@pytest.mark.parametrize("who", OTHERS)
def test_a_shelter_or_health_member_sees_only_the_masked_code(client, people, client_of, who):
    login(client, people[who])
    full = client_of.reveal_hetu()
    page = client.get(f"/clients/{client_of.pk}/").content.decode()
    assert client_of.hetu_masked in page
    assert f"/clients/{client_of.pk}/hetu/" not in page  # no "show the full code" form
    response = client.post(f"/clients/{client_of.pk}/hetu/", PURPOSE)
    assert response.status_code == 403
    assert full not in response.content.decode()
    api = client.post(
        f"/api/v1/clients/{client_of.pk}/hetu/", PURPOSE, content_type="application/json"
    )
    assert api.status_code == 403
    assert full not in api.content.decode()
    assert not AuditEvent.objects.filter(action=Action.REVEAL).exists()
    with pytest.raises(PermissionDenied):
        services.reveal_hetu(client=client_of, by=people[who], purpose="x")


@pytest.mark.parametrize("who", AUTHORITIES)
def test_an_authority_sees_the_full_code_audited(client, people, client_of, who):
    login(client, people[who])
    full = client_of.reveal_hetu()
    assert (
        f"/clients/{client_of.pk}/hetu/" in client.get(f"/clients/{client_of.pk}/").content.decode()
    )
    assert full in client.post(f"/clients/{client_of.pk}/hetu/", PURPOSE).content.decode()
    api = client.post(
        f"/api/v1/clients/{client_of.pk}/hetu/", PURPOSE, content_type="application/json"
    )
    assert api.status_code == 200 and api.json() == {"hetu": full}
    reveals = AuditEvent.objects.filter(action=Action.REVEAL, actor=people[who])
    assert reveals.count() == 2


@pytest.mark.parametrize("who", ["kela_nurse", "social", "shelter"])
def test_only_the_coordinator_makes_a_portal_code(client, people, client_of, who):
    login(client, people[who])
    page = client.get(f"/clients/{client_of.pk}/").content.decode()
    assert f"/clients/{client_of.pk}/portal-code/" not in page
    response = client.post(f"/clients/{client_of.pk}/portal-code/")
    assert response.status_code == 403
    assert 'data-testid="portal-code"' not in response.content.decode()
    with pytest.raises(PermissionDenied):
        portal.create_code(client=client_of, by=people[who])
    assert not SignInCode.objects.filter(client=client_of).exists()
    assert not AuditEvent.objects.filter(target="portal_code", action=Action.CREATE).exists()


def test_the_coordinator_makes_a_portal_code(client, people, client_of):
    login(client, people["coordinator"])
    page = client.get(f"/clients/{client_of.pk}/").content.decode()
    assert f"/clients/{client_of.pk}/portal-code/" in page
    response = client.post(f"/clients/{client_of.pk}/portal-code/")
    assert response.status_code == 200
    assert 'data-testid="portal-code"' in response.content.decode()
    assert SignInCode.objects.filter(client=client_of, created_by=people["coordinator"]).exists()


def test_the_openapi_document_needs_a_signed_in_professional(client, coordinator):
    assert client.get("/api/v1/openapi.json").status_code in (401, 403)
    client.force_login(coordinator)  # password only, no second factor
    assert client.get("/api/v1/openapi.json").status_code in (401, 403)
    login(client, coordinator)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert json.loads(response.content)["info"]["title"] == "Polku API"
