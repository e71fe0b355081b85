"""The client's path lists each item under what is true of it now — happened, ongoing, agreed,
planned — with its status: a work trial in progress is ongoing (not planned), pending benefit
applications are on the path (seed 002: four pending applications)."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from polku.clients.timeline import STATES, groups_for
from polku.meetings import services as meetings
from polku.plans.models import Goal, Plan, Step
from tests.conftest import login
from tests.knots.factories import application
from tests.meetings.helpers import complete, held, plan

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def english():
    """Statuses are checked by their English names (the page test below reads Finnish)."""
    with translation.override("en"):
        yield


def _step(client, by, what, status, days):
    own, _ = Plan.objects.get_or_create(client=client, defaults={"created_by": by})
    goal, _ = Goal.objects.get_or_create(
        plan=own, text="Töihin kahvilaan", defaults={"created_by": by}
    )
    return Step.objects.create(
        goal=goal,
        what=what,
        responsible=by,
        target_date=TODAY() + dt.timedelta(days=days),
        status=status,
        done_on=TODAY() if status == "done" else None,
    )


def _where(client, title) -> list[tuple[str, str]]:
    return [
        (group["state"], item["event"].status)
        for group in groups_for(client)
        for item in group["events"]
        if item["event"].title == title
    ]


def test_each_item_is_under_what_is_true_now_with_its_status(client_record, coordinator):
    _step(client_record, coordinator, "Työkokeilu kahvilassa", "in_progress", days=30)
    _step(client_record, coordinator, "Ammatillinen kuntoutusselvitys", "planned", days=60)
    _step(client_record, coordinator, "Psykoterapia haettu", "done", days=-5)
    application(client_record, coordinator, slug="kr", name="Kuntoutusraha", status="pending")
    application(client_record, coordinator, slug="yt", name="Yleistuki", status="submitted")
    application(
        client_record,
        coordinator,
        slug="ah",
        name="Asumistuki",
        status="further_information_requested",
    )
    application(client_record, coordinator, slug="tt", name="Toimeentulotuki", status="draft")
    first = held(client_record, coordinator, kind="first_contact", mode="phone", place="")
    complete(first, coordinator, what="Varaa ajan työterveyshuoltoon")
    meetings.close_meeting(meeting=first, by=coordinator)
    plan(client_record, coordinator, kind="network_call", mode="phone", place="")

    assert _where(client_record, "Työkokeilu kahvilassa") == [("ongoing", "In progress")]
    assert _where(client_record, "Ammatillinen kuntoutusselvitys") == [("planned", "Planned")]
    assert _where(client_record, "Psykoterapia haettu") == [("happened", "Done")]
    assert _where(client_record, "Kuntoutusraha") == [("ongoing", "Pending")]
    assert _where(client_record, "Yleistuki") == [("ongoing", "Submitted")]
    assert _where(client_record, "Asumistuki") == [("ongoing", "Further information requested")]
    assert _where(client_record, "Toimeentulotuki") == [("planned", "Draft")]
    assert _where(client_record, "First contact") == [("happened", "Closed")]
    assert _where(client_record, "Network call") == [("planned", "Planned")]
    assert _where(client_record, "Varaa ajan työterveyshuoltoon") == [("agreed", "Open")]
    every = [item["event"] for group in groups_for(client_record) for item in group["events"]]
    assert every and all(event.status for event in every if event.kind != "goal")
    assert [group["state"] for group in groups_for(client_record)] == [s for s, _t in STATES]


def test_a_decided_application_happened_on_its_decision_day(client_record, coordinator):
    from polku.knots import services as knots

    pending = application(client_record, coordinator, slug="kr", name="Kuntoutusraha")
    decided = TODAY() - dt.timedelta(days=2)
    knots.set_status(
        application=pending,
        by=coordinator,
        status="decided_granted",
        decision_date=decided,
    )
    events = [
        item["event"]
        for group in groups_for(client_record)
        for item in group["events"]
        if item["event"].kind == "application"
    ]
    assert [(e.state, e.day, e.status) for e in events] == [
        ("happened", decided, "Decided: granted")
    ]


def test_the_path_page_in_finnish_shows_ongoing_items_and_their_status(
    client, client_record, coordinator
):
    _step(client_record, coordinator, "Työkokeilu kahvilassa", "in_progress", days=30)
    application(client_record, coordinator, slug="kr", name="Kuntoutusraha", status="pending")
    client.cookies.load({"django_language": "fi"})
    page = login(client, coordinator).get(f"/clients/{client_record.pk}/path/")
    assert page.status_code == 200
    html = page.content.decode()
    ongoing = html[html.index('id="path-ongoing"') : html.index('id="path-agreed"')]
    assert "Mitä on käynnissä nyt" in ongoing
    assert "Työkokeilu kahvilassa" in ongoing and "Käynnissä" in ongoing
    assert "Kuntoutusraha" in ongoing and "Hakemus" in ongoing
    planned = html[html.index('id="path-planned"') :]
    assert "Työkokeilu kahvilassa" not in planned


def test_an_application_is_late_only_after_its_expected_decision_day(client_record, coordinator):
    """Sent 10 days ago: with a 30-day processing time the decision is expected in 20 days (not
    late); with 7 days it is overdue (late); with no known time it is dated by the day it was
    sent and never called late."""
    application(client_record, coordinator, slug="a", name="Kuntoutusraha", days=30)
    application(client_record, coordinator, slug="b", name="Asumistuki", days=7)
    application(client_record, coordinator, slug="c", name="Yleistuki", days=0)
    sent = TODAY() - dt.timedelta(days=10)
    items = {
        item["event"].title: item
        for group in groups_for(client_record)
        for item in group["events"]
        if item["event"].kind == "application"
    }
    on_time, overdue, unknown = items["Kuntoutusraha"], items["Asumistuki"], items["Yleistuki"]
    assert on_time["event"].day == sent + dt.timedelta(days=30) and not on_time["late"]
    assert overdue["event"].day == sent + dt.timedelta(days=7) and overdue["late"]
    assert unknown["event"].day == sent and not unknown["late"]
    assert f"Sent on {sent.day}.{sent.month}.{sent.year}" in unknown["event"].detail
    assert "Decision expected by" not in unknown["event"].detail
    assert "Decision expected by" in on_time["event"].detail


def test_a_step_in_progress_is_late_after_its_target_date(client_record, coordinator):
    _step(client_record, coordinator, "Työkokeilu kahvilassa", "in_progress", days=-1)
    _step(client_record, coordinator, "Psykoterapia", "done", days=-30)
    late = {
        item["event"].title: item["late"]
        for group in groups_for(client_record)
        for item in group["events"]
    }
    assert late["Työkokeilu kahvilassa"] is True and late["Psykoterapia"] is False
