"""Visiting any client-data page or endpoint writes an audit event for that client."""

import pytest
from django.db import transaction

from polku.audit.models import AuditEvent
from tests.access.client_urls import client_data_urls, extra_ids
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """A client with a member and every other app's objects (tests/*/matrix_ids.py), built
    once for the module and rolled back after it; each case runs in its own savepoint."""
    from polku.clients import services

    with django_db_blocker.unblock(), transaction.atomic():
        kela = OrganisationFactory(name="Kela, Etelä-Pohjanmaa", kind="kela")
        coordinator = ProfessionalFactory(organisation=kela)
        client_record = make_client(coordinator=coordinator)
        member = services.add_member(
            client=client_record,
            by=coordinator,
            professional=ProfessionalFactory(organisation=kela),
        )
        yield {
            "coordinator": coordinator,
            "ids": {
                "client_id": client_record.pk,
                "consent_id": client_record.consents.get().pk,
                "member_id": member.pk,
                **extra_ids(client_record, coordinator),
            },
        }
        transaction.set_rollback(True)


@pytest.mark.parametrize("client_url", client_data_urls(), ids=lambda u: u.name)
def test_visit_writes_an_audit_event_for_the_client(client, world, client_url):
    coordinator, ids = world["coordinator"], world["ids"]
    login(client, coordinator)
    before = AuditEvent.objects.filter(client_id=ids["client_id"]).count()
    url = client_url.build(ids)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    assert response.status_code < 500
    events = AuditEvent.objects.filter(client_id=ids["client_id"]).order_by("id")[before:]
    assert events, f"{url} wrote no audit event"
    assert all(e.actor_id == coordinator.pk for e in events)
    assert all(e.actor_organisation_id == coordinator.organisation_id for e in events)


def test_the_list_of_my_clients_audits_every_client_shown(client, coordinator, client_record):
    login(client, coordinator)
    client.get("/")
    event = AuditEvent.objects.filter(client=client_record, action="list").get()
    assert event.purpose == "coordination"  # the consent purpose that granted the access


def test_the_full_personal_identity_code_display_is_audited_with_its_purpose(
    client, coordinator, client_record
):
    login(client, coordinator)
    response = client.post(
        f"/clients/{client_record.pk}/hetu/", {"purpose": "Kela application form"}
    )
    assert client_record.reveal_hetu() in response.content.decode()
    event = AuditEvent.objects.filter(client=client_record, action="reveal").get()
    assert event.purpose == "Kela application form"


def test_the_overview_never_shows_the_full_code(client, coordinator, client_record):
    login(client, coordinator)
    page = client.get(f"/clients/{client_record.pk}/").content.decode()
    assert client_record.reveal_hetu() not in page
    assert client_record.hetu_masked in page
