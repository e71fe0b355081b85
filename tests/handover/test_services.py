"""The warm handover: proposed by the coordinator, met jointly with the client, accepted by
the receiver — who then becomes the one coordinator; every refusal has a clear message."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polku.audit.models import AuditEvent
from polku.clients.models import NetworkMember, NetworkRole
from polku.handover import selectors, services
from polku.handover.models import Handover
from polku.meetings import services as meetings
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client
from tests.meetings.helpers import complete, plan

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.fixture
def receiver(kela):
    return ProfessionalFactory(organisation=kela, profession="work_ability_coordinator")


def _propose(client, by, to, **overrides):
    arguments = {"reason": "Kuntoutus ensisijainen", "summary": "Tilanne ja sovitut asiat."}
    arguments.update(overrides)
    return services.propose_handover(client=client, by=by, to=to, **arguments)


def _coordinators(client):
    return list(
        NetworkMember.objects.active()
        .filter(client=client, role=NetworkRole.COORDINATOR)
        .values_list("professional_id", flat=True)
    )


def _started(client, coordinator, **overrides):
    """A meeting that started two hours ago, so it can be closed as held."""
    start = timezone.now() - dt.timedelta(hours=2)
    return plan(
        client, coordinator, starts_at=start, ends_at=start + dt.timedelta(hours=1), **overrides
    )


def _keep_all(handover, coordinator):
    """The leaving coordinator keeps her open work (she stays in the network)."""
    decisions = {item.key: services.KEEP for item in services.unsettled(handover)}
    services.settle(handover=handover, by=coordinator, decisions=decisions)


def _held_joint_meeting(client, coordinator, handover, receiver):
    meeting = _started(client, coordinator, kind="handover", participants=[receiver])
    services.link_meeting(handover=handover, meeting=meeting, by=coordinator)
    complete(meeting, coordinator)
    meetings.close_meeting(meeting=meeting, by=coordinator)
    _keep_all(handover, coordinator)
    return meeting


def test_proposal_adds_the_receiver_to_the_network_and_is_audited(
    client_record, coordinator, receiver
):
    handover = _propose(client_record, coordinator, receiver)
    assert handover.status == "proposed"
    assert (
        NetworkMember.objects.active().filter(client=client_record, professional=receiver).exists()
    )
    assert _coordinators(client_record) == [coordinator.pk]  # the old coordinator stays
    assert AuditEvent.objects.filter(target=f"handover:{handover.pk}", action="create").exists()


def test_only_the_coordinator_may_propose(client_record, coordinator, receiver):
    from polku.clients import services as clients

    clients.add_member(client=client_record, by=coordinator, professional=receiver)
    with pytest.raises(ValidationError) as error:
        _propose(client_record, receiver, coordinator)
    assert "Only the client's personal coordinator" in _messages(error.value)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reason": " "}, "reason", "Give the reason"),
        ({"summary": ""}, "summary", "Write the handover summary"),
        ({"summary": "<script>x</script>"}, "summary", "HTML"),
    ],
)
def test_reason_and_summary_are_required(
    client_record, coordinator, receiver, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        _propose(client_record, coordinator, receiver, **overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert not Handover.objects.exists()


def test_not_to_oneself_and_not_to_an_inactive_professional(client_record, coordinator, kela):
    with pytest.raises(ValidationError) as error:
        _propose(client_record, coordinator, coordinator)
    assert "already the coordinator" in _messages(error.value)
    gone = ProfessionalFactory(organisation=kela, is_active=False)
    with pytest.raises(ValidationError) as error:
        _propose(client_record, coordinator, gone)
    assert "active professional" in _messages(error.value)


def test_the_consent_must_cover_the_receivers_organisation(client_record, coordinator):
    health = OrganisationFactory(name="Työterveys Oy", kind="health")
    doctor = ProfessionalFactory(organisation=health, profession="doctor")
    with pytest.raises(ValidationError) as error:
        _propose(client_record, coordinator, doctor)
    text = _messages(error.value)
    assert "No consent in force covers Työterveys Oy" in text
    assert "consent" in text and "first" in text
    assert not Handover.objects.exists()
    assert not NetworkMember.objects.filter(professional=doctor).exists()


def test_only_one_open_proposal_per_client(client_record, coordinator, receiver, kela):
    _propose(client_record, coordinator, receiver)
    with pytest.raises(ValidationError) as error:
        _propose(client_record, coordinator, ProfessionalFactory(organisation=kela))
    assert "already waiting for a decision" in _messages(error.value)
    assert Handover.objects.count() == 1


def test_accept_needs_the_closed_joint_meeting_and_the_receiver(
    client_record, coordinator, receiver
):
    handover = _propose(client_record, coordinator, receiver)
    with pytest.raises(ValidationError) as error:
        services.accept_handover(client=client_record, handover=handover, by=receiver)
    assert "joint meeting with the client must be held and closed" in _messages(error.value)
    meeting = _started(client_record, coordinator, kind="handover", participants=[receiver])
    services.link_meeting(handover=handover, meeting=meeting, by=coordinator)
    with pytest.raises(ValidationError) as error:
        services.accept_handover(client=client_record, handover=handover, by=receiver)
    assert "held and closed" in _messages(error.value)
    complete(meeting, coordinator)
    meetings.close_meeting(meeting=meeting, by=coordinator)
    with pytest.raises(ValidationError) as error:
        services.accept_handover(client=client_record, handover=handover, by=coordinator)
    assert "Only the receiving professional can accept" in _messages(error.value)
    with pytest.raises(ValidationError) as error:
        services.accept_handover(client=client_record, handover=handover, by=receiver)
    assert "are not settled yet" in _messages(error.value)
    assert _coordinators(client_record) == [coordinator.pk]
    _keep_all(handover, coordinator)

    services.accept_handover(client=client_record, handover=handover, by=receiver)
    assert _coordinators(client_record) == [receiver.pk]
    stored = Handover.objects.get(pk=handover.pk)
    assert stored.status == "accepted" and stored.decided_at is not None
    periods = list(selectors.coordinator_periods(client_record))
    assert [p.professional_id for p in periods] == [receiver.pk, coordinator.pk]
    assert periods[0].ended_at is None and periods[1].ended_at is not None
    with pytest.raises(ValidationError, match="already been decided"):
        services.accept_handover(client=client_record, handover=stored, by=receiver)


def test_the_joint_meeting_must_be_a_handover_meeting_with_the_client(
    client_record, coordinator, receiver
):
    handover = _propose(client_record, coordinator, receiver)
    follow_up = plan(client_record, coordinator, kind="follow_up")
    with pytest.raises(ValidationError, match="must be a handover meeting"):
        services.link_meeting(handover=handover, meeting=follow_up, by=coordinator)
    without = plan(client_record, coordinator, kind="handover", client_present=False)
    with pytest.raises(ValidationError, match="client takes part"):
        services.link_meeting(handover=handover, meeting=without, by=coordinator)


def test_decline_needs_a_note_and_keeps_the_coordinator(client_record, coordinator, receiver):
    handover = _propose(client_record, coordinator, receiver)
    with pytest.raises(ValidationError) as error:
        services.decline_handover(handover=handover, by=coordinator, note="Ei")
    assert "Only the receiving professional can decline" in _messages(error.value)
    with pytest.raises(ValidationError) as error:
        services.decline_handover(handover=handover, by=receiver, note=" ")
    assert "Say why you decline" in _messages(error.value)
    services.decline_handover(handover=handover, by=receiver, note="Ei resursseja nyt")
    stored = Handover.objects.get(pk=handover.pk)
    assert stored.status == "declined" and stored.decision_note == "Ei resursseja nyt"
    assert _coordinators(client_record) == [coordinator.pk]
    # the client may now get a new proposal
    assert _propose(client_record, coordinator, receiver).status == "proposed"


def test_withdraw_only_by_the_proposer(client_record, coordinator, receiver):
    handover = _propose(client_record, coordinator, receiver)
    with pytest.raises(ValidationError, match="Only the professional who proposed"):
        services.withdraw_handover(handover=handover, by=receiver)
    services.withdraw_handover(handover=handover, by=coordinator)
    assert Handover.objects.get(pk=handover.pk).status == "withdrawn"
    assert _coordinators(client_record) == [coordinator.pk]
    assert AuditEvent.objects.filter(
        target=f"handover:{handover.pk}", details__status="withdrawn"
    ).exists()


def test_a_proposal_goes_stale_if_the_coordinator_changed(
    client_record, coordinator, receiver, kela
):
    from polku.clients import services as clients

    handover = _propose(client_record, coordinator, receiver)
    _held_joint_meeting(client_record, coordinator, handover, receiver)
    other = ProfessionalFactory(organisation=kela)
    clients.transfer_coordinator(client=client_record, to=other, by=coordinator)
    with pytest.raises(ValidationError, match="coordinator has changed"):
        services.accept_handover(client=client_record, handover=handover, by=receiver)
    assert _coordinators(client_record) == [other.pk]


@pytest.mark.postgres
def test_one_open_proposal_is_held_by_the_database(client_record, coordinator, receiver, kela):
    from django.db import IntegrityError, transaction

    _propose(client_record, coordinator, receiver)
    with pytest.raises(IntegrityError), transaction.atomic():
        Handover.objects.create(
            client=client_record,
            from_coordinator=coordinator,
            to_professional=ProfessionalFactory(organisation=kela),
            reason="r",
            summary="s",
        )
    assert connection.vendor == "postgresql"


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["propose", "meet", "accept", "decline", "withdraw"]),
        st.integers(min_value=0, max_value=2),  # who acts / is proposed to
    ),
    max_size=8,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_rule_exactly_one_coordinator_whatever_happens(kela, operations):
    """Any sequence of proposals and decisions, allowed or refused, leaves exactly one active
    coordinator, and the coordinator changes only by an accepted handover."""
    people = [ProfessionalFactory(organisation=kela) for _ in range(3)]
    client = make_client(coordinator=people[0])
    expected = people[0].pk
    for operation, index in operations:
        actor = people[index]
        handover = Handover.objects.filter(client=client, status="proposed").first()
        try:
            if operation == "propose":
                holder = next(p for p in people if p.pk == expected)
                services.propose_handover(
                    client=client, by=holder, to=actor, reason="r", summary="s"
                )
            elif handover is None:
                continue
            elif operation == "meet":
                meeting = plan(client, actor, kind="handover")
                services.link_meeting(handover=handover, meeting=meeting, by=actor)
                complete(meeting, actor)
                meetings.close_meeting(meeting=meeting, by=actor)
            elif operation == "accept":
                services.accept_handover(client=client, handover=handover, by=actor)
                expected = actor.pk
            elif operation == "decline":
                services.decline_handover(handover=handover, by=actor, note="n")
            else:
                services.withdraw_handover(handover=handover, by=actor)
        except ValidationError:
            pass
        assert _coordinators(client) == [expected]
        assert Handover.objects.filter(client=client, status="proposed").count() <= 1
