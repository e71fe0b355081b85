"""The knot analysis: examples, and properties on random graphs (Hypothesis)."""

import datetime as dt
import json
import random

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from polku.knots.analysis import CLOSED, Application, Blocker, analyse

TODAY = dt.date(2026, 11, 23)


def app(id, status="pending", submitted=None, expected=None):
    return Application(id=id, status=status, submitted=submitted, expected_days=expected)


def test_the_seeds_story():
    """Several pending Kela benefits: housing allowance waits for the sickness allowance
    decision, the sickness allowance for further information from a client without online
    credentials; rehabilitation allowance and the unemployment benefit wait for each other."""
    applications = [
        app("sickness", "further_information_requested", TODAY - dt.timedelta(40), 30),
        app("housing", "pending", TODAY - dt.timedelta(20), 30),
        app("rehab", "pending", TODAY - dt.timedelta(10), 30),
        app("unemployment", "pending", TODAY - dt.timedelta(10), 30),
    ]
    blockers = [
        Blocker("b1", "sickness", "further_information", due=TODAY + dt.timedelta(7)),
        Blocker("b2", "sickness", "client_action"),
        Blocker("b3", "housing", "decision", waits_for="sickness"),
        Blocker("b4", "rehab", "decision", waits_for="unemployment"),
        Blocker("b5", "unemployment", "decision", waits_for="rehab"),
    ]
    result = analyse(applications, blockers, TODAY)
    assert result.deadlocks == [["rehab", "unemployment"]]
    assert [o["blocker"] for o in result.order] == ["b1", "b2", "b3", "b4", "b5"]
    assert result.order[0]["actionable_now"] and result.order[0]["unlocks"] == 1
    assert [o["deadlocked"] for o in result.order] == [False, False, False, True, True]
    assert result.critical_path == ["sickness", "housing"]
    assert result.critical_path_days == 0 + 10
    assert result.overdue == [
        {"application": "sickness", "waited_days": 40, "expected_days": 30, "basis": "target"}
    ]


def test_decided_applications_and_resolved_blockers_drop_out():
    """A wait for a decision that has been made (or for a withdrawn application) no longer
    binds; nor does anything on a decided application, nor a resolved blocker."""
    applications = [app("a"), app("b", "decided_granted"), app("c", "withdrawn"), app("d")]
    blockers = [
        Blocker("x", "a", "decision", waits_for="b"),
        Blocker("w", "a", "decision", waits_for="c"),
        Blocker("y", "a", "statement", resolved=True),
        Blocker("z", "b", "further_information"),
        Blocker("v", "a", "decision", waits_for="d"),
    ]
    result = analyse(applications, blockers, TODAY)
    assert result.order == [
        {
            "blocker": "v",
            "application": "a",
            "kind": "decision",
            "actionable_now": False,
            "deadlocked": False,
            "unlocks": 0,
        }
    ]
    assert result.deadlocks == []


def test_unknown_target_is_flagged_against_the_stated_fallback():
    """No published target: the wait is measured against the fallback and says so; with
    neither, nothing is flagged (the page says the time is unknown)."""
    applications = [
        Application("sickness", "pending", TODAY - dt.timedelta(45), None, fallback_days=35),
        Application("short", "pending", TODAY - dt.timedelta(20), None, fallback_days=35),
        Application("housing", "pending", TODAY - dt.timedelta(45), 21, fallback_days=35),
        Application("unknown", "pending", TODAY - dt.timedelta(400)),
    ]
    result = analyse(applications, [], TODAY)
    assert result.overdue == [
        {"application": "housing", "waited_days": 45, "expected_days": 21, "basis": "target"},
        {"application": "sickness", "waited_days": 45, "expected_days": 35, "basis": "fallback"},
    ]
    assert result.critical_path_days == 0  # a fallback is a yardstick, not an expected time


def test_a_self_wait_is_a_deadlock():
    result = analyse([app("a")], [Blocker("x", "a", "decision", waits_for="a")], TODAY)
    assert result.deadlocks == [["a"]]


@st.composite
def knots(draw):
    n = draw(st.integers(1, 9))
    ids = [f"a{i}" for i in range(n)]
    statuses = st.sampled_from(["pending", "submitted", "further_information_requested", *CLOSED])
    applications = [
        app(
            i,
            draw(statuses),
            TODAY - dt.timedelta(draw(st.integers(0, 90))),
            draw(st.integers(0, 60)),
        )
        for i in ids
    ]
    blockers = []
    for k in range(draw(st.integers(0, 16))):
        kind = draw(
            st.sampled_from(
                [
                    "decision",
                    "decision",
                    "further_information",
                    "client_action",
                    "statement",
                    "meeting",
                ]
            )
        )
        blockers.append(
            Blocker(
                f"b{k}",
                draw(st.sampled_from(ids)),
                kind,
                waits_for=draw(st.sampled_from(ids)) if kind == "decision" else None,
                resolved=draw(st.booleans()) and draw(st.booleans()),
            )
        )
    return applications, blockers


def _reaches(edges, start, goal):
    seen, todo = set(), [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _edges(applications, blockers):
    open_ids = {a.id for a in applications if a.status not in CLOSED}
    edges = {}
    for b in blockers:
        if (
            b.kind == "decision"
            and not b.resolved
            and b.application in open_ids
            and b.waits_for in open_ids
        ):
            edges.setdefault(b.application, set()).add(b.waits_for)
    return edges


@settings(max_examples=300, deadline=None)
@given(knots())
def test_every_deadlock_is_reported_once_and_only_deadlocks(knot):
    applications, blockers = knot
    result = analyse(applications, blockers, TODAY)
    edges = _edges(applications, blockers)
    on_cycle = {a for a in edges if _reaches(edges, a, a)}
    reported = [a for group in result.deadlocks for a in group]
    assert sorted(reported) == sorted(on_cycle)  # every one, each once


@settings(max_examples=300, deadline=None)
@given(knots())
def test_the_order_never_acts_on_a_blocked_item_first(knot):
    applications, blockers = knot
    result = analyse(applications, blockers, TODAY)
    position = {o["blocker"]: i for i, o in enumerate(result.order)}
    by_app = {}
    for o in result.order:
        by_app.setdefault(o["application"], []).append(o["blocker"])
    first_deadlocked = next(
        (i for i, o in enumerate(result.order) if o["deadlocked"]), len(result.order)
    )
    assert all(o["deadlocked"] for o in result.order[first_deadlocked:])  # deadlocked last
    for blocker in blockers:
        if blocker.id not in position or blocker.kind != "decision":
            continue
        if result.order[position[blocker.id]]["deadlocked"]:
            continue
        for other in by_app.get(blocker.waits_for, []):
            if other != blocker.id and not result.order[position[other]]["deadlocked"]:
                assert position[other] < position[blocker.id], (other, blocker.id)
        if blocker.waits_for in by_app and blocker.waits_for != blocker.application:
            assert not result.order[position[blocker.id]]["actionable_now"]


@settings(max_examples=300, deadline=None)
@given(knots())
def test_only_binding_blockers_are_ordered(knot):
    """Nothing in the order is resolved, on a decided application, or waits for a decision
    already made; every blocker that still binds is in it."""
    applications, blockers = knot
    result = analyse(applications, blockers, TODAY)
    closed = {a.id for a in applications if a.status in CLOSED}
    binding = {
        b.id
        for b in blockers
        if not b.resolved
        and b.application not in closed
        and not (b.kind == "decision" and b.waits_for in closed)
    }
    assert {o["blocker"] for o in result.order} == binding


@settings(max_examples=200, deadline=None)
@given(knots(), st.randoms(use_true_random=False))
def test_the_result_is_deterministic(knot, rnd: random.Random):
    applications, blockers = knot
    first = analyse(applications, blockers, TODAY).as_dict()
    shuffled_apps, shuffled_blockers = list(applications), list(blockers)
    rnd.shuffle(shuffled_apps)
    rnd.shuffle(shuffled_blockers)
    assert analyse(shuffled_apps, shuffled_blockers, TODAY).as_dict() == first


def test_the_command_prints_the_analysis(tmp_path, capsys):
    path = tmp_path / "knot.json"
    path.write_text(
        json.dumps(
            {
                "applications": [
                    {
                        "id": "a",
                        "status": "pending",
                        "submitted": "2026-10-01",
                        "expected_days": 30,
                    },
                    {"id": "b", "status": "pending"},
                    {"id": "c", "status": "pending"},
                ],
                "blockers": [
                    {"id": "1", "application": "a", "kind": "decision", "waits_for": "b"},
                    {"id": "2", "application": "b", "kind": "decision", "waits_for": "a"},
                    {"id": "3", "application": "c", "kind": "client_action", "owner": "client"},
                ],
            }
        )
    )
    call_command("analyse_knot", str(path), "--today", "2026-11-23")
    out = json.loads(capsys.readouterr().out)
    assert out["deadlocks"] == [["a", "b"]]
    assert [o["blocker"] for o in out["order"]] == ["3", "1", "2"]
    assert out["order"][-1]["deadlocked"] is True
    assert out["critical_path"] == ["c"]
    assert out["overdue"][0]["application"] == "a"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"applications": [{"id": "a", "status": "lost"}]}, "unknown status"),
        (
            {
                "applications": [{"id": "a", "status": "pending"}],
                "blockers": [{"id": "1", "application": "zz", "kind": "meeting"}],
            },
            "unknown application",
        ),
        (
            {
                "applications": [{"id": "a", "status": "pending"}],
                "blockers": [{"id": "1", "application": "a", "kind": "decision"}],
            },
            "waits_for",
        ),
        (
            {"applications": [{"id": "a", "status": "pending", "submitted": "1.10.2026"}]},
            "YYYY-MM-DD",
        ),
        ({"applications": "nope"}, "must be lists"),
    ],
)
def test_bad_input_is_refused_with_a_message(tmp_path, document, message):
    path = tmp_path / "knot.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match=message):
        call_command("analyse_knot", str(path))
    path.write_text("{oops")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("analyse_knot", str(path))
