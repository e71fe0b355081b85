"""The demo knots: the seeds' story with a deadlock and a client without online credentials,
simpler knots, and knots opened in earlier meetings for the indicators."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.clients.models import Client
from polku.demo import generator
from polku.demo.builders import knots as demo
from polku.knots import indicators, scan
from polku.knots.models import KnotOpening

pytestmark = pytest.mark.django_db


def test_the_demo_knots():
    assert generator.load_demo(clients=80, seed=11) is not None
    found = scan.scan()
    assert len(found.deadlocked) == demo.STORY_CLIENTS
    assert not Client.objects.filter(pk__in=found.deadlocked, has_online_credentials=True).exists()
    openings = KnotOpening.objects.all()
    assert openings.exists() and not openings.filter(finished_at__isnull=True).exists()
    today = timezone.localdate()
    figures = indicators.figures(today - dt.timedelta(days=3650), today)
    assert figures["knot_walks_finished"] == openings.count()
    assert 0 < figures["knots_opened_in_one_meeting"] <= openings.count()
    assert figures["clients_with_all_decided"] >= 1
    assert "knots opened in earlier meetings" in demo.summary()
