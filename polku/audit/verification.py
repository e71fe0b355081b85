"""Verify the stored audit chain (the command and the nightly task both call this): the
retention cuts' signatures, every event's keyed hash from the latest cut (or the genesis
hash), then the chain against the latest signed checkpoint outside the database (a missing
tail, a rewritten prefix). Positions count from the chain's very start, the events removed
by retention cuts included, as the checkpoints do.

The events the sequencer has not linked yet (polku.audit.sequencer) follow the chain: each
must carry its own valid MAC, and they are reported apart (`unsequenced`) — the chain's
verified part and its checkpoints cover only linked events."""

import itertools
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction

from . import walk_worker
from .anchors import BadCheckpoint, Checkpoint, latest_checkpoint
from .chain import (
    HASHED_FIELDS,
    UNSEQUENCED,
    BrokenLink,
    ChainStart,
    Walk,
    verify,
    verify_encoded,
)
from .cuts import Cuts, recorded
from .keys import keys_by_id
from .models import AuditEvent, RetentionCut


@dataclass(frozen=True)
class Verdict:
    checked: int
    broken: BrokenLink | None
    checkpoint: Checkpoint | None
    checkpoint_problem: str | None  # the chain disagrees with the checkpoint, or it is forged
    cut: RetentionCut | None = None  # the latest retention cut, where the chain starts
    cut_problem: str | None = None  # a forged, altered or out-of-order retention cut
    unsequenced: int = 0  # events after the chain not yet linked, their own MACs verified

    @property
    def intact(self) -> bool:
        return self.broken is None and self.checkpoint_problem is None and self.cut_problem is None

    @property
    def removed(self) -> int:
        """Events removed by retention cuts."""
        return self.cut.position if self.cut else 0


def _against(checkpoint: Checkpoint, walk: Walk, cuts: Cuts) -> str | None:
    at = checkpoint.created_at
    start = cuts.start
    if checkpoint.head_id not in walk.seen:
        if cuts.latest is not None and checkpoint.head_id <= start.last_event_id:
            # The checkpoint's head was removed by a retention cut: the cut must account for it.
            if checkpoint.head_id == start.last_event_id and (
                checkpoint.head_hash != start.last_hash or checkpoint.count != start.position
            ):
                return (
                    f"the retention cut up to event {start.last_event_id} does not match the "
                    f"checkpoint of {at} at that event"
                )
            if checkpoint.count > start.position:
                return (
                    f"the checkpoint of {at} recorded {checkpoint.count} events up to event "
                    f"{checkpoint.head_id}, more than the retention cut up to event "
                    f"{start.last_event_id} counts ({start.position})"
                )
            return None
        if walk.position < checkpoint.count:
            removed = (
                f" after {start.position} removed by retention" if cuts.latest is not None else ""
            )
            return (
                f"events are missing: the checkpoint of {at} recorded {checkpoint.count} events "
                f"up to event {checkpoint.head_id}; the database has {walk.checked} "
                f"events{removed}"
            )
        return (
            f"event {checkpoint.head_id}, the head of the checkpoint of {at}, is missing "
            f"from the chain"
        )
    position, head_hash = walk.seen[checkpoint.head_id]
    if head_hash != checkpoint.head_hash:
        return (
            f"the chain up to event {checkpoint.head_id} was rewritten: its hash differs from "
            f"the checkpoint of {at}"
        )
    if position != checkpoint.count:
        return (
            f"events are missing or inserted before event {checkpoint.head_id}: the checkpoint "
            f"of {at} recorded {checkpoint.count} events, the chain has {position}"
        )
    return None


def _rows(after: int | None = None, up_to: int | None = None) -> Iterator[dict[str, Any]]:
    events = AuditEvent.objects.order_by("id")
    if after is not None:
        events = events.filter(id__gt=after)
    if up_to is not None:
        events = events.filter(id__lte=up_to)
    return events.values("id", "prev_hash", "hash", "key_id", *HASHED_FIELDS).iterator(
        chunk_size=5000
    )


# PostgreSQL writes each event's canonical content (polku.audit.chain._payload) itself, so the
# walk neither builds a Python object per column nor encodes JSON: the same text, byte for
# byte — json.dumps(sort_keys, separators (",", ":"), ensure_ascii=False) of the values Django
# reads back. to_json escapes a string exactly as Python's encoder does without ensure_ascii
# (\", \\, \b \f \n \r \t, other control characters \u00xx, everything else as is); an inet
# goes through its output function (as Django reads it), a time as "%Y-%m-%dT%H:%M:%S.%fZ"
# in UTC with the year unpadded. Details other than {} are sent as stored and encoded in
# Python (jsonb would print numbers and key order its own way). The key never leaves Python:
# the database only formats the stored columns, and the MAC over them is recomputed here, so a
# changed row still fails. tests/audit/test_canonical_sql.py compares this text with
# _payload for awkward values.
def _canonical_sql() -> str:
    def text(column: str) -> str:
        return f"pg_catalog.to_json({column})::text"

    def number(column: str) -> str:
        return f"COALESCE({column}::text, 'null')"

    before = (
        f"""'{{"action":' || {text("action")}"""
        f""" || ',"actor_id":' || {number("actor_id")}"""
        f""" || ',"actor_organisation_id":' || {number("actor_organisation_id")}"""
        f""" || ',"actor_profession":' || {text("actor_profession")}"""
        f""" || ',"client_id":' || {number("client_id")}"""
        """ || ',"details":'"""
    )
    after = (
        f"""',"ip_address":' || COALESCE({text("ip_address")}, 'null')"""
        f""" || ',"method":' || {text("method")}"""
        """ || ',"occurred_at":"' || pg_catalog.to_char(occurred_at AT TIME ZONE 'UTC', """
        """'FMYYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
        f""" || '","path":' || {text("path")}"""
        f""" || ',"purpose":' || {text("purpose")}"""
        f""" || ',"target":' || {text("target")} || '}}'"""
    )
    empty = "details = '{}'::jsonb"
    return (
        "SELECT id, prev_hash, key_id, hash, "  # noqa: S608 (constants only)
        f"CASE WHEN {empty} THEN {before} || '{{}}' || {after} END, "
        f"CASE WHEN {empty} THEN NULL ELSE ARRAY[{before}, "
        f"COALESCE(details::text, 'null'), {after}] END "
        "FROM audit_auditevent"
    )


CANONICAL_SQL = _canonical_sql()
FETCH = 20_000  # rows per round trip of the walk's server-side cursor


def _walk_range(after: int | None, up_to: int | None, start: ChainStart, watch: list[int]) -> Walk:
    """Walk the events with ids in (after, up_to] (either end open) from `start`: on
    PostgreSQL through a server-side cursor of the canonical text, in one transaction (one
    snapshot, and without WITH HOLD, which would first copy the whole result); elsewhere
    through the ORM."""
    keys = keys_by_id()
    if connection.vendor != "postgresql":
        return verify(_rows(after, up_to), keys, watch_ids=watch, start=start)
    where, params = [], []
    if after is not None:
        where.append("id > %s")
        params.append(after)
    if up_to is not None:
        where.append("id <= %s")
        params.append(up_to)
    query = CANONICAL_SQL + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id"
    with transaction.atomic():
        connection.ensure_connection()
        with connection.connection.cursor(name="polku_audit_walk") as cursor:  # type: ignore[union-attr]
            cursor.execute(query, params)
            batches = iter(lambda: cursor.fetchmany(FETCH), [])
            return verify_encoded(
                itertools.chain.from_iterable(batches), keys, watch_ids=watch, start=start
            )


def _walk(checkpoint: Checkpoint | None) -> tuple[Cuts, Walk]:
    cuts = recorded()
    watch = [checkpoint.head_id] if checkpoint else []
    parts = _parts()
    if parts is not None:
        return cuts, _walk_in_parallel(parts, cuts.start, watch)
    return cuts, _walk_range(None, None, cuts.start, watch)


# --- the walk over several processes (PostgreSQL, large chains) ------------------------------
#
# Each event's MAC depends only on its stored prev_hash and content, so the chained part can be
# checked in id ranges at once, each range starting from the stored hash of the event before
# it; a range's first event must link to that hash, so the ranges together check exactly the
# links the serial walk checks. The first broken link reported is the lowest of the ranges'.
# The unsequenced tail after the chain's head is walked last, in this process.

PARALLEL_MIN = 200_000  # events below which one process walks
PROCESSES = os.cpu_count() or 1


def _parts() -> list[tuple[int | None, int]] | None:
    """The id ranges (after, up to] of the chained part, or None for one serial walk: SQLite,
    inside a transaction (the processes would not see it), one core, or a short chain."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or PROCESSES < 2:
        return None
    first = AuditEvent.objects.order_by("id").values_list("id", flat=True).first()
    head = (
        AuditEvent.objects.exclude(prev_hash=UNSEQUENCED)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    if first is None or head is None or head - first < PARALLEL_MIN:
        return None
    inner: list[int] = []
    for n in range(1, PROCESSES):
        near = first + (head - first) * n // PROCESSES
        found = (
            AuditEvent.objects.filter(id__lte=near).order_by("-id").values_list("id", flat=True)
        ).first()
        if found is not None and found not in inner and first <= found < head:
            inner.append(found)
    afters: list[int | None] = [None, *inner]
    return list(zip(afters, [*inner, head], strict=True))


def _walk_part(after: int | None, up_to: int, start: ChainStart, watch: list[int]) -> Walk:
    """In a worker process (started fresh: a connection of its own, closed at the end)."""
    try:
        return _walk_range(after, up_to, start, watch)
    finally:
        connections.close_all()


def _walk_in_parallel(
    parts: list[tuple[int | None, int]], start: ChainStart, watch: list[int]
) -> Walk:
    starts = [start]
    for after, _up_to in parts[1:]:
        if after is None:  # only the first range starts at the chain's start
            raise ValueError("a later id range needs the event before it")
        stored = AuditEvent.objects.values_list("hash", flat=True).get(id=after)
        starts.append(ChainStart(after, stored, 0))
    context = multiprocessing.get_context("spawn")  # not fork: see polku.audit.walk_worker
    setup = (
        os.environ.get("DJANGO_SETTINGS_MODULE") or settings.SETTINGS_MODULE,
        dict(connections["default"].settings_dict),
    )
    with context.Pool(processes=len(parts)) as pool:
        walks = pool.starmap(
            walk_worker.walk,
            [
                (*setup, after, up_to, at, watch)
                for (after, up_to), at in zip(parts, starts, strict=True)
            ],
        )
    checked = 0
    seen: dict[int, tuple[int, str]] = {}
    broken = None
    for (_after, up_to), walk in zip(parts, walks, strict=True):
        offset = start.position + checked if walk is not walks[0] else 0
        seen.update({i: (offset + p, h) for i, (p, h) in walk.seen.items()})
        checked += walk.checked
        if walk.broken is not None:
            broken = walk.broken
            break
        if walk.unsequenced:  # the range ends in unsequenced events, yet the head is later
            following = (
                AuditEvent.objects.filter(id__gt=up_to)
                .exclude(prev_hash=UNSEQUENCED)
                .order_by("id")
                .values_list("id", flat=True)
                .first()
            )
            broken = BrokenLink(following or up_to, "a chained event follows an unsequenced one")
            break
    if broken is not None:
        return Walk(checked, broken, None, "", seen, start.position + checked)
    last = walks[-1]
    tail_start = ChainStart(parts[-1][1], last.last_hash, start.position + checked)
    tail = _walk_range(parts[-1][1], None, tail_start, watch)
    seen.update(tail.seen)
    return Walk(
        checked + tail.checked,
        tail.broken,
        tail.last_id or last.last_id,
        tail.last_hash,
        seen,
        tail.position,
        tail.unsequenced,
    )


def verify_stored_chain() -> Verdict:
    checkpoint: Checkpoint | None = None
    problem: str | None = None
    try:
        checkpoint = latest_checkpoint()
    except BadCheckpoint as error:
        problem = f"checkpoint {error}"
    cuts, walk = _walk(checkpoint)
    if walk.broken is not None and RetentionCut.objects.count() != cuts.count:
        # A retention cut committed between reading the cuts and reading the events: the
        # first event read no longer follows the cut read. Walk again from the new cut.
        cuts, walk = _walk(checkpoint)
    if checkpoint is not None and walk.broken is None and problem is None:
        problem = _against(checkpoint, walk, cuts)
    return Verdict(
        walk.checked,
        walk.broken,
        checkpoint,
        problem,
        cuts.latest,
        cuts.problem,
        walk.unsequenced,
    )
