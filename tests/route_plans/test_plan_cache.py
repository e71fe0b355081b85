"""The route plan is computed and drawn once for what it is computed from (kept in the shared
cache under the hash of its inputs, polku.core.memo): a second view computes nothing, and any
change of the client's facts, household, municipality, chosen routes, the day or the rules'
code and parameters shows the new figures. The real rules engine."""

import datetime as dt
from pathlib import Path

import pytest

from polku.core import memo
from polku.core.money import format_euros
from polku.route_plans import chart, planner, selectors, services
from polku.route_plans.models import RouteChoice
from tests.factories import make_client

pytestmark = pytest.mark.django_db

FACTS = {
    "housing_cost": "650",
    "annual_earned_income": "18000",
    "unemployment_benefit": True,
    "jobseeker_registered": True,
    "on_sick_leave": False,
    "in_studies": False,
    "partner_in_household": False,
    "children_birth_years": [],
    "tenure": "rent",
}


@pytest.fixture
def with_facts(coordinator):
    client = make_client(coordinator=coordinator, birth_date=dt.date(1985, 2, 1))
    services.update_facts(client=client, by=coordinator, expected_version=0, values=FACTS)
    return client


@pytest.fixture
def counted(monkeypatch):
    """How many times the page's plans were computed (with the real engine, as the page
    does; not _today_net's reference computation) and charts drawn."""
    calls = {"build": 0, "draw": 0}
    build, draw = planner.build, chart._draw

    def counting_build(**arguments):
        calls["build"] += arguments["engine"] is selectors.engine()
        return build(**arguments)

    def counting_draw(**arguments):
        calls["draw"] += 1
        return draw(**arguments)

    monkeypatch.setattr(planner, "build", counting_build)
    monkeypatch.setattr(chart, "_draw", counting_draw)
    return calls


class _Fresh:
    """The real engine under another name: selectors.route_plan computes without the cache."""

    def __getattr__(self, name):
        return getattr(selectors.engine(), name)


def _page(signed_in, client, language="fi") -> str:
    response = signed_in.get(f"/clients/{client.pk}/routes/", headers={"accept-language": language})
    assert response.status_code == 200
    return response.content.decode()


def _today_net(client) -> float:
    """Today's net income in the first month, computed afresh (an engine given: no cache)."""
    view = selectors.route_plan(client, rules=_Fresh())
    return view.plans[0].months[0].status_quo_net


def test_a_second_view_computes_and_draws_nothing(signed_in, with_facts, counted):
    first = _page(signed_in, with_facts)
    assert counted == {"build": 1, "draw": len(selectors.definitions.ROUTES)}
    again = _page(signed_in, with_facts)
    assert counted == {"build": 1, "draw": len(selectors.definitions.ROUTES)}
    routes = lambda html: html[html.index('<section aria-labelledby="open-heading">') :]  # noqa: E731
    assert routes(again).split("<form")[0] == routes(first).split("<form")[0]
    assert format_euros(_today_net(with_facts)) in again


def test_a_changed_fact_shows_the_new_figure(signed_in, with_facts, coordinator, counted):
    before = _today_net(with_facts)
    assert format_euros(before) in _page(signed_in, with_facts)
    services.update_facts(
        client=with_facts, by=coordinator, expected_version=1, values={"housing_cost": "1150"}
    )
    after = _today_net(with_facts)
    assert after != before  # more housing costs, more housing allowance
    text = _page(signed_in, with_facts)
    assert counted["build"] == 2
    assert format_euros(after) in text


def test_a_changed_household_is_computed_anew(signed_in, with_facts, coordinator, counted):
    assert "Palkka – puoliso" not in _page(signed_in, with_facts)
    services.update_facts(
        client=with_facts,
        by=coordinator,
        expected_version=1,
        values={
            "partner_in_household": True,
            "partner_gross_wage": "2400",
            "partner_unemployment_benefit": False,
            "children_birth_years": [2016],
        },
    )
    text = _page(signed_in, with_facts)
    assert counted["build"] == 2
    assert "Palkka – puoliso" in text and "Lapsilisä – lapsi (s. 2016)" in text
    assert format_euros(_today_net(with_facts)) in text


def test_the_expected_wage_of_the_alternatives_is_computed_anew(
    signed_in, with_facts, coordinator, counted
):
    _page(signed_in, with_facts)
    services.update_facts(
        client=with_facts, by=coordinator, expected_version=1, values={"expected_wage": "3100"}
    )
    text = _page(signed_in, with_facts)
    assert counted["build"] == 2
    view = selectors.route_plan(with_facts, rules=_Fresh())
    working = [
        p for p in view.plans if any(s.alternative.get("gross_wage") == 3100 for s in p.steps)
    ]
    assert working, "a route with work uses the expected wage"
    assert all(format_euros(m.net) in text for m in working[0].months)


def test_a_moved_client_a_chosen_route_and_another_day_are_computed_anew(
    signed_in, with_facts, coordinator, counted
):
    first = selectors.route_plan(with_facts)
    with_facts.municipality = "Seinäjoki"
    with_facts.save(update_fields=["municipality"])
    moved = selectors.route_plan(with_facts)
    assert moved.key != first.key and counted["build"] == 2
    RouteChoice.objects.create(
        client=with_facts,
        route=first.plans[0].route.id,
        chosen_by=coordinator,
        starts_on=dt.date.today(),
    )
    chosen = selectors.route_plan(with_facts)
    assert chosen.key != moved.key and counted["build"] == 3
    assert next(p for p in chosen.plans if p.route.id == first.plans[0].route.id).considered
    tomorrow = selectors.route_plan(with_facts, on=dt.date.today() + dt.timedelta(days=1))
    assert tomorrow.key != chosen.key and counted["build"] == 4
    assert selectors.route_plan(with_facts).key == chosen.key and counted["build"] == 4


def test_changed_rules_are_computed_anew(signed_in, with_facts, counted, monkeypatch):
    """The key holds the fingerprint of the rules' code and parameters (PLAN_SOURCES): a new
    parameter file or formula gives new keys."""
    first = selectors.route_plan(with_facts)
    fingerprint = memo.fingerprint

    def changed(patterns):
        found = fingerprint(patterns)
        return found + "-new-law" if tuple(patterns) == selectors.PLAN_SOURCES else found

    monkeypatch.setattr(memo, "fingerprint", changed)
    assert selectors.route_plan(with_facts).key != first.key and counted["build"] == 2
    _page(signed_in, with_facts)
    assert counted["build"] == 2  # the page reuses the plans of the new rules


def test_the_plan_sources_cover_every_file_of_the_rules():
    root = memo.ROOT
    covered = {p for pattern in selectors.PLAN_SOURCES for p in root.glob(pattern) if p.is_file()}
    rules = {
        p
        for p in (root / "rules").rglob("*")
        if p.is_file() and "tests" not in p.parts and "__pycache__" not in p.parts
    }
    assert rules and rules <= covered
    assert Path(root / "polku/route_plans/planner.py") in covered


def test_each_language_has_its_own_page(signed_in, with_facts, counted):
    finnish = _page(signed_in, with_facts, "fi")
    english = _page(signed_in, with_facts, "en")
    assert "Asiakkaalle avoimet reitit" in finnish and "Kaava:" in finnish
    assert "Formula:" in english and "Kaava:" not in english
    assert counted["build"] == 1  # the plans are the same; only the words differ
