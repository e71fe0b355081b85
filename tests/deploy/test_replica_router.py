"""Research reads go to the read replica, everything else to the primary (config/routers.py).

The test settings define a second alias, "replica", mirroring the test database (Django's
TEST MIRROR: a second connection to the same database), so which connection a query runs on
shows where the router sent it. Transactional tests: the replica's connection sees only
committed rows, as a real replica would."""

import datetime as dt

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from config.routers import ResearchReplicaRouter, research_database, research_reads
from polku.clients.models import Client
from polku.research import selectors
from polku.research.frames import Filters
from polku.research.models import OutcomeEvent
from tests.factories import make_client

BOTH = ["default", "replica"]


@pytest.fixture
def with_replica(settings):
    settings.POLKU_RESEARCH_DATABASE = "replica"


def test_the_router_sends_only_research_reads_to_the_replica(with_replica):
    router = ResearchReplicaRouter()
    assert router.db_for_read(Client) == "default"
    assert research_database() == "default"
    with research_reads():
        assert router.db_for_read(Client) == "replica"
        assert router.db_for_write(Client) == "default"
        with research_reads():  # nested blocks keep it
            assert research_database() == "replica"
        assert research_database() == "replica"
    assert router.db_for_read(Client) == "default"
    assert router.allow_migrate("replica", "clients") is False
    assert router.allow_migrate("default", "clients") is None


def test_without_a_replica_research_reads_the_primary():
    with research_reads():
        assert ResearchReplicaRouter().db_for_read(Client) == "default"


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_indicators_are_read_from_the_replica(with_replica, coordinator):
    client = make_client(coordinator=coordinator)
    today = dt.date.today()
    filters = Filters(start=today - dt.timedelta(days=30), end=today)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        found = selectors.results(filters, refresh=True)
    assert found, "no indicators computed"
    assert on_replica.captured_queries, "the indicators read nothing from the replica"
    written = ("INSERT", "UPDATE", "DELETE")  # reads only (PostgreSQL: DECLARE … CURSOR too)
    assert not any(q["sql"].lstrip().upper().startswith(written) for q in on_replica)
    assert on_primary.captured_queries == []
    # the replica's rows are the primary's (the mirror): the client is counted
    assert client.pk in selectors.indicators.frames.clients(filters)["client_id"].to_list()


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_writes_in_a_research_block_go_to_the_primary(with_replica, coordinator):
    client = make_client(coordinator=coordinator)
    with research_reads():
        with CaptureQueriesContext(connections["default"]) as on_primary:
            event = OutcomeEvent.objects.create(
                client_id=client.pk, kind="education", date=dt.date.today(), recorded_by=coordinator
            )
        assert any(q["sql"].startswith("INSERT") for q in on_primary)
        read = OutcomeEvent.objects.get(pk=event.pk)
        assert read._state.db == "replica"
        with CaptureQueriesContext(connections["default"]) as on_primary:
            read.save(update_fields=["date"])
        assert any(q["sql"].startswith("UPDATE") for q in on_primary)
    # outside the block an object read from the replica does not pull reads there
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert Client.objects.filter(pk=client.pk).exists()
    assert on_replica.captured_queries == []
