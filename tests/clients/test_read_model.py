"""The shared read model (polku.clients.models): the network querysets say "the active
network", "the coordinator" and "is a member"; Client.objects.visible_to is the access rule."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models.fetch_modes import FieldFetchBlocked

from polku.access import policy
from polku.clients import services
from polku.clients.models import Client, NetworkMember
from tests.factories import ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(client_record, coordinator, kela, municipality):
    """The client's coordinator handed the role to `successor` (so `coordinator` is an ended
    coordinator, out of the network); `member` is a member, `left` left the network, and
    `stranger` is a member of another client's network only."""
    successor = ProfessionalFactory(organisation=kela)
    member = ProfessionalFactory(organisation=municipality)
    left = ProfessionalFactory(organisation=kela)
    for person in (successor, member, left):
        services.add_member(client=client_record, by=coordinator, professional=person)
    services.end_membership(
        member=NetworkMember.objects.of(client_record).get(professional=left), by=coordinator
    )
    services.transfer_coordinator(client=client_record, to=successor, by=coordinator)
    stranger = ProfessionalFactory(organisation=kela)
    other = make_client(coordinator=stranger, first_names="Eero")
    return {
        "client": client_record,
        "other": other,
        "ended coordinator": coordinator,
        "coordinator": successor,
        "member": member,
        "left": left,
        "stranger": stranger,
    }


def _people(members) -> set[int]:
    return set(members.values_list("professional_id", flat=True))


def test_of_is_the_clients_active_network(network):
    client = network["client"]
    expected = {network["coordinator"].pk, network["member"].pk}
    assert _people(NetworkMember.objects.of(client)) == expected
    assert _people(NetworkMember.objects.of(client.pk)) == expected  # by id too
    assert NetworkMember.objects.of(client).professional_ids() == expected
    assert NetworkMember.objects.coordinators().of(client).professional_ids() == {
        network["coordinator"].pk
    }
    # the history: who left, the former coordinator, and the successor's ordinary membership,
    # which ended when they took the coordinator's seat
    assert _people(client.network.ended()) == {
        network["left"].pk,
        network["ended coordinator"].pk,
        network["coordinator"].pk,
    }


def test_coordinators_are_the_active_seats_only(network):
    client = network["client"]
    assert _people(NetworkMember.objects.coordinators().of(client)) == {network["coordinator"].pk}
    assert _people(NetworkMember.objects.coordinators().of(network["other"])) == {
        network["stranger"].pk
    }
    assert _people(NetworkMember.objects.coordinator_periods().filter(client=client)) == {
        network["coordinator"].pk,
        network["ended coordinator"].pk,
    }


@pytest.mark.parametrize(
    ("who", "is_member", "is_coordinator"),
    [
        ("coordinator", True, True),
        ("member", True, False),  # a member who does not coordinate
        ("left", False, False),  # left the network
        ("ended coordinator", False, False),  # handed the role over and left
        ("stranger", False, False),  # another client's network only
    ],
)
def test_includes(network, who, is_member, is_coordinator):
    client, person = network["client"], network[who]
    assert NetworkMember.objects.includes(client, person) is is_member
    assert NetworkMember.objects.includes(client.pk, person.pk) is is_member
    assert NetworkMember.objects.coordinators().includes(client, person) is is_coordinator


@pytest.mark.parametrize(
    "who", ["coordinator", "member", "left", "ended coordinator", "stranger", "anonymous"]
)
def test_visible_to_is_the_access_rule(network, who):
    user = AnonymousUser() if who == "anonymous" else network[who]
    intake = make_client(coordinator=network["member"], with_consent=False, first_names="Ilona")
    rule = set(policy.visible_clients(user).values_list("pk", flat=True))
    assert set(Client.objects.visible_to(user).values_list("pk", flat=True)) == rule
    # chained after other filters, it narrows them by the rule
    shown = Client.objects.filter(pk__in=[network["client"].pk, intake.pk]).visible_to(user)
    assert set(shown.values_list("pk", flat=True)) == rule & {network["client"].pk, intake.pk}
    if who == "coordinator":
        assert rule == {network["client"].pk}
    if who == "member":  # no consent covers their organisation; their own intake client
        assert rule == {intake.pk}


def test_the_querysets_keep_the_fetch_mode(network):
    """An N+1 query still fails in tests (FETCH_RAISE) through the new querysets."""
    member = NetworkMember.objects.of(network["client"]).first()
    assert member is not None
    with pytest.raises(FieldFetchBlocked):
        _ = member.professional
    client = Client.objects.visible_to(network["coordinator"]).get()
    with pytest.raises(FieldFetchBlocked):
        _ = client.created_by
