"""Exactly one active coordinator per active client, held by the database itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from polku.clients import services
from polku.clients.models import Client, ClientStatus, NetworkMember, NetworkRole
from tests.factories import ProfessionalFactory, make_client, synthetic_hetu

pytestmark = pytest.mark.django_db

REFUSED = (IntegrityError, DatabaseError)


def _seat(client):
    return NetworkMember.objects.get(client=client, role=NetworkRole.COORDINATOR, ended_at=None)


def test_a_second_active_coordinator_is_refused(client_record, kela):
    other = ProfessionalFactory(organisation=kela)
    with pytest.raises(REFUSED), transaction.atomic():
        NetworkMember.objects.create(client=client_record, professional=other, role="coordinator")


def test_ending_the_only_coordinator_of_an_active_client_is_refused(client_record):
    with pytest.raises(REFUSED), transaction.atomic():
        NetworkMember.objects.filter(pk=_seat(client_record).pk).update(ended_at=timezone.now())


def test_deleting_or_demoting_the_coordinator_is_refused(client_record):
    seat = _seat(client_record)
    with pytest.raises(REFUSED), transaction.atomic():
        NetworkMember.objects.filter(pk=seat.pk).delete()
    with pytest.raises(REFUSED), transaction.atomic():
        NetworkMember.objects.filter(pk=seat.pk).update(role=NetworkRole.MEMBER)


def test_a_client_cannot_become_active_without_a_coordinator(coordinator):
    client = Client(first_names="Eero", last_name="Laine", created_by=coordinator)
    client.set_hetu(synthetic_hetu())
    client.save()
    with pytest.raises(REFUSED), transaction.atomic():
        Client.objects.filter(pk=client.pk).update(status=ClientStatus.ACTIVE)


def test_a_client_cannot_be_inserted_active(coordinator):
    client = Client(
        first_names="Eero", last_name="Laine", created_by=coordinator, status=ClientStatus.ACTIVE
    )
    client.set_hetu(synthetic_hetu())
    with pytest.raises(REFUSED), transaction.atomic():
        client.save()


def test_transfer_keeps_exactly_one_and_the_history(client_record, coordinator, kela):
    successor = ProfessionalFactory(organisation=kela)
    services.add_member(client=client_record, by=coordinator, professional=successor)
    services.transfer_coordinator(client=client_record, to=successor, by=coordinator)
    active = NetworkMember.objects.active().filter(client=client_record, role="coordinator")
    assert list(active.values_list("professional", flat=True)) == [successor.pk]
    periods = NetworkMember.objects.filter(client=client_record, role="coordinator")
    assert periods.count() == 2
    earlier = periods.get(ended_at__isnull=False)
    assert earlier.professional_id == coordinator.pk
    # the successor's ordinary membership ended when they took the seat
    assert (
        not NetworkMember.objects.active()
        .filter(client=client_record, professional=successor, role="member")
        .exists()
    )


def test_the_coordinator_cannot_leave_through_the_service(client_record, coordinator):
    with pytest.raises(ValidationError):
        services.end_membership(member=_seat(client_record), by=coordinator)


def test_a_closed_client_may_have_its_coordinator_period_ended(coordinator):
    client = make_client(coordinator=coordinator)
    Client.objects.filter(pk=client.pk).update(status=ClientStatus.CLOSED)
    NetworkMember.objects.filter(pk=_seat(client).pk).update(ended_at=timezone.now())
    assert not NetworkMember.objects.active().filter(client=client).exists()
