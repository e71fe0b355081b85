"""Where the client is in their plan decides where each route's timeline starts: the steps
done are not started again, a running step goes on to its planned end and the rest follow it
(selectors.plan_progress read from the plan's steps, planner.timeline). The stand-in engine:
the figures are not benefit amounts."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from polku.route_plans import selectors
from tests.factories import GoalFactory, PlanFactory, ServiceFactory, StepFactory
from tests.route_plans import fake_engine

pytestmark = pytest.mark.django_db

WALK = dt.date(2026, 12, 3)


def _step(goal, status, *, service=None, service_name="", target, done_on=None):
    return StepFactory(
        goal=goal,
        status=status,
        service=service,
        service_name=service_name,
        target_date=target,
        done_on=done_on,
        responsible=None,
    )


def test_the_plan_says_which_steps_are_done_and_which_run_until_when(client_record, coordinator):
    plan = PlanFactory(client=client_record, created_by=coordinator)
    goal = GoalFactory(plan=plan)
    assessment = ServiceFactory(slug="kelan-ammatillisen-kuntoutuksen-selvitys")
    trial = ServiceFactory(slug="tyokokeilu", name_fi="Työkokeilu")
    _step(
        goal, "done", service=assessment, target=dt.date(2025, 4, 30), done_on=dt.date(2025, 4, 29)
    )
    _step(goal, "in_progress", service=trial, target=dt.date(2026, 12, 21))
    _step(goal, "done", service=trial, target=dt.date(2024, 1, 31), done_on=dt.date(2024, 1, 30))
    _step(goal, "planned", service_name="Palkkatuki", target=dt.date(2027, 3, 1))
    _step(goal, "cancelled", service_name="TYP", target=dt.date(2026, 1, 1))
    _step(
        goal,
        "done",
        service_name="Terveystarkastus ",
        target=dt.date(2026, 2, 1),
        done_on=dt.date(2026, 2, 2),
    )
    assert selectors.plan_progress(client_record.pk) == {
        "kelan-ammatillisen-kuntoutuksen-selvitys": {"state": "done", "on": dt.date(2025, 4, 29)},
        "tyokokeilu": {"state": "running", "on": dt.date(2026, 12, 21)},  # running wins
        "terveystarkastus": {"state": "done", "on": dt.date(2026, 2, 2)},
    }

    view = selectors.route_plan(client_record, on=WALK, rules=fake_engine)
    vocational = next(p for p in view.plans if p.route.id == "vocational_rehabilitation")
    assert [(s.state, s.starts, s.ends, s.checkpoint_on) for s in vocational.steps] == [
        ("done", "2025-04", "2025-04", dt.date(2025, 4, 29)),
        ("running", "2026-12", "2026-12", dt.date(2026, 12, 21)),
        ("", "2027-01", "2027-06", dt.date(2027, 6, 30)),
    ]
    assert vocational.steps[0].done_on == dt.date(2025, 4, 29)
    kinds = [vocational.steps[m.step_index].alternative["kind"] for m in vocational.months]
    assert kinds == ["work_trial"] + ["pay_subsidised_work"] * 11


def test_the_page_shows_a_step_done_with_its_day_and_one_running_to_its_end(
    signed_in, client_record, coordinator
):
    today = timezone.localdate()
    done_on, ends = today - dt.timedelta(days=200), today + dt.timedelta(days=18)
    goal = GoalFactory(plan=PlanFactory(client=client_record, created_by=coordinator))
    assessment = ServiceFactory(slug="kelan-ammatillisen-kuntoutuksen-selvitys")
    _step(goal, "done", service=assessment, target=done_on, done_on=done_on)
    _step(goal, "in_progress", service=ServiceFactory(slug="tyokokeilu"), target=ends)
    text = signed_in.get(f"/clients/{client_record.pk}/routes/").content.decode()
    route = re.search(r'id="route-vocational_rehabilitation".*?</article>', text, re.S).group(0)
    steps = re.search(r'<ol class="routes-steps">(.*?)</ol>', route, re.S).group(1)
    assert f"(Tehty {done_on.day}.{done_on.month}.{done_on.year})" in steps
    assert f"(Käynnissä, {ends.day}.{ends.month}.{ends.year} mennessä)" in steps
    following = ends.replace(day=1) + dt.timedelta(days=31)
    assert f"({following.month}/{following.year}–" in steps  # pay-subsidised work after it

    data = signed_in.get(f"/api/v1/clients/{client_record.pk}/routes/").json()
    vocational = next(r for r in data["routes"] if r["id"] == "vocational_rehabilitation")
    assert [(s["index"], s["state"]) for s in vocational["steps"]] == [
        (0, "done"),
        (1, "running"),
        (2, ""),
    ]
    assert vocational["steps"][0]["done_on"] == done_on.isoformat()


def test_choosing_a_route_adds_only_the_steps_to_come_after_the_running_one(
    client_record, coordinator, engine
):
    from polku.catalogue import loader
    from polku.catalogue.models import Service
    from polku.plans.models import Step
    from polku.route_plans import services

    loader.load()
    goal = GoalFactory(plan=PlanFactory(client=client_record, created_by=coordinator))
    assessment = Service.objects.get(slug="kelan-ammatillisen-kuntoutuksen-selvitys")
    trial = Service.objects.get(slug="tyokokeilu")
    _step(
        goal, "done", service=assessment, target=dt.date(2025, 4, 30), done_on=dt.date(2025, 4, 29)
    )
    _step(goal, "in_progress", service=trial, target=dt.date(2026, 12, 21))
    choice = services.choose_route(
        client=client_record,
        by=coordinator,
        route_id="vocational_rehabilitation",
        goal_text="Haluan töihin keittiöön",
        starts_on=WALK,
        rules=engine,
    )
    added = list(Step.objects.filter(goal_id=choice.goal_id).select_related("service"))
    assert [(s.service.slug, s.target_date) for s in added] == [
        ("palkkatuki", dt.date(2027, 6, 30))
    ]


def _vocational(http, client_record):
    text = http.get(f"/clients/{client_record.pk}/routes/").content.decode()
    route = re.search(r'id="route-vocational_rehabilitation".*?</article>', text, re.S).group(0)
    data = http.get(f"/api/v1/clients/{client_record.pk}/routes/").json()
    shown = next(r for r in data["routes"] if r["id"] == "vocational_rehabilitation")
    return text, route, shown


@pytest.mark.parametrize("state", ["done", "in_progress"])
def test_a_first_step_done_or_running_no_longer_asks_its_eligibility(
    signed_in, client_record, coordinator, state
):
    """The assessment asks for a medical statement; done (or begun) in the plan, that is
    answered: the route now waits on the work trial, the first step to come, and needs only
    what the work trial needs (the real rules; no facts recorded)."""
    today = timezone.localdate()
    goal = GoalFactory(plan=PlanFactory(client=client_record, created_by=coordinator))
    assessment = ServiceFactory(slug="kelan-ammatillisen-kuntoutuksen-selvitys")
    day = today - dt.timedelta(days=200) if state == "done" else today + dt.timedelta(days=20)
    _step(goal, state, service=assessment, target=day, done_on=day if state == "done" else None)
    _text, route, shown = _vocational(signed_in, client_record)
    assert shown["status"] == "needs_information"
    assert set(shown["missing_facts"]) == {"jobseeker_registered", "unemployment_benefit"}
    assert "medical_statement" not in shown["missing_facts"]
    assert "Tarvitaan tietoja" in route  # about the work trial now


def test_a_route_all_done_says_so_and_offers_no_choice(signed_in, client_record, coordinator):
    today = timezone.localdate()
    goal = GoalFactory(plan=PlanFactory(client=client_record, created_by=coordinator))
    for slug in ("kelan-ammatillisen-kuntoutuksen-selvitys", "tyokokeilu", "palkkatuki"):
        day = today - dt.timedelta(days=30)
        _step(goal, "done", service=ServiceFactory(slug=slug), target=day, done_on=day)
    text, route, shown = _vocational(signed_in, client_record)
    assert (shown["status"], shown["reasons"], shown["missing_facts"]) == ("done", [], [])
    assert "Kaikki askeleet tehty" in route
    assert "Tarvitaan tietoja" not in route
    assert "routes-choose-link" not in route
    done_section = text.split('id="done-heading"', 1)[1]
    assert "Jo kuljetut reitit" in done_section and 'id="route-vocational_rehabilitation"' in (
        done_section
    )
    choose = text.split('id="choose-heading"', 1)[1] if 'id="choose-heading"' in text else ""
    assert 'value="vocational_rehabilitation"' not in choose


def test_a_route_whose_closing_first_step_is_done_can_be_chosen(client_record, coordinator, engine):
    """Not on sick leave (now) closes the sickness allowance route; with the allowance done
    in the plan that question is answered, and the route is chosen as the page offers it."""
    from polku.plans.models import Step
    from polku.route_plans import services

    services.update_facts(
        client=client_record, by=coordinator, expected_version=0, values={"on_sick_leave": False}
    )
    goal = GoalFactory(plan=PlanFactory(client=client_record, created_by=coordinator))
    allowance = ServiceFactory(slug="kelan-sairauspaivaraha")
    _step(goal, "done", service=allowance, target=dt.date(2026, 6, 30), done_on=WALK)
    choice = services.choose_route(
        client=client_record,
        by=coordinator,
        route_id="sickness_to_studies",
        goal_text="Haluan opiskella uuteen ammattiin",
        starts_on=WALK,
        rules=engine,
    )
    assert Step.objects.filter(goal_id=choice.goal_id).count() == 2  # the steps to come
