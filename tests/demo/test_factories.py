"""The factories shared by the demo and the tests (polku/demo/factories.py) make valid rows on
their own, keep the casework's links consistent, and reuse what exists by its natural key."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.clients.models import NetworkMember, NetworkRole
from polku.meetings.models import MeetingStatus
from tests.factories import (
    AgreementFactory,
    HandoverFactory,
    MeetingFactory,
    NextContactFactory,
    PlanFactory,
    ProfessionalFactory,
    ReceivingTeamFactory,
    ServiceFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


def test_a_meeting_without_a_client_records_one_coordinated_by_the_organiser():
    meeting = MeetingFactory()
    assert meeting.status == MeetingStatus.PLANNED and meeting.closed_at is None
    assert NetworkMember.objects.filter(
        client=meeting.client, professional=meeting.organiser, role=NetworkRole.COORDINATOR
    ).exists()
    assert meeting.starts_at.date() == timezone.localdate()


def test_a_closed_meeting_is_closed_by_its_organiser_when_it_ends():
    day = dt.date(2026, 11, 2)
    meeting = MeetingFactory(closed=True, day=day)
    assert meeting.status == MeetingStatus.CLOSED
    assert meeting.closed_by == meeting.organiser
    assert meeting.closed_at == meeting.ends_at
    assert timezone.localtime(meeting.starts_at).hour == 10


def test_agreements_and_next_contacts_follow_their_meeting():
    agreement = AgreementFactory()
    assert agreement.meeting.status == MeetingStatus.CLOSED
    assert agreement.client == agreement.meeting.client
    assert agreement.owner == agreement.meeting.organiser
    contact = NextContactFactory()
    assert contact.client == contact.meeting.client
    assert contact.contact_by == contact.meeting.organiser


def test_a_step_takes_its_responsible_organisation_and_a_done_date_when_done():
    step = StepFactory(status="done")
    assert step.organisation == step.responsible.organisation
    assert step.done_on == step.target_date
    nobody = StepFactory(responsible=None)
    assert nobody.organisation is None and nobody.done_on is None


def test_one_plan_per_client_and_one_service_per_slug():
    plan = PlanFactory()
    assert PlanFactory(client=plan.client) == plan
    first = ServiceFactory(slug="kr", name_fi="Kuntoutusraha", processing_time_days=0)
    assert first.name_sv == first.name_en == "Kuntoutusraha"
    assert first.processing_time_source == ""
    assert ServiceFactory(slug="kr", name_fi="Toinen") == first


def test_a_handover_and_a_team_with_its_members():
    handover = HandoverFactory()
    assert handover.status == "proposed"
    worker = ProfessionalFactory()
    team = ReceivingTeamFactory(members=[worker])
    assert list(team.members.all()) == [worker]
    assert team.service_manager.organisation == team.organisation
