"""The knots' research indicators and the knot scan, against hand-computed values."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.knots import indicators, scan, services
from polku.knots import opening as knot_opening
from tests.factories import make_client
from tests.knots.factories import application
from tests.meetings.helpers import plan

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _decided(client, by, slug, *, submitted_ago, decided_ago):
    app = application(client, by, slug=slug, name=slug, days_ago=submitted_ago, today=TODAY)
    services.set_status(
        application=app,
        status="decided_granted",
        by=by,
        decision_date=TODAY - dt.timedelta(days=decided_ago),
    )
    return app


def test_first_pending_to_last_decision(client_record, coordinator):
    # client 1: submitted 50 and 30 days ago, decided 20 and 5 days ago → 50 − 5 = 45 days
    _decided(client_record, coordinator, "a", submitted_ago=50, decided_ago=20)
    _decided(client_record, coordinator, "b", submitted_ago=30, decided_ago=5)
    # client 2: 10 days; client 3: one still open → not counted
    second = make_client(coordinator=coordinator, first_names="Eero")
    _decided(second, coordinator, "a", submitted_ago=12, decided_ago=2)
    third = make_client(coordinator=coordinator, first_names="Ville")
    _decided(third, coordinator, "a", submitted_ago=40, decided_ago=1)
    application(third, coordinator, slug="b", name="b")
    rows = indicators.first_pending_to_last_decision(TODAY - dt.timedelta(days=30), TODAY)
    assert dict(zip(rows["client_id"], rows["days"], strict=True)) == {
        client_record.pk: 45,
        second.pk: 10,
    }
    figures = indicators.figures(TODAY - dt.timedelta(days=30), TODAY)
    assert figures["clients_with_all_decided"] == 2
    assert figures["first_pending_to_last_decision_median_days"] == 27.5
    # filtered population and a period that leaves client 1 out (its last decision: 5 days ago)
    only = indicators.figures(TODAY - dt.timedelta(days=3), TODAY, client_ids=[second.pk])
    assert only["clients_with_all_decided"] == 1
    assert only["first_pending_to_last_decision_median_days"] == 10.0
    none = indicators.figures(TODAY - dt.timedelta(days=3), TODAY, client_ids=[client_record.pk])
    assert none["first_pending_to_last_decision_median_days"] is None


def test_knots_opened_in_one_meeting_and_deadlocks_found(client_record, coordinator, story):
    # walk 1: everything resolved → opened in one meeting (1 deadlock at the start)
    first = knot_opening.start(meeting=plan(client_record, coordinator), by=coordinator)
    while (step := knot_opening.current_step(first)) is not None:
        knot_opening.resolve_step(opening=first, step_id=step.pk, by=coordinator)
    knot_opening.finish(opening=first, by=coordinator)
    # walk 2 (another client, no deadlock): one blocker left for later → not opened
    other = make_client(coordinator=coordinator, first_names="Eero")
    app = application(other, coordinator, slug="x", name="x")
    for what in ("Palkkatodistus", "Vuokrasopimus"):
        services.add_blocker(application=app, kind="client_action", by=coordinator, what=what)
    second = knot_opening.start(meeting=plan(other, coordinator), by=coordinator)
    step = knot_opening.current_step(second)
    knot_opening.resolve_step(opening=second, step_id=step.pk, by=coordinator)
    knot_opening.finish(opening=second, by=coordinator)
    # walk 3: begun, not finished → not counted among the finished
    third_client = make_client(coordinator=coordinator, first_names="Ville")
    services.add_blocker(
        application=application(third_client, coordinator, slug="y", name="y"),
        kind="meeting",
        by=coordinator,
        what="Työkokeilun aloitus",
    )
    knot_opening.start(meeting=plan(third_client, coordinator), by=coordinator)

    period = (timezone.localdate() - dt.timedelta(days=1), timezone.localdate())
    frame = indicators.opening_frame(*period)
    assert frame["opened_in_one_meeting"].to_list() == [True, False, False]
    figures = indicators.figures(*period)
    assert figures["knot_walks_finished"] == 2
    assert figures["knots_opened_in_one_meeting"] == 1
    assert figures["knots_opened_in_one_meeting_share"] == 0.5
    assert figures["deadlocks_found_at_walks"] == 1


def test_the_scan_finds_deadlocked_and_overdue_clients(client_record, coordinator, story):
    other = make_client(coordinator=coordinator, first_names="Eero")
    application(other, coordinator, slug="slow", name="slow", days_ago=40, days=30)
    decided = make_client(coordinator=coordinator, first_names="Ville")
    _decided(decided, coordinator, "z", submitted_ago=9, decided_ago=1)
    found = scan.scan()
    assert found.clients == 2  # the decided client has no open application
    assert found.deadlocked == [client_record.pk]
    assert sorted(found.overdue) == sorted({client_record.pk, other.pk})  # 40 > 30 days
    assert found.open_blockers == 4
    assert scan.scan(client_ids=[other.pk]).deadlocked == []
