"""On the client's path an application in a deadlock — or one that waits for a deadlocked
application — has no expected decision day (none can come before the circle is broken): it
is dated by the day it was sent, never called late, and says it waits in a deadlock."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from polku.clients.timeline import groups_for
from polku.knots import services as knots
from tests.knots.factories import application

pytestmark = pytest.mark.django_db


def test_a_deadlocked_application_has_no_expected_decision_day(client_record, coordinator):
    rehab = application(client_record, coordinator, slug="kr", name="Kuntoutusraha", days=7)
    general = application(client_record, coordinator, slug="yt", name="Yleistuki", days=7)
    housing = application(client_record, coordinator, slug="ya", name="Asumistuki", days=7)
    alone = application(client_record, coordinator, slug="sp", name="Sairauspäiväraha", days=7)
    knots.add_blocker(application=rehab, kind="decision", by=coordinator, waits_for=general)
    knots.add_blocker(application=general, kind="decision", by=coordinator, waits_for=rehab)
    knots.add_blocker(application=housing, kind="decision", by=coordinator, waits_for=rehab)
    sent = timezone.localdate() - dt.timedelta(days=10)
    with translation.override("en"):
        items = {
            item["event"].title: item
            for group in groups_for(client_record)
            for item in group["events"]
            if item["event"].kind == "application"
        }
    for name in ("Kuntoutusraha", "Yleistuki", "Asumistuki"):
        event = items[name]["event"]
        assert event.day == sent and not items[name]["late"], name
        assert "Decision expected by" not in event.detail, name
        assert "Waits in a deadlock" in event.detail, name
    assert alone and "Decision expected by" in items["Sairauspäiväraha"]["event"].detail
    assert items["Sairauspäiväraha"]["late"]  # 7 days' target, sent 10 days ago
