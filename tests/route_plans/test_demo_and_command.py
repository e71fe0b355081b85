"""The demo facts (deterministic, idempotent, a good share of clients), the command and the
task on the persistent task backend."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from polku.demo.builders import route_plans as demo
from polku.route_plans.models import ClientFacts, RunStatus, ScreeningFlag, ScreeningRun
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def test_demo_facts_are_deterministic_and_idempotent(coordinator):
    clients = [make_client(coordinator=coordinator, last_name=f"Demo{i}") for i in range(20)]
    demo.build(seed=3, now=None)
    first = list(ClientFacts.objects.order_by("client_id").values())
    assert 8 <= len(first) <= 20
    flags = set(ScreeningFlag.objects.values_list("client_id", "rule"))
    demo.build(seed=3, now=None)
    assert list(ClientFacts.objects.order_by("client_id").values()) == first
    assert set(ScreeningFlag.objects.values_list("client_id", "rule")) == flags
    assert "Route plan: facts for" in demo.summary()
    assert {row["client_id"] for row in first} <= {c.pk for c in clients}


def test_the_command_runs_the_screening_now(coordinator):
    make_client(coordinator=coordinator)
    out = StringIO()
    call_command("run_screening", "--now", stdout=out)
    result = json.loads(out.getvalue())
    run = ScreeningRun.objects.get(pk=result["run"])
    assert run.status == RunStatus.DONE and result["clients"] == 1


@pytest.mark.django_db(transaction=True)  # the worker closes connections, as in its own process
def test_the_task_runs_on_the_database_backend(coordinator, database_task_backend):
    from django_tasks_db.models import DBTaskResult

    make_client(coordinator=coordinator)
    out = StringIO()
    call_command("run_screening", stdout=out)
    assert "Enqueued" in out.getvalue()
    assert ScreeningRun.objects.get().status == RunStatus.QUEUED
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    assert ScreeningRun.objects.get().status == RunStatus.DONE


def test_the_demo_has_families(coordinator):
    """Issue #17: the demo shows a couple and a single parent with two children, each with
    the least data (birth years, not names), the counts following the household."""
    from polku.route_plans.facts import household_counts

    for i in range(12):
        make_client(coordinator=coordinator, last_name=f"Perhe{i}")
    demo.build(seed=5, now=None)
    rows = list(ClientFacts.objects.all())
    assert any(r.partner_in_household and r.partner_gross_wage for r in rows)
    assert any(r.partner_in_household is False and len(r.children_birth_years) == 2 for r in rows)
    for row in rows:
        assert row.children_birth_years == sorted(row.children_birth_years)
        assert (row.adults_in_household, row.children_in_household) == household_counts(
            row.partner_in_household, row.children_birth_years, demo.AGES_ON
        )
        if not row.partner_in_household:
            assert row.partner_gross_wage is None
