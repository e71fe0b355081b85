"""Casework rows for the worklist tests, written directly through the shared factories
(polku/demo/factories.py): the meetings and handover services are another app's."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.handover.models import Handover
from polku.meetings.models import Agreement, Meeting, NextContact
from tests.factories import (
    AgreementFactory,
    GoalFactory,
    HandoverFactory,
    MeetingFactory,
    NextContactFactory,
    PlanFactory,
    StepFactory,
    at,
)


def local_today() -> dt.date:
    """Today in Helsinki, asked at call time (a module constant goes stale past midnight)."""
    return timezone.localdate()


def meeting(client, organiser, *, day=None, closed=True) -> Meeting:
    return MeetingFactory(
        client=client, organiser=organiser, day=day or local_today(), closed=closed
    )


def agreement(client, owner, *, due_on, status="open", day=None) -> Agreement:
    return AgreementFactory(
        meeting=meeting(client, owner, day=day), owner=owner, due_on=due_on, status=status
    )


def next_contact(client, by, *, due_on, done_at=None, day=None) -> NextContact:
    return NextContactFactory(
        meeting=meeting(client, by, day=day), contact_by=by, due_on=due_on, done_at=done_at
    )


def plan_step(
    client,
    responsible,
    *,
    target_date,
    status="planned",
    goal_status="active",
    organisation=None,
    what="Ammatillisen kuntoutuksen selvitys",
):
    """A step of the client's plan (the plan and a goal made when missing). `responsible`
    None: nobody yet, left for the coordinator to assign in `organisation`."""
    plan = PlanFactory(client=client, created_by=client.created_by)
    fields = {"organisation": organisation} if organisation is not None else {}
    return StepFactory(
        goal=GoalFactory(plan=plan, status=goal_status),
        what=what,
        responsible=responsible,
        target_date=target_date,
        status=status,
        **fields,
    )


def handover(client, from_, to, *, proposed_on) -> Handover:
    return HandoverFactory(
        client=client, from_coordinator=from_, to_professional=to, proposed_at=at(proposed_on)
    )


@pytest.fixture
def today():
    return local_today()


@pytest.fixture(autouse=True)
def english_pages(client):
    """These tests read the pages' English wording; the interface default is Finnish."""
    client.cookies.load({"django_language": "en"})
