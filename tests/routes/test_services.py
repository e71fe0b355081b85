"""Writes of the route planner: facts (validated, versioned, audited), choosing a route (plan
steps with dated checkpoints, audited), and the facts gathered for the screening."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from polku.audit.models import AuditEvent
from polku.core.locking import StaleEdit
from polku.plans.models import Goal, Plan, Step
from polku.routes import definitions, facts, services
from polku.routes.models import ClientFacts, RouteChoice
from tests.factories import ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db


def test_facts_are_recorded_versioned_and_audited(client_record, coordinator):
    row = services.update_facts(
        client=client_record,
        by=coordinator,
        expected_version=0,
        values={"housing_cost": "520,50", "on_sick_leave": "true", "children_in_household": 2},
    )
    assert row.housing_cost == Decimal("520.50") and row.on_sick_leave is True
    assert row.children_in_household == 2 and row.version == 1
    event = AuditEvent.objects.get(target="route_facts")
    assert event.client_id == client_record.pk and event.details["changed"] == [
        "children_in_household",
        "housing_cost",
        "on_sick_leave",
    ]
    row = services.update_facts(
        client=client_record, by=coordinator, expected_version=1, values={"on_sick_leave": ""}
    )
    assert row.on_sick_leave is None and row.version == 2  # empty = unknown again
    assert row.history.count() == 2  # who and when of each change
    with pytest.raises(StaleEdit):
        services.update_facts(
            client=client_record, by=coordinator, expected_version=1, values={"in_studies": True}
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"housing_cost": "-5"}, "housing_cost"),
        ({"housing_cost": "paljon"}, "housing_cost"),
        ({"housing_cost": "NaN"}, "housing_cost"),
        ({"children_in_household": "2.5"}, "children_in_household"),
        ({"children_in_household": 9999}, "children_in_household"),
        ({"on_sick_leave": "maybe"}, "on_sick_leave"),
    ],
)
def test_bad_facts_are_refused_with_the_field(client_record, coordinator, values, field):
    with pytest.raises(ValidationError) as error:
        services.update_facts(
            client=client_record, by=coordinator, expected_version=0, values=values
        )
    assert field in error.value.message_dict
    assert not ClientFacts.objects.exists()


def test_unknown_fact_names_are_refused(client_record, coordinator):
    with pytest.raises(ValidationError):
        services.update_facts(
            client=client_record, by=coordinator, expected_version=0, values={"salary": 1}
        )


def test_facts_come_from_the_client_record_and_the_assessment(client_record, coordinator):
    from polku.assessment.models import Assessment

    today = timezone.localdate()
    values, shown = facts.facts_for(client_record, on=today)
    assert values["birth_date"] == client_record.birth_date.isoformat()
    assert values["age"] == client_record.age_on(today)
    assert "work_ability_threatened" not in values  # unknown, not false
    unknown = {f.name for f in shown if not f.known}
    assert {"housing_cost", "on_sick_leave", "work_ability_threatened"} <= unknown
    Assessment.objects.create(
        client=client_record,
        version=1,
        assessed_on=today,
        assessed_by=coordinator,
        work_ability_score=3,
        sickness_absence_days=40,
    )
    values, shown = facts.facts_for(client_record, on=today)
    assert values["work_ability_threatened"] is True
    assert values["sickness_absence_days"] == 40
    source = next(f.source for f in shown if f.name == "work_ability_threatened")
    assert source == "holistic assessment"


def test_columns_gather_every_client_in_a_few_queries(coordinator, django_assert_max_num_queries):
    clients = [make_client(coordinator=coordinator) for _ in range(5)]
    services.update_facts(
        client=clients[1],
        by=coordinator,
        expected_version=0,
        values={"on_sick_leave": True, "housing_cost": 600},
    )
    services.update_facts(
        client=clients[2], by=coordinator, expected_version=0, values={"on_sick_leave": False}
    )
    from polku.clients.models import Client

    with django_assert_max_num_queries(2):
        ids, cols = facts.columns(Client.objects.all(), on=timezone.localdate())
    position = {int(cid): i for i, cid in enumerate(ids)}
    sick = cols["on_sick_leave"]
    assert sick.dtype == np.int8
    assert sick[position[clients[1].pk]] == 1 and sick[position[clients[2].pk]] == 0
    assert sick[position[clients[0].pk]] == -1
    assert cols["housing_cost"][position[clients[1].pk]] == 600
    assert np.isnan(cols["housing_cost"][position[clients[0].pk]])
    assert cols["age"][position[clients[0].pk]] == clients[0].age_on(timezone.localdate())


def test_choosing_a_route_makes_plan_steps_with_dated_checkpoints(client_record, coordinator):
    start = dt.date(2026, 3, 10)
    choice = services.choose_route(
        client=client_record,
        by=coordinator,
        route_id="vocational_rehabilitation",
        starts_on=start,
    )
    goal = Goal.objects.get(pk=choice.goal_id)
    assert "Vocational rehabilitation towards work" in goal.text
    steps = list(Step.objects.filter(goal=goal).order_by("target_date"))
    route = definitions.BY_ID["vocational_rehabilitation"]
    assert len(steps) == len(route.steps)
    assert [s.target_date for s in steps] == [
        dt.date(2026, 4, 30),
        dt.date(2026, 8, 31),
        dt.date(2027, 2, 28),
    ]
    assert steps[1].what.startswith("Work trial: ")
    assert all(s.responsible_id == coordinator.pk for s in steps)
    assert Plan.objects.get(client=client_record).version > 1
    targets = set(
        AuditEvent.objects.filter(client_id=client_record.pk).values_list("target", flat=True)
    )
    assert {"route_choice", "plan_step", "plan_goal"} <= targets
    assert RouteChoice.objects.get().route == "vocational_rehabilitation"


def test_only_a_network_member_chooses_and_only_known_routes(client_record, coordinator):
    with pytest.raises(ValidationError):
        services.choose_route(client=client_record, by=coordinator, route_id="nonsense")
    outsider = ProfessionalFactory(organisation=coordinator.organisation)
    with pytest.raises(ValidationError):
        services.choose_route(client=client_record, by=outsider, route_id="joint_service")
    assert not Step.objects.exists() and not RouteChoice.objects.exists()
