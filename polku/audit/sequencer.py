"""The sequencer: links unsequenced audit events into the keyed hash chain, in id order, in
batches (issue 20).

Requests append events without any lock (polku.audit.services): each is inserted with an
empty `prev_hash` and its own MAC under the audit key. One sequencer at a time then, per
batch and in one transaction:

1. finds the horizon: the highest id below which no event can still appear. On PostgreSQL
   ids are taken from a sequence when a row is inserted, so a transaction can commit event 7
   after another committed event 8; `polku_audit_horizon()` briefly takes a SHARE lock on
   the table, which waits for the transactions that are inserting events (at most
   `lock_timeout`, 2 s, then this run gives up and the next one tries again), and returns
   the highest id then committed. On SQLite writers are serial and ids follow commits.
2. reads the chain's head (the last linked event, or the latest retention cut, or the
   genesis hash) and the next unsequenced events up to the horizon, in id order;
3. checks each event's own MAC — a rewritten event is never linked: the run stops there and
   reports it, and verify_audit_chain names it too;
4. computes each event's chain MAC over the previous one's (polku.audit.chain.keyed_hash,
   exactly as the serialised append did before) and stores `prev_hash`, `hash` and `key_id`
   through the one narrow exception of the guard triggers: PostgreSQL's SECURITY DEFINER
   function `polku_audit_seal`, which fills in only events still unsequenced and fails if any
   was already linked (another sequencer); SQLite's connection-scoped switch.

Two sequencers never link the same events: PostgreSQL serialises batches with a
transaction-level advisory lock (and the seal function checks every row); SQLite's write
transactions are serial. The chain is therefore identical to the one the serialised append
built — verification, checkpoints and retention cuts read it as before."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import OperationalError, connection, transaction

from .chain import HASHED_FIELDS, UNSEQUENCED, keyed_hash
from .cuts import latest_start
from .keys import current_key, keys_by_id
from .models import AuditEvent

BATCH = 5000
# Any 64-bit constant: the PostgreSQL advisory lock that keeps two sequencers' batches apart.
_SEQUENCER_LOCK_KEY = 0x706F6C6B75_5351
SEAL_FUNCTION = "polku_audit_seal"
HORIZON_FUNCTION = "polku_audit_horizon"
PARTITION_FUNCTION = "polku_audit_partitions"
# The monthly partitions kept ready on PostgreSQL: this month and the next two. Months further
# ahead would only be empty partitions that every query on the audit table plans over (each
# query planned over 26 partitions on a young database that had 12 ahead, docs/audit.md).
# Migration audit.0006 hard-codes the same 3 (a migration must not import code that can
# change later): change both together.
MONTHS_AHEAD = 3


class SequencingStopped(Exception):
    """An unsequenced event's own MAC does not verify: it is not linked into the chain."""

    def __init__(self, event_id: int, reason: str):
        super().__init__(f"event {event_id}: {reason}")
        self.event_id = event_id
        self.reason = reason


@dataclass(frozen=True)
class Sequenced:
    linked: int  # events linked by this run
    batches: int
    head_id: int | None  # the chain's head afterwards
    waiting: int  # unsequenced events left (above the horizon, or after a stop)
    stopped: SequencingStopped | None = None
    busy: bool = False  # the horizon could not be taken within lock_timeout


def horizon() -> int:
    """The highest id below which no further event can appear (module doc, step 1)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {HORIZON_FUNCTION}()")
        else:
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM audit_auditevent")
        return int(cursor.fetchone()[0])


def head() -> tuple[int, str]:
    """The id and hash of the chain's last linked event; (the cut's last id and hash, or 0
    and the genesis hash) when none is stored."""
    row = (
        AuditEvent.objects.exclude(prev_hash=UNSEQUENCED)
        .order_by("-id")
        .values_list("id", "hash")
        .first()
    )
    if row is not None:
        return row
    start = latest_start()
    return start.last_event_id, start.last_hash


@contextmanager
def sequencing_exception() -> Iterator[None]:
    """SQLite: switch the guard's sequencing exception on for this connection, and off again
    whatever happens (PostgreSQL: SET LOCAL inside polku_audit_seal)."""
    connection.ensure_connection()
    state = connection.polku_audit_sequencing  # type: ignore[attr-defined]
    state["on"] = True
    try:
        yield
    finally:
        state["on"] = False


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEQUENCER_LOCK_KEY])


def _seal(rows: list[tuple[int, object, str, str]], key_id: str) -> None:
    """rows: (id, occurred_at, prev_hash, hash)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {SEAL_FUNCTION}(%s::bigint[], %s::timestamptz[], %s::text[], "
                "%s::text[], %s)",
                [
                    [row[0] for row in rows],
                    [row[1] for row in rows],
                    [row[2] for row in rows],
                    [row[3] for row in rows],
                    key_id,
                ],
            )
        return
    with sequencing_exception(), connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s, key_id = %s "
            "WHERE id = %s AND prev_hash = ''",
            [(row[2], row[3], key_id, row[0]) for row in rows],
        )


def _batch(limit: int, up_to: int) -> tuple[int, int | None]:
    """Link the next at most `limit` unsequenced events up to id `up_to`, in one
    transaction. Returns (how many, the new head id)."""
    key = current_key()
    keys = keys_by_id()
    with transaction.atomic():
        _lock()
        head_id, prev = head()
        rows = list(
            AuditEvent.objects.filter(id__gt=head_id, id__lte=up_to)
            .order_by("id")
            .values("id", "prev_hash", "hash", "key_id", *HASHED_FIELDS)[:limit]
        )
        sealed: list[tuple[int, object, str, str]] = []
        stop: SequencingStopped | None = None
        for row in rows:
            own = keys.get(row["key_id"])
            if row["prev_hash"] != UNSEQUENCED:
                stop = SequencingStopped(row["id"], "it is chained after an unsequenced gap")
            elif own is None:
                stop = SequencingStopped(row["id"], f"its key {row['key_id']!r} is not configured")
            elif row["hash"] != keyed_hash(own, row["key_id"], UNSEQUENCED, row):
                stop = SequencingStopped(row["id"], "content does not match its keyed hash")
            if stop is not None:
                break
            new_hash = keyed_hash(key, key.id, prev, row)
            sealed.append((row["id"], row["occurred_at"], prev, new_hash))
            prev = new_hash
        if sealed:
            _seal(sealed, key.id)
    if stop is not None:
        raise _Stopped(len(sealed), sealed[-1][0] if sealed else head_id, stop)
    return len(sealed), (sealed[-1][0] if sealed else head_id)


class _Stopped(Exception):
    def __init__(self, linked: int, head_id: int | None, stop: SequencingStopped):
        self.linked, self.head_id, self.stop = linked, head_id, stop


def sequence(*, batch: int = BATCH, max_batches: int | None = None) -> Sequenced:
    """Link every event committed so far (up to the horizon) into the chain, batch by batch.
    Safe to run from several processes at once; idempotent."""
    try:
        with transaction.atomic():
            up_to = horizon()
    except OperationalError:  # lock_timeout: long transactions are inserting events
        return Sequenced(0, 0, None, _waiting(), busy=True)
    linked = batches = 0
    head_id: int | None = None
    while max_batches is None or batches < max_batches:
        try:
            count, head_id = _batch(batch, up_to)
        except _Stopped as stopped:
            linked += stopped.linked
            return Sequenced(linked, batches + 1, stopped.head_id, _waiting(), stopped.stop)
        if count == 0:
            break
        linked += count
        batches += 1
        if count < batch:
            break
    return Sequenced(linked, batches, head_id, _waiting())


def _waiting() -> int:
    return AuditEvent.objects.filter(prev_hash=UNSEQUENCED).count()


def add_partitions(months: int = MONTHS_AHEAD) -> int:
    """PostgreSQL: create the monthly partitions of the audit table for this month and the
    next `months - 1` (those missing). Returns how many were created; 0 on SQLite.

    It never drops a partition: the application role may create partitions through the
    owner's function but has no way to remove any part of the audit table, and nothing
    creates months further ahead in normal operation (migration audit.0006 removed the empty
    ones the first migration had made)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {PARTITION_FUNCTION}(CURRENT_DATE, %s)", [months])
        return int(cursor.fetchone()[0])
