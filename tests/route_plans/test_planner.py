"""The route planner's own logic (which step's alternative applies in which month, which
routes close and why, what counts as overlooked), with a stand-in engine of rules.api's shape
passed as a parameter. Real amounts are tested with the real engine in test_pages.py."""

import datetime as dt

from polku.route_plans import definitions, planner
from tests.route_plans import fake_engine

START = dt.date(2026, 3, 15)
HOUSEHOLD = {
    "housing_cost": 600.0,
    "tenure": "rent",
    "members": [{"role": "applicant", "birth_date": "1980-05-01", "unemployment_benefit": True}],
}


def _build(facts, household=HOUSEHOLD, **kwargs):
    return planner.build(
        household=household, facts=facts, start=START, engine=fake_engine, **kwargs
    )


def test_month_keys_cross_the_year():
    assert planner.month_keys(dt.date(2026, 11, 3), 4) == [
        "2026-11",
        "2026-12",
        "2027-01",
        "2027-02",
    ]


def test_every_route_has_twelve_months_and_the_step_of_each_month():
    plans, months = _build({"on_sick_leave": True})
    assert months[0] == "2026-03" and months[-1] == "2027-02" and len(months) == 12
    assert {p.route.id for p in plans} == set(definitions.BY_ID)
    vocational = next(p for p in plans if p.route.id == "vocational_rehabilitation")
    # 2 months assessment, 4 months work trial, 6 months pay-subsidised work
    assert [m.step_index for m in vocational.months] == [0] * 2 + [1] * 4 + [2] * 6
    assert [m.net for m in vocational.months[:3]] == [1100.0, 1100.0, 950.0]
    assert all(m.status_quo_net == 800.0 for m in vocational.months)
    assert vocational.steps[0].checkpoint_on == dt.date(2026, 4, 30)
    assert vocational.steps[2].checkpoint_on == dt.date(2027, 2, 28)


def test_closed_routes_carry_the_reasons_and_what_would_open_them():
    plans, _months = _build({"on_sick_leave": False})
    sick = next(p for p in plans if p.route.id == "sickness_to_studies")
    assert sick.status == planner.CLOSED
    assert sick.reasons == ["Not on sick leave."]
    assert sick.opens_with == ["A doctor's certificate of incapacity for work"]
    assert not sick.overlooked
    # closed routes come last
    assert plans[-1].status == planner.CLOSED


def test_unknown_facts_make_a_route_need_information():
    plans, _months = _build({})
    sick = next(p for p in plans if p.route.id == "sickness_to_studies")
    assert sick.status == planner.UNKNOWN
    assert sick.missing_facts == ["on_sick_leave"]


def test_an_open_route_not_in_the_plan_is_overlooked_until_considered():
    plans, _ = _build({})
    trial = next(p for p in plans if p.route.id == "joint_service")
    assert trial.status == planner.OPEN and trial.overlooked
    plans, _ = _build({}, considered_services={"typ-monialainen-yhteispalvelu"})
    assert not next(p for p in plans if p.route.id == "joint_service").overlooked
    plans, _ = _build({}, chosen_routes={"joint_service"})
    assert not next(p for p in plans if p.route.id == "joint_service").overlooked


def test_the_catalogue_names_the_steps_and_may_name_another_rule():
    catalogue = {
        "tyokokeilu": {"id": 7, "name": "Työkokeilu", "rule": "work_trial", "names": ["Työkokeilu"]}
    }
    typ = {"id": 8, "name": "TYP", "rule": "joint_service_typ", "names": ["Monialainen TYP"]}
    catalogue["typ-monialainen-yhteispalvelu"] = typ
    plans, _ = _build({}, catalogue=catalogue, considered_services={"monialainen typ"})
    joint = next(p for p in plans if p.route.id == "joint_service")
    assert joint.steps[1].name == "Työkokeilu" and joint.steps[1].service_id == 7
    assert joint.considered


def test_own_services_tell_a_route_apart_a_shared_step_does_not():
    own = {r.id: planner.own_services(r) for r in definitions.ROUTES}
    assert own["vocational_rehabilitation"] == ("kelan-ammatillisen-kuntoutuksen-selvitys",)
    assert own["joint_service"] == ("typ-monialainen-yhteispalvelu",)
    assert own["social_rehabilitation"] == ("tyottomien-terveystarkastus", "sosiaalinen-kuntoutus")
    # every step shared with another route: the first step, where it starts
    assert own["work_activity_to_work"] == ("kuntouttava-tyotoiminta",)
    shared = {"tyokokeilu", "palkkatuki"}
    assert not shared & {s for services in own.values() for s in services}


def test_a_shared_step_in_the_plan_puts_only_its_own_route_in_the_plan():
    """The demo's contradiction: an assessment done and a work trial running put TYP and
    rehabilitative work activity "in the plan" while the screening said both were likely
    eligible and not applied for."""
    catalogue = {
        "tyokokeilu": {"id": 7, "name": "Työkokeilu", "rule": "work_trial", "names": ["Työkokeilu"]}
    }
    considered = {"kelan-ammatillisen-kuntoutuksen-selvitys", "työkokeilu", "tyokokeilu"}
    plans, _ = _build({}, catalogue=catalogue, considered_services=considered)
    by_id = {p.route.id: p for p in plans}
    assert by_id["vocational_rehabilitation"].considered
    for route in ("joint_service", "work_activity_to_work"):
        assert not by_id[route].considered
        assert by_id[route].status == planner.OPEN and by_id[route].overlooked


def test_a_route_is_in_the_plan_only_when_all_its_own_services_are():
    plans, _ = _build({}, considered_services={"tyottomien-terveystarkastus"})
    social = next(p for p in plans if p.route.id == "social_rehabilitation")
    assert not social.considered
    both = {"tyottomien-terveystarkastus", "sosiaalinen-kuntoutus"}
    plans, _ = _build({}, considered_services=both)
    assert next(p for p in plans if p.route.id == "social_rehabilitation").considered
    # rehabilitative work activity is social rehabilitation's last step, not what sets it apart
    plans, _ = _build({}, considered_services={"kuntouttava-tyotoiminta"})
    by_id = {p.route.id: p for p in plans}
    assert by_id["work_activity_to_work"].considered
    assert not by_id["social_rehabilitation"].considered


def test_an_unknown_expected_wage_is_an_assumption_shown_with_the_route():
    plans, _ = _build({})
    vocational = next(p for p in plans if p.route.id == "vocational_rehabilitation")
    assert definitions.ASSUMED_WAGE_NOTE in vocational.assumptions
    assert vocational.steps[2].alternative["gross_wage"] == definitions.ASSUMED_WAGE
    plans, _ = _build({"expected_wage": 2100.0})
    vocational = next(p for p in plans if p.route.id == "vocational_rehabilitation")
    assert vocational.assumptions == []
    assert vocational.steps[2].alternative["gross_wage"] == 2100.0


def test_income_trap_is_more_gross_less_net():
    row = planner.MonthIncome(
        "2026-03",
        0,
        gross=1200,
        tax=100,
        net=700,
        components=[],
        status_quo_gross=1000,
        status_quo_net=800,
        status_quo_components=[],
        status_quo_tax=0,
    )
    assert row.income_trap
    row.net = 900
    assert not row.income_trap


def test_the_engine_is_called_once_for_all_routes_and_months():
    calls = []

    class Counting:
        evaluate_eligibility = staticmethod(fake_engine.evaluate_eligibility)

        @staticmethod
        def calculate_months(situation, months):
            calls.append((len(situation["alternatives"]), len(months)))
            return fake_engine.calculate_months(situation, months)

    planner.build(household=HOUSEHOLD, facts={}, start=START, engine=Counting)
    steps = sum(len(r.steps) for r in definitions.ROUTES)
    assert calls == [(steps + 1, 12)]


def test_every_route_names_known_rules_and_kinds():
    from rules.references import ELIGIBILITY_RULES

    kinds = {
        "status_quo",
        "part_time_work",
        "pay_subsidised_work",
        "work_trial",
        "rehabilitative_work_activity",
        "sickness_allowance",
        "vocational_rehabilitation",
        "studies_with_rehabilitation",
    }
    for route in definitions.ROUTES:
        assert route.title and route.summary and route.steps
        for step in route.steps:
            assert step.rule in ELIGIBILITY_RULES
            assert step.alternative["kind"] in kinds
            assert step.months > 0
    assert set(definitions.RULE_LABELS) == set(ELIGIBILITY_RULES)


def test_the_household_goes_to_the_engine_and_its_members_come_back():
    """The engine gets the calc input's `household` (design17.md), not a person; each month
    keeps the members' own figures and whether the tax is an estimate."""
    seen = []

    class Recording:
        evaluate_eligibility = staticmethod(fake_engine.evaluate_eligibility)

        @staticmethod
        def calculate_months(situation, months):
            seen.append(situation)
            return fake_engine.calculate_months(situation, months)

    family = {
        **HOUSEHOLD,
        "members": [
            {**HOUSEHOLD["members"][0], "withholding_percent": 18.5},
            {"role": "partner", "birth_date": "1980-05-01", "gross_wage": 2000.0},
            {"role": "child", "birth_date": "2014-07-01"},
        ],
    }
    plans, _ = planner.build(household=family, facts={}, start=START, engine=Recording)
    assert seen[0]["household"] is family and "person" not in seen[0]
    month = plans[0].months[0]
    assert [m["id"] for m in month.members] == ["applicant", "partner"]
    assert month.tax_estimate  # the partner's tax is estimated (no tax card asked)
    by_id = {c["id"]: c for c in month.components}
    assert by_id["child_benefit"]["member"] == "child1"
    assert by_id["housing_allowance"]["member"] == "household"
    alone = {**HOUSEHOLD, "members": [family["members"][0]]}
    plans, _ = planner.build(household=alone, facts={}, start=START, engine=fake_engine)
    assert not plans[0].months[0].tax_estimate  # the client's own tax card only


def test_an_engine_that_says_nothing_of_the_tax_estimates_it():
    assert planner.tax_is_estimate({"gross": 1, "tax": 0, "net": 1})
    assert not planner.tax_is_estimate({"members": [{"id": "applicant", "tax_estimate": False}]})
    assert planner.tax_is_estimate({"members": [{"tax_estimate": False}, {"tax_estimate": True}]})
    assert not planner.tax_is_estimate({"tax_explanation": {"estimate": False}})


def test_a_childs_tax_free_benefit_is_no_tax_estimate():
    row = {
        "members": [
            {"id": "applicant", "role": "applicant", "tax": 100.0, "tax_estimate": False},
            {"id": "child1", "role": "child", "tax": 0.0, "tax_estimate": True},
        ]
    }
    assert not planner.tax_is_estimate(row)
    assert [m["id"] for m in planner.taxed_members(row)] == ["applicant"]


WALK = dt.date(2026, 12, 3)  # the demo walk: assessment done 29.4.2025, work trial to 21.12.


def test_a_route_starts_from_where_the_client_is_in_the_plan():
    progress = {
        "kelan-ammatillisen-kuntoutuksen-selvitys": {
            "state": planner.DONE,
            "on": dt.date(2025, 4, 29),
        },
        "tyokokeilu": {"state": planner.RUNNING, "on": dt.date(2026, 12, 21)},
    }
    plans, months = planner.build(
        household=HOUSEHOLD, facts={}, start=WALK, engine=fake_engine, progress=progress
    )
    assert months[0] == "2026-12"
    vocational = next(p for p in plans if p.route.id == "vocational_rehabilitation")
    done, trial, paid = vocational.steps
    # the assessment is not started again: shown done, with its day
    assert (done.index, done.state, done.done_on) == (0, planner.DONE, dt.date(2025, 4, 29))
    assert (done.starts, done.ends, done.months) == ("2025-04", "2025-04", 0)
    # the work trial goes on to its planned end, pay-subsidised work follows it
    assert (trial.index, trial.state, trial.starts, trial.ends) == (
        1,
        "running",
        "2026-12",
        "2026-12",
    )
    assert trial.checkpoint_on == dt.date(2026, 12, 21)
    assert (paid.index, paid.state, paid.starts, paid.ends) == (2, "", "2027-01", "2027-06")
    assert paid.checkpoint_on == dt.date(2027, 6, 30)
    # the months follow the same timeline: work trial in December, then paid work throughout
    assert [m.step_index for m in vocational.months] == [1] + [2] * 11
    assert [m.net for m in vocational.months[:2]] == [950.0, 1500.0]
    # another route sharing the running step: it goes on, then the route's own steps follow
    joint = next(p for p in plans if p.route.id == "joint_service")
    assert [(s.index, s.state, s.starts, s.ends) for s in joint.steps] == [
        (1, "running", "2026-12", "2026-12"),
        (0, "", "2027-01", "2027-06"),
    ]
    assert [m.step_index for m in joint.months] == [0] + [1] * 11
    # a route the plan has nothing of starts this month, as before
    social = next(p for p in plans if p.route.id == "social_rehabilitation")
    assert [(s.state, s.starts) for s in social.steps] == [
        ("", "2026-12"),
        ("", "2027-01"),
        ("", "2027-06"),
    ]


def test_a_running_step_past_its_date_still_takes_this_month_and_a_route_done_ends():
    progress = {
        "typ-monialainen-yhteispalvelu": {"state": planner.RUNNING, "on": dt.date(2026, 10, 31)},
    }
    plans, _ = planner.build(
        household=HOUSEHOLD, facts={}, start=WALK, engine=fake_engine, progress=progress
    )
    joint = next(p for p in plans if p.route.id == "joint_service")
    typ, trial = joint.steps
    assert (typ.state, typ.starts, typ.ends, typ.months) == ("running", "2026-12", "2026-12", 1)
    assert (trial.starts, trial.ends) == ("2027-01", "2027-06")
    done = {"state": planner.DONE, "on": dt.date(2026, 6, 1)}
    progress = {"typ-monialainen-yhteispalvelu": done, "tyokokeilu": done}
    plans, _ = planner.build(
        household=HOUSEHOLD, facts={}, start=WALK, engine=fake_engine, progress=progress
    )
    joint = next(p for p in plans if p.route.id == "joint_service")
    assert [s.state for s in joint.steps] == ["done", "done"]
    # all done: the route's last step (its destination) goes on
    assert {joint.steps[m.step_index].index for m in joint.months} == {1}


def _sickness_route(plans):
    return next(p for p in plans if p.route.id == "sickness_to_studies")


def test_a_done_first_step_no_longer_decides_the_route_the_next_step_does():
    """The sickness allowance asks whether the client is on sick leave; once the plan has it
    done, that question is answered, and the route waits on the step to come."""
    done = {"state": planner.DONE, "on": dt.date(2025, 4, 29)}
    plans, _ = _build({}, progress={"kelan-sairauspaivaraha": done})
    sick = _sickness_route(plans)
    assert sick.steps[0].state == planner.DONE
    assert sick.steps[0].eligibility["status"] == "needs_information"  # still told per step
    assert (sick.status, sick.reasons, sick.missing_facts) == (planner.OPEN, [], [])
    plans, _ = _build({"on_sick_leave": False}, progress={"kelan-sairauspaivaraha": done})
    assert _sickness_route(plans).status == planner.OPEN  # not closed by a step done
    # the first step to come decides: here the catalogue gives it a rule needing information
    catalogue = {"kelan-ammatillinen-kuntoutus": {"rule": "sickness_allowance"}}
    plans, _ = _build({}, progress={"kelan-sairauspaivaraha": done}, catalogue=catalogue)
    sick = _sickness_route(plans)
    assert sick.status == planner.UNKNOWN
    assert sick.missing_facts == ["on_sick_leave"]


def test_a_running_first_step_is_begun_the_next_step_decides():
    running = {"state": planner.RUNNING, "on": dt.date(2026, 5, 31)}
    plans, _ = _build({"on_sick_leave": False}, progress={"kelan-sairauspaivaraha": running})
    assert _sickness_route(plans).status == planner.OPEN
    catalogue = {"kelan-ammatillinen-kuntoutus": {"rule": "sickness_allowance"}}
    plans, _ = _build(
        {"on_sick_leave": False}, progress={"kelan-sairauspaivaraha": running}, catalogue=catalogue
    )
    sick = _sickness_route(plans)
    assert (sick.status, sick.reasons) == (planner.CLOSED, ["Not on sick leave."])


def test_a_step_done_elsewhere_leaves_the_routes_own_first_step_deciding():
    """A work trial done (on another route) does not open the TYP route: its joint service,
    still to come, decides."""
    route = definitions.BY_ID["joint_service"]
    assert planner.deciding_steps(route, [{}, {"state": planner.DONE}]) == [0]
    assert planner.deciding_steps(route, [{"state": planner.DONE}, {}]) == [1]
    assert planner.deciding_steps(route, [{"state": planner.DONE}, {"state": "running"}]) == []
    assert planner.deciding_steps(route, [{"state": planner.DONE}] * 2) is None
    assert planner.deciding_steps(route) == [0]


def test_a_route_all_done_says_so_and_comes_last():
    done = {"state": planner.DONE, "on": dt.date(2026, 1, 15)}
    progress = {s.service: done for s in definitions.BY_ID["sickness_to_studies"].steps}
    plans, _ = _build({"on_sick_leave": False}, progress=progress)
    sick = _sickness_route(plans)
    assert sick.status == planner.COMPLETED == "done"
    assert (sick.reasons, sick.opens_with, sick.missing_facts) == ([], [], [])
    assert not sick.overlooked
    assert plans[-1] is sick
    # one running step left: under way, open
    progress["opiskelu-kuntoutuksena"] = {"state": planner.RUNNING, "on": dt.date(2026, 6, 1)}
    plans, _ = _build({"on_sick_leave": False}, progress=progress)
    assert _sickness_route(plans).status == planner.OPEN


def test_route_status_for_a_choice_agrees_with_the_plan():
    route = definitions.BY_ID["sickness_to_studies"]
    facts = {"on_sick_leave": False}
    status = planner.route_status(route, facts=facts, month="2026-03", engine=fake_engine)
    assert status[0] == planner.CLOSED
    done = [{"state": planner.DONE, "on": dt.date(2025, 4, 29)}, {}, {}]
    status = planner.route_status(
        route, facts=facts, month="2026-03", engine=fake_engine, states=done
    )
    assert status == (planner.OPEN, [], [], [])
    status = planner.route_status(
        route, facts=facts, month="2026-03", engine=fake_engine, states=[done[0]] * 3
    )
    assert status[0] == planner.COMPLETED
