"""Hand-made casework rows for the worklist tests (written directly: the meetings and
handover services are another app's)."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.handover.models import Handover
from polku.meetings.models import Agreement, Meeting, NextContact


def local_today() -> dt.date:
    """Today in Helsinki, asked at call time (a module constant goes stale past midnight)."""
    return timezone.localdate()


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def meeting(client, organiser, *, day=None, closed=True) -> Meeting:
    day = day or local_today()
    return Meeting.objects.create(
        client=client,
        kind="follow_up",
        mode="phone",
        starts_at=at(day),
        ends_at=at(day, 11),
        organiser=organiser,
        status="closed" if closed else "planned",
        closed_at=at(day, 11) if closed else None,
        closed_by=organiser if closed else None,
    )


def agreement(client, owner, *, due_on, status="open", day=None) -> Agreement:
    return Agreement.objects.create(
        meeting=meeting(client, owner, day=day),
        client=client,
        owner=owner,
        what="Hakemus kuntoutusrahasta",
        due_on=due_on,
        status=status,
    )


def next_contact(client, by, *, due_on, done_at=None, day=None) -> NextContact:
    return NextContact.objects.create(
        meeting=meeting(client, by, day=day),
        client=client,
        contact_by=by,
        due_on=due_on,
        channel="phone",
        done_at=done_at,
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
    from polku.plans.models import Goal, Plan, Step

    plan = Plan.objects.filter(client=client).first() or Plan.objects.create(
        client=client, created_by=client.created_by
    )
    goal = Goal.objects.create(plan=plan, text="Haluan töihin", status=goal_status)
    return Step.objects.create(
        goal=goal,
        what=what,
        responsible=responsible,
        organisation=organisation
        or (responsible.organisation if responsible is not None else None),
        target_date=target_date,
        status=status,
        done_on=target_date if status == "done" else None,
    )


def handover(client, from_, to, *, proposed_on) -> Handover:
    return Handover.objects.create(
        client=client,
        from_coordinator=from_,
        to_professional=to,
        reason="Kuntoutus ensisijainen",
        summary="Yhteenveto",
        proposed_at=at(proposed_on),
    )


@pytest.fixture
def today():
    return local_today()


@pytest.fixture(autouse=True)
def english_pages(client):
    """These tests read the pages' English wording; the interface default is Finnish."""
    client.cookies.load({"django_language": "en"})
