"""The audit table's monthly partitions ahead (PostgreSQL): after migrating, this month and the
next MONTHS_AHEAD - 1, as the `sequence_audit` task keeps them, and never an empty month
further ahead; a partition with rows is never dropped (migration audit.0006)."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.utils import timezone

from polku.audit import sequencer
from polku.audit import services as audit
from polku.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

migration = importlib.import_module("polku.audit.migrations.0006_fewer_partitions_ahead")


def _partitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'audit_auditevent'::regclass ORDER BY c.relname"
        )
        return [row[0] for row in cursor.fetchall()]


def _this_month() -> dt.date:
    return timezone.now().astimezone(dt.UTC).date().replace(day=1)


def _month(offset: int) -> dt.date:
    return migration._months_after(_this_month(), offset)


def _name(month: dt.date) -> str:
    return f"audit_auditevent_{month:%Y_%m}"


def _event_at(month: dt.date) -> AuditEvent:
    at = dt.datetime(month.year, month.month, 1, tzinfo=dt.UTC)
    return audit._append(
        [
            audit._build(
                actor=None,
                action=Action.VIEW,
                client_id=None,
                target="",
                purpose="ahead",
                request=None,
                details=None,
                occurred_at=at,
            )
        ]
    )[0]


def _partition_of(event_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [event_id]
        )
        return cursor.fetchone()[0]


def test_the_migration_keeps_as_many_months_as_the_runtime():
    assert migration.MONTHS_AHEAD == sequencer.MONTHS_AHEAD == 3


def test_on_sqlite_nothing_is_dropped():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite has no partitions")
    assert migration.drop_empty_far_partitions(connection) == []
    assert sequencer.add_partitions() == 0


@pytest.mark.postgres
def test_after_migrating_this_month_and_the_next_two_and_the_default(as_owner):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date "
            "FROM audit_auditevent WHERE tableoid <> 'audit_auditevent_default'::regclass"
        )
        with_rows = {_name(row[0]) for row in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM audit_auditevent_default")
        assert cursor.fetchone()[0] == 0  # nothing collects there in normal operation
    ahead = {_name(_month(i)) for i in range(sequencer.MONTHS_AHEAD)}
    assert set(_partitions()) == {"audit_auditevent_default"} | ahead | with_rows
    assert sequencer.add_partitions() == 0  # the task finds them ready


@pytest.mark.postgres
def test_an_event_in_the_last_month_kept_ready_finds_its_partition():
    last = _month(sequencer.MONTHS_AHEAD - 1)
    assert _partition_of(_event_at(last).pk) == _name(last)


@pytest.mark.postgres
def test_empty_partitions_further_ahead_are_dropped_and_one_with_rows_is_kept(as_owner):
    """The migration's act, as the owner who migrates."""
    with connection.cursor() as cursor:  # as audit.0005 made them, and two years ahead
        cursor.execute("SELECT polku_audit_partitions(CURRENT_DATE, 13)")
        cursor.execute("SELECT polku_audit_partitions(%s, 2)", [_month(24)])
    far = _month(24)
    kept = _event_at(far)
    beyond = _event_at(_month(sequencer.MONTHS_AHEAD))  # the first month not kept ready
    before = set(_partitions())

    dropped = migration.drop_empty_far_partitions(connection)

    assert _name(far) not in dropped and _name(_month(3)) not in dropped
    assert set(dropped) == {_name(_month(i)) for i in range(4, 13)} | {_name(_month(25))}
    assert set(_partitions()) == before - set(dropped)
    for i in range(sequencer.MONTHS_AHEAD):
        assert _name(_month(i)) in _partitions()
    assert _partition_of(kept.pk) == _name(far)
    assert _partition_of(beyond.pk) == _name(_month(3))
    assert AuditEvent.objects.filter(purpose="ahead").count() == 2
    assert migration.drop_empty_far_partitions(connection) == []  # idempotent
