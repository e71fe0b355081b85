"""A warm handover orphans nothing: before acceptance the leaving coordinator settles every open
agreement and next contact of hers with the client — reassigned to a network member who sees
the client, or kept by her, in which case she stays in the network as a member and still sees
the client. Acceptance is refused while anything is unsettled."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from polku.access import policy
from polku.audit.models import AuditEvent
from polku.clients import services as clients
from polku.clients.models import NetworkMember, NetworkRole
from polku.handover import services
from polku.handover.models import Settlement
from polku.meetings import services as meetings
from polku.meetings.models import Agreement, NextContact
from polku.plans.models import Step
from polku.worklists import selectors as worklists
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client
from tests.meetings.helpers import plan

pytestmark = pytest.mark.django_db

SIX_DAYS = dt.timedelta(days=6)


@pytest.fixture
def employment():
    return OrganisationFactory(name="Seinäjoen työllisyyspalvelut", kind="employment")


@pytest.fixture
def health():
    return OrganisationFactory(name="Seinäjoen terveyskeskus", kind="health")


@pytest.fixture
def receiver(employment):
    return ProfessionalFactory(organisation=employment, profession="employment_counsellor")


@pytest.fixture
def nurse(health):
    return ProfessionalFactory(organisation=health, profession="nurse")


@pytest.fixture
def story(coordinator, receiver, nurse, employment, health):
    """Seed 000: Kela's expert coordinates; the joint meeting gave her an agreement due in
    six days and the next contact; the handover to employment services is proposed."""
    client = make_client(coordinator=coordinator, consent_organisations=[employment, health])
    clients.add_member(client=client, by=coordinator, professional=nurse)
    today = timezone.localdate()
    meeting = _held(client, coordinator, participants=[nurse])
    agreement = meetings.add_agreement(
        meeting=meeting,
        by=coordinator,
        what="Selvittää kuntoutusrahan jatkon",
        due_on=today + SIX_DAYS,
        owner=coordinator,
    )
    meetings.set_next_contact(
        meeting=meeting,
        by=coordinator,
        due_on=today + dt.timedelta(days=3),
        channel="phone",
        contact_by=nurse,
    )
    meetings.close_meeting(meeting=meeting, by=coordinator)
    handover = services.propose_handover(
        client=client, by=coordinator, to=receiver, reason="Työllistyminen", summary="Tilanne"
    )
    joint = _held(client, coordinator, kind="handover", participants=[receiver])
    services.link_meeting(handover=handover, meeting=joint, by=coordinator)
    meetings.add_agreement(
        meeting=joint, by=coordinator, what="Soittaa", due_on=today + SIX_DAYS, owner=receiver
    )
    # She calls the client a week after the joint meeting: her next contact.
    contact = meetings.set_next_contact(
        meeting=joint,
        by=coordinator,
        due_on=today + dt.timedelta(days=7),
        channel="phone",
        contact_by=coordinator,
    )
    meetings.close_meeting(meeting=joint, by=coordinator)
    return client, handover, agreement, contact


def _held(client, by, **overrides):
    """A meeting that started two hours ago, so it can be closed as held."""
    start = timezone.now() - dt.timedelta(hours=2)
    return plan(client, by, starts_at=start, ends_at=start + dt.timedelta(hours=1), **overrides)


def _key(item) -> str:
    if isinstance(item, Step):
        return f"plan_step-{item.pk}"
    kind = "agreement" if isinstance(item, Agreement) else "next_contact"
    return f"{kind}-{item.pk}"


def _her_step(client, coordinator, *, days=5):
    """An open step of the plan the coordinator is responsible for (seed 000: she asks Kela
    for the vocational rehabilitation assessment)."""
    from polku.plans import services as plans
    from polku.plans.models import Plan

    goal = plans.add_goal(
        client=client, by=coordinator, expected_version=plans.NO_PLAN_YET, text="Haluan töihin"
    )
    return plans.add_step(
        goal=goal,
        by=coordinator,
        expected_version=Plan.objects.get(client=client).version,
        what="Ammatillisen kuntoutuksen selvitys",
        target_date=timezone.localdate() + dt.timedelta(days=days),
        responsible=coordinator,
    )


def test_acceptance_is_refused_while_anything_is_unsettled(story, coordinator, receiver):
    client, handover, agreement, contact = story
    assert {i.key for i in services.unsettled(handover)} == {_key(agreement), _key(contact)}
    with pytest.raises(ValidationError, match="2 open agreements, next contacts or plan steps"):
        services.accept_handover(client=client, handover=handover, by=receiver)
    services.settle(handover=handover, by=coordinator, decisions={_key(agreement): "keep"})
    with pytest.raises(ValidationError, match="1 open agreement, next contact or plan step"):
        services.accept_handover(client=client, handover=handover, by=receiver)
    seat = NetworkMember.objects.active().get(client=client, role=NetworkRole.COORDINATOR)
    assert seat.professional_id == coordinator.pk  # nothing moved


def test_kept_work_stays_on_her_worklist_and_she_stays_in_the_network(story, coordinator, receiver):
    client, handover, agreement, contact = story
    services.settle(
        handover=handover,
        by=coordinator,
        decisions={_key(agreement): services.KEEP, _key(contact): str(receiver.pk)},
    )
    services.accept_handover(client=client, handover=handover, by=receiver)

    agreement.refresh_from_db()
    contact.refresh_from_db()
    assert agreement.owner_id == coordinator.pk
    assert contact.contact_by_id == receiver.pk
    member = NetworkMember.objects.active().get(client=client, professional=coordinator)
    assert member.role == NetworkRole.MEMBER
    assert policy.can_see(coordinator, client.pk)
    assert list(worklists.agreements_due(coordinator)) == [agreement]
    assert contact in worklists.next_contacts_due(receiver)
    assert AuditEvent.objects.filter(target=f"next_contact:{contact.pk}").exists()


def test_all_reassigned_she_leaves_and_nothing_is_orphaned(story, coordinator, receiver, nurse):
    client, handover, agreement, contact = story
    services.settle(
        handover=handover,
        by=coordinator,
        decisions={_key(agreement): str(nurse.pk), _key(contact): str(receiver.pk)},
    )
    services.accept_handover(client=client, handover=handover, by=receiver)
    assert not policy.can_see(coordinator, client.pk)
    assert Agreement.objects.get(pk=agreement.pk).owner_id == nurse.pk
    assert list(worklists.agreements_due(nurse)) == [agreement]
    # Every open item of the client is owned by someone who sees the client.
    for owned in Agreement.objects.filter(client=client, status="open").select_related("owner"):
        assert policy.can_see(owned.owner, client.pk)
    contacts = NextContact.objects.filter(client=client, done_at__isnull=True)
    for owned in contacts.select_related("contact_by"):
        assert policy.can_see(owned.contact_by, client.pk)


def test_only_the_proposer_settles_and_only_to_someone_who_sees_the_client(
    story, coordinator, receiver, kela
):
    client, handover, agreement, _contact = story
    with pytest.raises(ValidationError, match="Only the coordinator who proposed"):
        services.settle(handover=handover, by=receiver, decisions={_key(agreement): "keep"})
    outsider = ProfessionalFactory(organisation=OrganisationFactory(name="Muu"))
    with pytest.raises(ValidationError, match="Reassign only to a member"):
        services.settle(
            handover=handover, by=coordinator, decisions={_key(agreement): str(outsider.pk)}
        )
    # A member whose organisation the consent does not cover does not see the client.
    uncovered = ProfessionalFactory(organisation=OrganisationFactory(name="Järjestö"))
    NetworkMember.objects.create(
        client=client, professional=uncovered, role=NetworkRole.MEMBER, added_by=coordinator
    )
    with pytest.raises(ValidationError, match="Reassign only to a member"):
        services.settle(
            handover=handover, by=coordinator, decisions={_key(agreement): str(uncovered.pk)}
        )
    assert not Settlement.objects.exists()


def test_a_reassignment_to_someone_who_left_is_refused_at_acceptance(
    story, coordinator, receiver, nurse
):
    client, handover, agreement, contact = story
    services.settle(
        handover=handover,
        by=coordinator,
        decisions={_key(agreement): str(nurse.pk), _key(contact): "keep"},
    )
    member = NetworkMember.objects.active().get(client=client, professional=nurse)
    clients.end_membership(member=member, by=coordinator)
    # The settlement names someone who no longer sees the client: settle it again.
    with pytest.raises(ValidationError, match="no longer in the client's network"):
        services.accept_handover(client=client, handover=handover, by=receiver)
    seat = NetworkMember.objects.active().get(client=client, role=NetworkRole.COORDINATOR)
    assert seat.professional_id == coordinator.pk


def test_new_work_after_settling_must_be_settled_too(story, coordinator, receiver):
    client, handover, agreement, contact = story
    services.settle(
        handover=handover,
        by=coordinator,
        decisions={_key(agreement): "keep", _key(contact): "keep"},
    )
    later = plan(client, coordinator, participants=[])
    meetings.add_agreement(
        meeting=later,
        by=coordinator,
        what="Uusi sopimus",
        due_on=timezone.localdate() + SIX_DAYS,
        owner=coordinator,
    )
    with pytest.raises(ValidationError, match="1 open agreement"):
        services.accept_handover(client=client, handover=handover, by=receiver)


def test_receivers_are_coordinating_professionals_of_covered_organisations(
    story, coordinator, receiver, nurse, employment
):
    from polku.handover import selectors

    client, _handover, _agreement, _contact = story
    researcher = ProfessionalFactory(organisation=employment, profession="researcher")
    partner = ProfessionalFactory(organisation=employment, profession="partner_worker")
    admin = ProfessionalFactory(organisation=employment, profession="administrator")
    colleague = ProfessionalFactory(organisation=employment, profession="work_ability_coordinator")
    uncovered = ProfessionalFactory(
        organisation=OrganisationFactory(name="Muu"), profession="nurse"
    )
    people = selectors.receivers(client, exclude_id=coordinator.pk)
    ids = [p.pk for p in people]
    assert {researcher.pk, partner.pk, admin.pk, uncovered.pk, coordinator.pk}.isdisjoint(ids)
    assert {receiver.pk, nurse.pk, colleague.pk} <= set(ids)
    # The network first.
    network = {receiver.pk, nurse.pk}
    assert set(ids[: len(network)]) == network
    with pytest.raises(ValidationError, match="cannot take the personal coordinator role"):
        services.propose_handover(
            client=client, by=coordinator, to=researcher, reason="R", summary="S"
        )


def test_moving_the_seat_directly_keeps_her_for_her_open_work(story, coordinator, kela):
    """The same cause outside the handover: transfer_coordinator ends her seat, but while she
    owns open work of the client she stays in the network as a member."""
    from polku.worklists.alerts import RULES

    client, _handover, agreement, _contact = story
    other = ProfessionalFactory(organisation=kela, profession="kela_expert")
    clients.transfer_coordinator(client=client, to=other, by=coordinator)
    member = NetworkMember.objects.active().get(client=client, professional=coordinator)
    assert member.role == NetworkRole.MEMBER
    assert policy.can_see(coordinator, client.pk)
    assert agreement in worklists.agreements_due(coordinator)
    assert not RULES["owner_cannot_see"].matches().exists()


def test_without_open_work_she_leaves_the_network_with_the_seat(coordinator, receiver, kela):
    client = make_client(coordinator=coordinator)
    other = ProfessionalFactory(organisation=kela, profession="kela_expert")
    clients.transfer_coordinator(client=client, to=other, by=coordinator)
    assert not NetworkMember.objects.active().filter(client=client, professional=coordinator)


# --- plan steps are her open work too ---------------------------------------------------------


def test_her_open_plan_step_must_be_settled_before_acceptance(story, coordinator, receiver):
    client, handover, agreement, contact = story
    step = _her_step(client, coordinator)
    assert _key(step) in {i.key for i in services.unsettled(handover)}
    services.settle(
        handover=handover,
        by=coordinator,
        decisions={_key(agreement): "keep", _key(contact): "keep"},
    )
    with pytest.raises(ValidationError, match="1 open agreement, next contact or plan step"):
        services.accept_handover(client=client, handover=handover, by=receiver)
    assert Step.objects.get(pk=step.pk).responsible_id == coordinator.pk


def test_a_reassigned_step_moves_to_the_receivers_worklist(story, coordinator, receiver):
    from polku.plans.models import Plan

    client, handover, agreement, contact = story
    step = _her_step(client, coordinator)
    version = Plan.objects.get(client=client).version
    services.settle(
        handover=handover,
        by=coordinator,
        decisions={
            _key(agreement): str(receiver.pk),
            _key(contact): str(receiver.pk),
            _key(step): str(receiver.pk),
        },
    )
    assert Settlement.objects.get(step=step).to_professional_id == receiver.pk
    services.accept_handover(client=client, handover=handover, by=receiver)
    step.refresh_from_db()
    assert step.responsible_id == receiver.pk
    assert step.organisation_id == coordinator.organisation_id  # the provider stays
    assert not policy.can_see(coordinator, client.pk)  # nothing kept: she left
    assert list(worklists.steps_due(receiver)) == [step]
    assert not worklists.steps_due(coordinator).exists()
    # A plan page loaded before the handover cannot save the old person back.
    assert Plan.objects.get(client=client).version > version
    assert AuditEvent.objects.filter(
        target=f"plan_step:{step.pk}", details__reassigned_to=receiver.pk
    ).exists()


def test_a_kept_step_keeps_her_in_the_network_and_on_her_worklist(story, coordinator, receiver):
    from polku.worklists.alerts import RULES

    client, handover, agreement, contact = story
    step = _her_step(client, coordinator)
    services.settle(
        handover=handover,
        by=coordinator,
        decisions={
            _key(agreement): str(receiver.pk),
            _key(contact): str(receiver.pk),
            _key(step): services.KEEP,
        },
    )
    services.accept_handover(client=client, handover=handover, by=receiver)
    member = NetworkMember.objects.active().get(client=client, professional=coordinator)
    assert member.role == NetworkRole.MEMBER
    assert list(worklists.steps_due(coordinator)) == [step]
    assert not RULES["owner_cannot_see"].matches().exists()


def test_a_step_alone_keeps_her_when_the_seat_moves_directly(coordinator, kela):
    from polku.worklists.alerts import RULES

    client = make_client(coordinator=coordinator)
    step = _her_step(client, coordinator)
    other = ProfessionalFactory(organisation=kela, profession="kela_expert")
    clients.transfer_coordinator(client=client, to=other, by=coordinator)
    assert NetworkMember.objects.active().filter(client=client, professional=coordinator)
    assert step in worklists.steps_due(coordinator)
    assert not RULES["owner_cannot_see"].matches().exists()


def test_the_decided_handover_page_shows_how_a_step_was_settled(
    story, coordinator, receiver, client
):
    from tests.conftest import login

    client_record, handover, _agreement, _contact = story
    step = _her_step(client_record, coordinator)
    login(client, coordinator)
    url = f"/clients/{client_record.pk}/handover/{handover.pk}/"
    page = client.get(url).content.decode()
    assert f'data-item="plan_step-{step.pk}"' in page
    assert "Suunnitelman askel: Ammatillisen kuntoutuksen selvitys" in page
    services.settle(
        handover=handover,
        by=coordinator,
        decisions={i.key: str(receiver.pk) for i in services.unsettled(handover)},
    )
    services.accept_handover(client=client_record, handover=handover, by=receiver)
    login(client, receiver)
    page = client.get(url).content.decode()
    assert "Suunnitelman askel: Ammatillisen kuntoutuksen selvitys" in page
