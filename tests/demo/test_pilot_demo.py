"""The demo holds the South Savo work-ability pilot (seed 004): up to 100 partially
work-able unemployed clients in South Savo, each with a personal worker, a multi-professional
team and lifestyle coaching as plan steps — a cohort the dashboard, the monthly report and
exports can be filtered to (issue 16: the demo had about nine active Mikkeli clients)."""

import datetime as dt
import time

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from polku.clients.models import Client, ClientStatus, NetworkRole
from polku.demo import generator
from polku.demo.builders import research as demo
from polku.plans.models import Step
from polku.research import indicators
from polku.research.frames import Filters
from polku.research.models import Cohort

pytestmark = pytest.mark.django_db

CLIENTS = 300


def test_the_demo_has_the_south_savo_pilot_cohort():
    started = time.monotonic()
    assert generator.load_demo(clients=CLIENTS, seed=4) is not None
    elapsed = time.monotonic() - started
    pilot = Cohort.objects.get(name=demo.PILOT_NAME)
    eligible = Client.objects.filter(research_cohorts=pilot).count()
    with_plan = Client.objects.filter(status=ClientStatus.ACTIVE, plan__isnull=False).count()
    assert eligible == min(demo.PILOT_SIZE, with_plan) and eligible >= 50
    members = Client.objects.filter(research_cohorts=pilot)
    assert set(members.values_list("municipality", flat=True)) <= {
        place for place, _code, _w in demo.SOUTH_SAVO
    }
    assert members.filter(municipality="Mikkeli").count() > eligible // 3
    for client in members.annotate(
        teams=Count(
            "network__professional__organisation",
            filter=Q(network__ended_at__isnull=True),
            distinct=True,
        )
    ):
        # the personal worker: the client's coordinator when the pilot was built (a handover
        # the demo plays out afterwards may have moved the seat on)
        seats = client.network.filter(role=NetworkRole.COORDINATOR)
        steps = Step.objects.filter(goal__plan__client=client)
        personal = steps.get(what=demo.PILOT_STEPS[0][0])
        assert personal.responsible_id in set(seats.values_list("professional_id", flat=True))
        team = steps.get(what=demo.PILOT_STEPS[1][0])
        assert team.responsible_id is not None and team.organisation_id is not None
        coaching = steps.get(what=demo.PILOT_STEPS[2][0])
        assert coaching.responsible_is_client and coaching.target_date > timezone.localdate()
        assert client.teams >= 1
    # most pilot clients have a team of two or more organisations (the largest networks)
    multi = members.annotate(
        teams=Count(
            "network__professional__organisation",
            filter=Q(network__ended_at__isnull=True),
            distinct=True,
        )
    ).filter(teams__gte=2)
    assert multi.count() >= eligible * 0.8
    # the dashboard filtered to the pilot counts exactly its clients
    today = timezone.localdate()
    everyone = Filters(start=today - dt.timedelta(days=3650), end=today, cohort=pilot.pk)
    assert indicators.compute("first_meeting_days", everyone).cases <= eligible
    capacity = indicators.compute("capacity", everyone)
    assert capacity.cases == eligible  # every pilot client is active
    # idempotent and fast
    demo.build(seed=4)
    assert (
        Cohort.objects.count() == 1
        and Step.objects.filter(what=demo.PILOT_STEPS[2][0]).count() == eligible
    )
    assert "Etelä-Savon työkykypilotti" in demo.summary()
    assert elapsed < 120, elapsed
