"""The demo series are valid assessments and some of them raise signposts."""

import datetime as dt
import random

import pytest

from polku.assessment import selectors, signposts
from polku.assessment.demo import demo_assessments, save_demo_assessments
from polku.assessment.models import Assessment
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def test_demo_series_save_and_some_raise_signposts(coordinator):
    rng = random.Random(7)
    today = dt.date(2026, 11, 1)
    clients = [make_client(coordinator=coordinator, first_names=f"Demo{i}") for i in range(12)]
    pairs = [
        pair
        for client in clients
        for pair in demo_assessments(
            rng, client_id=client.pk, assessor_id=coordinator.pk, today=today
        )
    ]
    save_demo_assessments(pairs)
    assert Assessment.objects.count() == len(pairs)
    raised = 0
    for client in clients:
        versions = list(selectors.assessments(client))
        assert [a.version for a in versions] == list(range(len(versions), 0, -1))
        assert all(a.assessed_on <= today for a in versions)
        latest, before = selectors.latest_two(client)
        raised += bool(signposts.for_assessment(latest, before))
    assert 0 < raised < len(clients)
