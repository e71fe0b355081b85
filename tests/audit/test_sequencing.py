"""Issue 20: audit events are appended unchained (no lock on the chain's head) and one
sequencer links them into the keyed chain in batches. The chain it builds is the one the
serialised append built; tampering is caught before and after sequencing; readers see an
event the moment it is appended; two sequencers at once do not corrupt the chain; on
PostgreSQL the table is partitioned by month and its partitions are guarded too."""

import datetime as dt
import itertools
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.utils import timezone

from polku.audit import chain
from polku.audit import services as audit
from polku.audit.keys import current_key
from polku.audit.models import Action, AuditEvent
from polku.audit.sequencer import head, sequence, sequencing_exception
from polku.audit.verification import verify_stored_chain
from tests.audit.test_tamper_evidence import _as_owner

pytestmark = pytest.mark.django_db
REFUSED = (IntegrityError, DatabaseError)


@pytest.fixture(autouse=True)
def anchor_dir(settings, tmp_path):
    settings.POLKU_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    return settings.POLKU_AUDIT_ANCHOR_DIR


def _append(actor, client, count, prefix="p"):
    for n in range(count):
        audit.record(actor=actor, action=Action.VIEW, client=client, purpose=f"{prefix}{n}")


def _stored():
    return list(AuditEvent.objects.order_by("id"))


def _expected_chain(events, start=chain.GENESIS_HASH):
    """The chain the serialised append built: each MAC over the previous event's."""
    key = current_key()
    prev, hashes = start, []
    for event in events:
        fields = {name: getattr(event, name) for name in chain.HASHED_FIELDS}
        prev = chain.keyed_hash(key, key.id, prev, fields)
        hashes.append(prev)
    return hashes


def test_an_appended_event_is_unsequenced_and_sealed_by_its_own_mac(coordinator, client_record):
    event = audit.record(actor=coordinator, action=Action.VIEW, client=client_record)
    stored = AuditEvent.objects.get(pk=event.pk)
    key = current_key()
    fields = {name: getattr(stored, name) for name in chain.HASHED_FIELDS}
    assert stored.prev_hash == chain.UNSEQUENCED
    assert stored.hash == chain.keyed_hash(key, key.id, chain.UNSEQUENCED, fields)


def test_the_sequencer_links_in_id_order_in_batches(coordinator, client_record):
    _append(coordinator, client_record, 7)
    total = AuditEvent.objects.count()
    done = sequence(batch=3)
    assert done.linked == total and done.waiting == 0
    assert done.batches == -(-total // 3)  # batches of 3 and the rest
    events = _stored()
    assert [e.hash for e in events] == _expected_chain(events)
    for previous, current in itertools.pairwise(events):
        assert current.prev_hash == previous.hash
    assert head() == (events[-1].pk, events[-1].hash)
    assert sequence().linked == 0  # idempotent


def test_a_partial_run_leaves_a_verified_tail(coordinator, client_record, capsys):
    _append(coordinator, client_record, 6)
    total = AuditEvent.objects.count()
    done = sequence(batch=2, max_batches=1)
    assert (done.linked, done.waiting) == (2, total - 2)
    verdict = verify_stored_chain()
    assert verdict.intact
    assert (verdict.checked, verdict.unsequenced) == (2, total - 2)
    call_command("verify_audit_chain")
    assert f"{total - 2} newer events are not sequenced yet" in capsys.readouterr().out
    sequence(batch=2)
    verdict = verify_stored_chain()
    assert (verdict.checked, verdict.unsequenced) == (total, 0)


def test_batches_continue_the_chain_across_runs(coordinator, client_record):
    _append(coordinator, client_record, 3, "a")
    sequence()
    _append(coordinator, client_record, 3, "b")
    sequence(batch=1)
    events = _stored()
    assert [e.hash for e in events] == _expected_chain(events)


def test_readers_see_an_event_before_it_is_sequenced(coordinator, client_record):
    from polku.portal.disclosure import events_for

    event = audit.record(actor=coordinator, action=Action.VIEW, client=client_record, purpose="x")
    assert AuditEvent.objects.get(pk=event.pk).prev_hash == chain.UNSEQUENCED
    assert event.pk in set(events_for(client_record).values_list("pk", flat=True))
    assert client_record.audit_events.filter(purpose="x").exists()


def test_the_portal_log_shows_an_unsequenced_visit(coordinator, client_record):
    from polku.portal.disclosure import log

    audit.record(actor=coordinator, action=Action.VIEW, client=client_record, purpose="x")
    days, _page = log(client_record)
    assert days and days[0].date == timezone.localdate()


# --- tampering ---------------------------------------------------------------------------


@pytest.fixture
def settled(coordinator, client_record):
    _append(coordinator, client_record, 5)
    sequence(batch=2)
    return _stored()


def _broken(event_id, reason):
    with pytest.raises(CommandError, match=f"broken at event {event_id}: {reason}"):
        call_command("verify_audit_chain")


def test_a_rewritten_sequenced_event_is_reported(settled):
    target = settled[-3]
    _as_owner([("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [target.pk])])
    _broken(target.pk, "content does not match")


def test_a_deleted_sequenced_event_is_reported(settled):
    target = settled[-3]
    _as_owner([("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])])
    _broken(settled[-2].pk, "prev_hash does not match")


def test_reordered_sequenced_events_are_reported(settled):
    first, second = settled[-3], settled[-2]
    _as_owner(
        [
            ("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", [second.purpose, first.pk]),
            ("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", [first.purpose, second.pk]),
        ]
    )
    _broken(first.pk, "content does not match")


def test_an_event_inserted_into_the_chain_is_reported(settled, coordinator):
    """A forged event appended as a chained one (the owner cannot compute the MAC)."""
    last = settled[-1]
    _as_owner(
        [
            (
                "INSERT INTO audit_auditevent (occurred_at, actor_id, actor_profession, action, "
                "target, purpose, method, path, details, prev_hash, key_id, hash) "
                "VALUES (%s, %s, '', 'view', '', 'forged', '', '', '{}', %s, %s, %s)",
                [timezone.now(), coordinator.pk, last.hash, last.key_id, "f" * 64],
            )
        ]
    )
    forged = AuditEvent.objects.get(purpose="forged")
    _broken(forged.pk, "content does not match")


def test_a_chained_event_after_the_unsequenced_tail_is_reported(settled, coordinator):
    audit.record(actor=coordinator, action=Action.VIEW, purpose="tail")
    tail = AuditEvent.objects.get(purpose="tail")
    last = settled[-1]
    # The owner moves the last chained event behind the tail (a new id, same chain values).
    _as_owner(
        [
            (
                "INSERT INTO audit_auditevent (occurred_at, actor_id, actor_organisation_id, "
                "actor_profession, client_id, action, target, purpose, method, path, ip_address, "
                "details, prev_hash, key_id, hash) SELECT occurred_at, actor_id, "
                "actor_organisation_id, actor_profession, client_id, action, target, purpose, "
                "method, path, ip_address, details, prev_hash, key_id, hash "
                "FROM audit_auditevent WHERE id = %s",
                [last.pk],
            ),
        ]
    )
    moved = AuditEvent.objects.order_by("id").last()
    assert moved.pk > tail.pk
    _broken(moved.pk, "a chained event follows an unsequenced one")


def test_a_rewritten_unsequenced_event_is_never_linked(settled, coordinator, client_record):
    _append(coordinator, client_record, 3, "tail")
    tail = list(AuditEvent.objects.filter(purpose__startswith="tail").order_by("id"))
    _as_owner([("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [tail[1].pk])])
    # Before sequencing: the event's own MAC gives it away.
    _broken(tail[1].pk, "content does not match")
    done = sequence()
    assert done.stopped is not None and done.stopped.event_id == tail[1].pk
    assert done.linked == 1  # the event before it
    assert AuditEvent.objects.get(pk=tail[1].pk).prev_hash == chain.UNSEQUENCED
    with pytest.raises(CommandError, match=f"stopped at event {tail[1].pk}"):
        call_command("sequence_audit")
    # ... and after: still reported, never blessed with a chain MAC.
    _broken(tail[1].pk, "content does not match")


def test_an_unsequenced_event_rewritten_with_its_mac_recomputed_without_the_key_is_caught(
    settled, coordinator
):
    audit.record(actor=coordinator, action=Action.VIEW, purpose="tail")
    tail = AuditEvent.objects.get(purpose="tail")
    fields = {name: getattr(tail, name) for name in chain.HASHED_FIELDS} | {"purpose": "x"}
    guessed = chain.derive_key("a guessed key")
    forged = chain.keyed_hash(guessed, tail.key_id, chain.UNSEQUENCED, fields)
    _as_owner(
        [("UPDATE audit_auditevent SET purpose = 'x', hash = %s WHERE id = %s", [forged, tail.pk])]
    )
    assert sequence().stopped.event_id == tail.pk
    _broken(tail.pk, "content does not match")


# --- the guard's narrow exception ----------------------------------------------------------


def test_the_sequencing_exception_never_lets_content_change(coordinator, client_record):
    event = audit.record(actor=coordinator, action=Action.VIEW, client=client_record)
    if connection.vendor == "sqlite":
        with pytest.raises(REFUSED), transaction.atomic(), sequencing_exception():
            AuditEvent.objects.filter(pk=event.pk).update(purpose="changed", prev_hash="a" * 64)
    else:
        with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('polku.audit_sequencing', 'on', true)")
            cursor.execute(
                "UPDATE audit_auditevent SET purpose = 'changed', prev_hash = %s WHERE id = %s",
                ["a" * 64, event.pk],
            )
    assert AuditEvent.objects.get(pk=event.pk).purpose == ""


def test_a_sequenced_event_cannot_be_sequenced_again(coordinator, client_record):
    appended = audit.record(actor=coordinator, action=Action.VIEW, client=client_record)
    sequence()
    event = AuditEvent.objects.get(pk=appended.pk)
    if connection.vendor == "sqlite":
        with pytest.raises(REFUSED), transaction.atomic(), sequencing_exception():
            AuditEvent.objects.filter(pk=event.pk).update(prev_hash="a" * 64)
    else:
        with (
            pytest.raises(REFUSED, match="sequenced meanwhile"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "SELECT polku_audit_seal(%s::bigint[], %s::timestamptz[], %s::text[], "
                "%s::text[], %s)",
                [[event.pk], [event.occurred_at], ["a" * 64], ["b" * 64], event.key_id],
            )
    assert AuditEvent.objects.get(pk=event.pk).hash == event.hash


def test_two_sequencers_one_after_the_other_share_the_work(coordinator, client_record):
    _append(coordinator, client_record, 6)
    first = sequence(batch=2, max_batches=1)
    second = sequence(batch=2)
    assert first.linked + second.linked == AuditEvent.objects.count()
    events = _stored()
    assert [e.hash for e in events] == _expected_chain(events)


# --- concurrency (PostgreSQL: each thread its own connection) -----------------------------


def _in_thread(work, errors):
    def run():
        try:
            work()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_and_two_sequencers_build_one_intact_chain(coordinator, client_record):
    writers, each = 6, 15
    errors: list[BaseException] = []
    stop = threading.Event()

    def write(n):
        return lambda: _append(coordinator, client_record, each, f"w{n}-")

    def sequencer():
        while not stop.is_set():
            sequence(batch=7)

    appenders = [_in_thread(write(n), errors) for n in range(writers)]
    sequencers = [_in_thread(sequencer, errors) for _ in range(2)]
    for thread in [*sequencers, *appenders]:
        thread.start()
    for thread in appenders:
        thread.join()
    stop.set()
    for thread in sequencers:
        thread.join()
    assert not errors
    sequence()
    events = _stored()
    assert sum(e.purpose.startswith("w") for e in events) == writers * each
    assert all(e.prev_hash != chain.UNSEQUENCED for e in events)
    assert [e.hash for e in events] == _expected_chain(events)
    verdict = verify_stored_chain()
    assert verdict.intact and verdict.checked == len(events) and verdict.unsequenced == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_horizon_waits_for_an_open_append(coordinator, client_record):
    """An event whose transaction commits after a later id's is not skipped: the sequencer
    links nothing past an id that an open transaction may still fill."""
    inserted, release, errors = threading.Event(), threading.Event(), []

    def slow_append():
        with transaction.atomic():
            audit.record(actor=coordinator, action=Action.VIEW, purpose="slow")
            inserted.set()
            release.wait(10)

    slow = _in_thread(slow_append, errors)
    slow.start()
    assert inserted.wait(10)
    audit.record(actor=coordinator, action=Action.VIEW, purpose="fast")  # a later id, committed
    result: list = []
    sequencer = _in_thread(lambda: result.append(sequence()), errors)
    sequencer.start()
    sequencer.join(0.5)
    assert sequencer.is_alive()  # waiting for the open append's transaction
    release.set()
    slow.join()
    sequencer.join()
    assert not errors
    events = _stored()
    assert [e.purpose for e in events][-2:] == ["slow", "fast"]
    assert [e.hash for e in events] == _expected_chain(events)


# --- partitions (PostgreSQL) --------------------------------------------------------------


def _partition_of(event_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [event_id]
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_events_land_in_their_months_partition(coordinator):
    now = audit.record(actor=coordinator, action=Action.VIEW)
    moment = now.occurred_at.astimezone(dt.UTC)
    assert _partition_of(now.pk) == f"audit_auditevent_{moment:%Y_%m}"
    old = audit._append(
        [
            audit._build(
                actor=None,
                action=Action.VIEW,
                client_id=None,
                target="",
                purpose="",
                request=None,
                details=None,
                occurred_at=timezone.make_aware(dt.datetime(2012, 3, 1)),
            )
        ]
    )[0]
    assert _partition_of(old.pk) == "audit_auditevent_default"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'audit_auditevent'::regclass AND contype = 'p'"
        )
        assert cursor.fetchone()[0] == "PRIMARY KEY (id, occurred_at)"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE {part} SET purpose = 'changed'",
        "DELETE FROM {part}",
        "TRUNCATE {part}",
        "UPDATE audit_auditevent_default SET purpose = 'changed'",
        "TRUNCATE audit_auditevent_default",
    ],
)
def test_the_partitions_refuse_update_delete_and_truncate(coordinator, sql, as_owner):
    """Even the owner, who has every privilege on them: the guard's triggers refuse."""
    event = audit.record(actor=coordinator, action=Action.VIEW, purpose="kept")
    audit._append(
        [
            audit._build(
                actor=None,
                action=Action.VIEW,
                client_id=None,
                target="",
                purpose="kept",
                request=None,
                details=None,
                occurred_at=timezone.make_aware(dt.datetime(2012, 3, 1)),
            )
        ]
    )
    part = _partition_of(event.pk)
    with (
        pytest.raises(REFUSED, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks
        cursor.execute(sql.format(part=part))
    assert AuditEvent.objects.filter(purpose="kept").count() == 2


@pytest.mark.postgres
def test_next_months_partitions_are_made_ahead():
    from polku.audit.sequencer import add_partitions

    with connection.cursor() as cursor:
        cursor.execute("SELECT polku_audit_partitions(CURRENT_DATE + 500, 2)")
        assert cursor.fetchone()[0] == 2
        cursor.execute(
            "SELECT count(*) FROM pg_trigger t JOIN pg_inherits i ON i.inhrelid = t.tgrelid "
            "WHERE i.inhparent = 'audit_auditevent'::regclass "
            "AND t.tgname = 'audit_event_append_only_truncate'"
        )
        guarded = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_auditevent'::regclass"
        )
        assert guarded == cursor.fetchone()[0]
    assert add_partitions(3) == 0  # this month and the next two exist since the migration


# --- verification over several processes (PostgreSQL) ------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # the forked processes see committed rows only
def test_the_parallel_walk_reports_what_the_serial_walk_reports(
    coordinator, client_record, monkeypatch
):
    from polku.audit import verification
    from polku.audit.anchors import write_checkpoint

    _append(coordinator, client_record, 40)
    sequence(batch=9)
    write_checkpoint()
    _append(coordinator, client_record, 3, "tail")  # unsequenced, after the head
    monkeypatch.setattr(verification, "PARALLEL_MIN", 5)
    monkeypatch.setattr(verification, "PROCESSES", 3)
    calls = []
    real = verification._walk_in_parallel
    monkeypatch.setattr(verification, "_walk_in_parallel", lambda *a: calls.append(a) or real(*a))

    def serial():
        with transaction.atomic():  # inside a transaction the walk stays in this process
            return verify_stored_chain()

    parallel = verify_stored_chain()
    assert len(calls) == 1 and len(calls[0][0]) == 3
    assert parallel.intact and parallel.checkpoint_problem is None
    assert (parallel.checked, parallel.unsequenced) == (serial().checked, 3)
    assert len(calls) == 1

    events = _stored()
    target = events[len(events) * 2 // 3]  # in the last range
    _as_owner([("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [target.pk])])
    broken = verify_stored_chain()
    assert broken.broken == serial().broken
    assert broken.broken.event_id == target.pk
    _as_owner([("DELETE FROM audit_auditevent WHERE id = %s", [events[5].pk])])
    assert verify_stored_chain().broken == serial().broken
    assert serial().broken.event_id == events[6].pk
