"""The demo gives the dashboard something to show: outcomes at the follow-ups, every
indicator computable on the demo region."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.demo import generator
from polku.demo.builders import research as demo
from polku.research import indicators
from polku.research.frames import Filters
from polku.research.models import OutcomeEvent

pytestmark = pytest.mark.django_db


def test_the_demo_outcomes_and_every_indicator():
    assert generator.load_demo(clients=80, seed=11) is not None
    assert OutcomeEvent.objects.exists()
    count = OutcomeEvent.objects.count()
    demo.build(seed=11)  # idempotent
    assert OutcomeEvent.objects.count() == count
    for event in OutcomeEvent.objects.select_related("client"):
        assert event.date >= timezone.localtime(event.client.created_at).date()
        assert event.date <= timezone.localdate()
    today = timezone.localdate()
    results = indicators.compute_all(Filters(start=today - dt.timedelta(days=730), end=today))
    assert set(results) == set(indicators.REGISTRY)
    assert results["capacity"].value is not None and results["capacity"].value > 0
    assert results["first_meeting_days"].cases > 0
    assert "outcomes recorded" in demo.summary()
