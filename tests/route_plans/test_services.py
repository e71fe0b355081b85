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
from polku.route_plans import definitions, facts, services
from polku.route_plans.models import ClientFacts, RouteChoice
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
    # A self-rating of 3/10 is not a doctor's view that an illness threatens work ability.
    assert "work_ability_threatened" not in values
    assert values["sickness_absence_days"] == 40
    source = next(f.source for f in shown if f.name == "sickness_absence_days")
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


GOAL = "Haluan takaisin töihin keittiöön"


@pytest.fixture
def catalogue(db):
    from polku.catalogue import loader

    loader.load()


def _choose(client, by, engine, route_id="vocational_rehabilitation", **extra):
    return services.choose_route(
        client=client, by=by, route_id=route_id, goal_text=GOAL, rules=engine, **extra
    )


def test_choosing_a_route_makes_plan_steps_with_dated_checkpoints(
    client_record, coordinator, engine
):
    start = dt.date(2026, 3, 10)
    choice = _choose(client_record, coordinator, engine, starts_on=start)
    goal = Goal.objects.get(pk=choice.goal_id)
    assert goal.text == GOAL  # the client's own words, not "Route: …"
    steps = list(Step.objects.filter(goal=goal).order_by("target_date"))
    route = definitions.BY_ID["vocational_rehabilitation"]
    assert len(steps) == len(route.steps)
    assert [s.target_date for s in steps] == [
        dt.date(2026, 4, 30),
        dt.date(2026, 8, 31),
        dt.date(2027, 2, 28),
    ]
    assert steps[1].what.startswith("Work trial: ")
    assert Plan.objects.get(client=client_record).version > 1
    targets = set(
        AuditEvent.objects.filter(client_id=client_record.pk).values_list("target", flat=True)
    )
    assert {"route_choice", "plan_step", "plan_goal"} <= targets
    assert RouteChoice.objects.get().route == "vocational_rehabilitation"


def test_step_texts_name_the_service_once_and_point_to_the_map(
    client_record, coordinator, engine, catalogue
):
    from django.utils import translation

    services.update_facts(
        client=client_record,
        by=coordinator,
        expected_version=0,
        values={"psychiatrist_statement": True},
    )
    for language in ("fi", "sv", "en"):
        for route in definitions.ROUTES:
            if route.id == "sickness_to_studies":
                continue  # closed for a client not on sick leave (the fake engine)
            with translation.override(language):
                choice = _choose(client_record, coordinator, engine, route_id=route.id)
            steps = list(Step.objects.filter(goal_id=choice.goal_id).select_related("service"))
            assert [s.service.slug for s in steps] == [step.service for step in route.steps]
            for step in steps:
                assert step.service_name == ""  # on the map: no free text
                name = getattr(step.service, f"name_{language}")
                assert step.what.startswith(f"{name}: ")
                assert step.what.casefold().count(name.casefold()) == 1, step.what


def test_each_step_goes_to_the_organisation_that_provides_it(
    client_record, coordinator, engine, catalogue, municipality
):
    """Kela's assessment goes to the Kela member choosing; the work trial and pay-subsidised
    work to the employment services' member of the network (who sees the client under the
    consent); the coordinator's own organisation does not take them."""
    from polku.clients import services as client_services

    counsellor = ProfessionalFactory(organisation=municipality, profession="employment_counsellor")
    client_services.add_member(client=client_record, by=coordinator, professional=counsellor)
    client_services.give_consent(
        client=client_record,
        by=coordinator,
        organisations=[coordinator.organisation, municipality],
        purpose="coordination",
        given_how="in_person",
        valid_from=timezone.localdate(),
    )
    choice = _choose(client_record, coordinator, engine)
    steps = list(Step.objects.filter(goal_id=choice.goal_id).order_by("target_date"))
    assert [(s.responsible_id, s.organisation_id) for s in steps] == [
        (coordinator.pk, coordinator.organisation_id),
        (counsellor.pk, municipality.pk),
        (counsellor.pk, municipality.pk),
    ]


def test_a_step_with_nobody_of_its_organisation_is_left_for_the_coordinator(
    client_record, coordinator, engine, catalogue, municipality
):
    """The employment services are in Polku but nobody of theirs is in the network (or one
    is, without a consent covering them: the access rule): the steps keep the organisation,
    nobody is responsible, and the coordinator sees them to assign."""
    from polku.clients import services as client_services
    from polku.plans import selectors as plan_selectors

    unseeing = ProfessionalFactory(organisation=municipality, profession="employment_counsellor")
    client_services.add_member(client=client_record, by=coordinator, professional=unseeing)
    choice = _choose(client_record, coordinator, engine)
    steps = list(Step.objects.filter(goal_id=choice.goal_id).order_by("target_date"))
    assert steps[0].responsible_id == coordinator.pk
    for step in steps[1:]:
        assert step.responsible_id is None and not step.responsible_is_client
        assert step.organisation_id == municipality.pk
    assert [s.pk for s in plan_selectors.unassigned_steps(client_record)] == [
        s.pk for s in steps[1:]
    ]


def test_a_closed_route_cannot_be_chosen_and_says_what_would_open_it(
    client_record, coordinator, engine
):
    services.update_facts(
        client=client_record, by=coordinator, expected_version=0, values={"on_sick_leave": False}
    )
    with pytest.raises(services.RouteClosed) as error:
        _choose(client_record, coordinator, engine, route_id="sickness_to_studies")
    message = " ".join(error.value.message_dict["route"])
    assert "closed" in message and "A doctor's certificate of incapacity for work" in message
    assert not Goal.objects.exists() and not Step.objects.exists()
    assert not RouteChoice.objects.exists()


def test_the_goal_in_the_clients_words_is_required(client_record, coordinator, engine):
    with pytest.raises(ValidationError) as error:
        services.choose_route(
            client=client_record,
            by=coordinator,
            route_id="joint_service",
            goal_text="   ",
            rules=engine,
        )
    assert "goal" in error.value.message_dict
    assert not Goal.objects.exists() and not RouteChoice.objects.exists()


def test_only_a_network_member_chooses_and_only_known_routes(client_record, coordinator, engine):
    with pytest.raises(ValidationError):
        _choose(client_record, coordinator, engine, route_id="nonsense")
    outsider = ProfessionalFactory(organisation=coordinator.organisation)
    with pytest.raises(ValidationError):
        _choose(client_record, outsider, engine, route_id="joint_service")
    assert not Step.objects.exists() and not RouteChoice.objects.exists()


# ---------------------------------------------------------------------------------------------
# The household (issue #17)

FAMILY = {
    "partner_in_household": "true",
    "partner_gross_wage": "2 400,00",
    "partner_unemployment_benefit": "false",
    "children_birth_years": "2017, 2014",
    "tenure": "rent",
    "housing_cost": "900",
    "withholding_percent": "18,5",
    "assets": "4 000",
}


def test_household_facts_are_recorded_with_the_counts_and_audited(client_record, coordinator):
    row = services.update_facts(
        client=client_record, by=coordinator, expected_version=0, values=FAMILY
    )
    assert row.partner_in_household is True and row.partner_gross_wage == Decimal("2400.00")
    assert row.children_birth_years == [2014, 2017]  # the oldest first
    assert row.tenure == "rent" and row.withholding_percent == Decimal("18.50")
    assert (row.adults_in_household, row.children_in_household) == (2, 2)  # follow the family
    event = AuditEvent.objects.get(target="route_facts")
    assert {"children_birth_years", "partner_gross_wage", "adults_in_household"} <= set(
        event.details["changed"]
    )
    assert row.history.get().children_birth_years == [2014, 2017]  # who and when


def test_a_child_of_18_counts_as_an_adult_at_home(client_record, coordinator):
    eighteen = timezone.localdate().year - 19  # 1 July of that year: 18 or over today
    row = services.update_facts(
        client=client_record,
        by=coordinator,
        expected_version=0,
        values={"partner_in_household": False, "children_birth_years": [eighteen, 2020]},
    )
    assert (row.adults_in_household, row.children_in_household) == (2, 1)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"partner_in_household": False, "partner_gross_wage": "1000"}, "partner_gross_wage"),
        (
            {"partner_in_household": "false", "partner_unemployment_benefit": True},
            "partner_unemployment_benefit",
        ),
        ({"partner_gross_wage": "1e9"}, "partner_gross_wage"),
        ({"children_birth_years": "2014, 2099"}, "children_birth_years"),
        ({"children_birth_years": "1950"}, "children_birth_years"),  # before the client
        ({"tenure": "castle"}, "tenure"),
        ({"withholding_percent": "101"}, "withholding_percent"),
        (
            {"partner_in_household": True, "children_birth_years": [], "adults_in_household": 1},
            "adults_in_household",
        ),
    ],
)
def test_bad_household_facts_are_refused_and_nothing_is_written(
    client_record, coordinator, values, field
):
    with pytest.raises(ValidationError) as error:
        services.update_facts(
            client=client_record,
            by=coordinator,
            expected_version=0,
            values={"housing_cost": "500", **values},
        )
    assert field in error.value.message_dict
    assert (
        not ClientFacts.objects.exists()
        and not AuditEvent.objects.filter(target="route_facts").exists()
    )


def test_the_household_input_names_every_member_with_the_least_data(client_record, coordinator):
    services.update_facts(client=client_record, by=coordinator, expected_version=0, values=FAMILY)
    first = dt.date(2026, 12, 1)
    values, shown = facts.facts_for(client_record, on=first)
    assert values["adults_in_household"] == 2 and values["children_in_household"] == 2
    assert "children_birth_years" not in values  # not an eligibility fact
    household, notes = facts.household_for(client_record, shown, first=first)
    assert household["housing_cost"] == 900.0 and household["tenure"] == "rent"
    applicant, partner, older, younger = household["members"]
    assert applicant == {
        "role": "applicant",
        "birth_date": client_record.birth_date.isoformat(),
        "unemployment_benefit": False,
        "withholding_percent": 18.5,
        "assets": 4000.0,
    }
    assert partner["role"] == "partner" and partner["gross_wage"] == 2400.0
    assert partner["unemployment_benefit"] is False
    assert older == {"role": "child", "birth_date": "2014-07-01"}  # a year as 1 July
    assert younger == {"role": "child", "birth_date": "2017-07-01"}
    assert set(facts.member_ids(household)) == {"applicant", "partner", "child1", "child2"}
    assert any("1 July" in note for note in notes)
    assert not any(note.startswith("Assumed: no") for note in notes)


def test_unknown_household_facts_are_assumed_and_said(client_record):
    first = dt.date(2026, 12, 1)
    _values, shown = facts.facts_for(client_record, on=first)
    missing = {f.name for f in shown if not f.known}
    assert {"partner_in_household", "children_birth_years", "tenure"} <= missing
    assert "partner_gross_wage" not in missing  # asked once a partner is known
    assert "adults_in_household" not in missing  # follows from the household, not asked
    household, notes = facts.household_for(client_record, shown, first=first)
    assert [m["role"] for m in household["members"]] == ["applicant"]
    assert household["tenure"] == "rent" and household["housing_cost"] == 0.0
    assert facts.ASSUMED_NO_PARTNER in notes and facts.ASSUMED_NO_CHILDREN in notes
    assert facts.ASSUMED_RENT in notes


def test_a_child_born_this_year_is_born_by_the_first_month():
    first = dt.date(2026, 3, 1)
    assert facts.birth_date_of_year(2026, not_after=first) == first
    assert facts.birth_date_of_year(2025, not_after=first) == dt.date(2025, 7, 1)
    assert facts.age_from_year(2008, dt.date(2026, 6, 30)) == 17
    assert facts.age_from_year(2008, dt.date(2026, 7, 1)) == 18


def test_an_adult_child_at_home_and_a_young_clients_partner(coordinator):
    young = make_client(coordinator=coordinator, birth_date=dt.date(2009, 2, 1))
    services.update_facts(
        client=young,
        by=coordinator,
        expected_version=0,
        values={"partner_in_household": True, "children_birth_years": []},
    )
    first = dt.date(2026, 12, 1)
    _values, shown = facts.facts_for(young, on=first)
    household, _notes = facts.household_for(young, shown, first=first)
    partner = household["members"][1]
    assert partner["birth_date"] == "2008-12-01"  # at least 18: the rules' partner is an adult
    parent = make_client(coordinator=coordinator, birth_date=dt.date(1970, 1, 1))
    services.update_facts(
        client=parent,
        by=coordinator,
        expected_version=0,
        values={"partner_in_household": False, "children_birth_years": "2004, 2012"},
    )
    _values, shown = facts.facts_for(parent, on=first)
    household, _notes = facts.household_for(parent, shown, first=first)
    assert [m["role"] for m in household["members"]] == ["applicant", "adult_child", "child"]
    assert set(facts.member_ids(household)) == {"applicant", "adult_child1", "child1"}


def test_the_household_is_asked_only_under_the_clients_consent(coordinator):
    """Intake (no consent yet): the professional who recorded the client sees them, but facts
    about the partner and the children wait for the consent; the client's own facts do not."""
    intake = make_client(coordinator=coordinator, with_consent=False)
    with pytest.raises(ValidationError) as error:
        services.update_facts(
            client=intake,
            by=coordinator,
            expected_version=0,
            values={"partner_in_household": True, "children_birth_years": "2015"},
        )
    assert set(error.value.message_dict) == {"partner_in_household", "children_birth_years"}
    assert not ClientFacts.objects.exists()
    row = services.update_facts(
        client=intake, by=coordinator, expected_version=0, values={"on_sick_leave": False}
    )
    assert row.on_sick_leave is False
