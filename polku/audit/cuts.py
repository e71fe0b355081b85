"""Retention cuts: removing the audit events whose retention period has passed without
breaking the chain's evidence (issue 18, finding 19).

Only a whole oldest prefix of the chain is ever removed. Before the events go, a signed cut
is recorded (`RetentionCut`: the last removed event's id and hash, the position of that event
counted from the chain's very start, how many this cut removed, the cutoff, the time, and an
HMAC under the audit key over all of them); the chain's verification then starts from the
latest cut instead of the genesis hash, and positions keep counting from the very start, so
the signed checkpoints outside the database still compare. What a cut leaves detectable:

* removing a non-prefix event (or an event newer than the cut) breaks the chain where it was;
* removing more of the oldest events without a new cut: the first remaining event no longer
  links to the latest cut; a forged or altered cut does not verify without the key;
* removing cut rows: the chain then starts from an older cut (or the genesis hash), and its
  first remaining event does not link to it;
* removing the newest events: the checkpoints' counts, as before.

The prefix is verified before it is signed away: a broken link in it stops the cut (so
retention never blesses a tampered history), and the removal goes through the one narrow
exception in the guard triggers (polku.audit.triggers), in the caller's transaction."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone

from .chain import GENESIS, HASHED_FIELDS, ChainKey, ChainStart, verify
from .keys import current_key, keys_by_id
from .models import AuditEvent, RetentionCut
from .triggers import CUT_FUNCTION, MINIMUM_RETENTION_YEARS

_LABEL = b"polku-audit-retention-cut-v1|"
# Any 64-bit constant: the PostgreSQL advisory lock that keeps two cuts from overlapping.
_CUT_LOCK_KEY = 0x706F6C6B75_4355


class CutRefused(Exception):
    """The cut would remove something other than the verified, expired oldest prefix."""


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _message(cut: RetentionCut) -> bytes:
    body = {
        "last_event_id": cut.last_event_id,
        "last_hash": cut.last_hash,
        "position": cut.position,
        "removed": cut.removed,
        "before": _moment(cut.before),
        "made_at": _moment(cut.made_at),
        "key_id": cut.key_id,
    }
    return _LABEL + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def signature(cut: RetentionCut, key: ChainKey) -> str:
    return hmac.new(key.secret, _message(cut), hashlib.sha256).hexdigest()


def _problem(cut: RetentionCut, keys: dict[str, ChainKey]) -> str | None:
    key = keys.get(cut.key_id)
    if key is None:
        return f"its key {cut.key_id} is not configured (POLKU_AUDIT_OLD_KEYS)"
    if not hmac.compare_digest(cut.signature, signature(cut, key)):
        return "the signature does not match its content"
    return None


@dataclass(frozen=True)
class Cuts:
    """The recorded cuts as verification sees them: where the chain starts, the latest cut,
    and what is wrong with any of them (None when all verify and follow one another)."""

    start: ChainStart
    latest: RetentionCut | None
    problem: str | None
    count: int


def _start_of(cut: RetentionCut | None) -> ChainStart:
    if cut is None:
        return GENESIS
    return ChainStart(cut.last_event_id, cut.last_hash, cut.position)


def recorded() -> Cuts:
    """Every cut, each signature verified, in order of position."""
    keys = keys_by_id()
    found: list[str] = []
    previous: RetentionCut | None = None
    cuts = list(RetentionCut.objects.order_by("position", "pk"))
    for cut in cuts:
        problem = _problem(cut, keys)
        if problem:
            found.append(f"retention cut {cut.pk} (up to event {cut.last_event_id}): {problem}")
        before = _start_of(previous)
        if cut.last_event_id <= before.last_event_id or cut.removed != (
            cut.position - before.position
        ):
            found.append(
                f"retention cut {cut.pk} (up to event {cut.last_event_id}) does not follow "
                "the cut before it"
            )
        previous = cut
    return Cuts(_start_of(previous), previous, "; ".join(found) or None, len(cuts))


def latest_start() -> ChainStart:
    """Where the stored chain starts (no signature check: appending and checkpoints)."""
    return _start_of(RetentionCut.objects.order_by("-position").first())


def oldest_allowed(now: datetime | None = None) -> datetime:
    """Events at or after this moment are never removed (MINIMUM_RETENTION_YEARS)."""
    moment = now or timezone.now()
    try:
        return moment.replace(year=moment.year - MINIMUM_RETENTION_YEARS)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - MINIMUM_RETENTION_YEARS, day=28)


@dataclass(frozen=True)
class CutPlan:
    """The expired oldest prefix: every event before the first one that occurred at or after
    `before`. `problem` says why it may not be removed (then nothing is)."""

    before: datetime
    start: ChainStart
    count: int
    last_event_id: int | None
    last_hash: str
    oldest: datetime | None
    problem: str = ""
    unsequenced: int = 0  # events of the prefix the sequencer has not linked yet


def plan(before: datetime) -> CutPlan:
    """What a cut at `before` would remove, with the prefix verified. Reads only: events of
    the prefix not yet sequenced are verified by their own MACs and counted (`unsequenced`);
    `cut` links them before it signs the prefix away."""
    cuts = recorded()
    first_kept = (
        AuditEvent.objects.filter(occurred_at__gte=before)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    prefix = AuditEvent.objects.all()
    if first_kept is not None:
        prefix = prefix.filter(id__lt=first_kept)
    head = prefix.order_by("-id").values("id", "hash").first()
    if head is None:
        return CutPlan(before, cuts.start, 0, None, "", None)
    count = prefix.count()
    oldest = prefix.order_by("id").values_list("occurred_at", flat=True).first()

    def refused(problem: str) -> CutPlan:
        return CutPlan(before, cuts.start, count, head["id"], head["hash"], oldest, problem)

    if before > oldest_allowed():
        return refused(
            f"not removed: the cutoff {before:%Y-%m-%d} is less than "
            f"{MINIMUM_RETENTION_YEARS} years ago"
        )
    if cuts.problem:
        return refused(f"not removed: {cuts.problem}")
    rows = prefix.order_by("id").values("id", "prev_hash", "hash", "key_id", *HASHED_FIELDS)
    walk = verify(rows.iterator(chunk_size=5000), keys_by_id(), start=cuts.start)
    if walk.broken is not None:
        return refused(
            f"not removed: the audit chain is broken at event {walk.broken.event_id} "
            f"({walk.broken.reason}); investigate with `manage.py verify_audit_chain`"
        )
    return CutPlan(
        before, cuts.start, count, head["id"], head["hash"], oldest, "", walk.unsequenced
    )


def _lock_cuts() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CUT_LOCK_KEY])


@contextmanager
def retention_exception() -> Iterator[None]:
    """SQLite: switch the guard's retention exception on for this connection, and off again
    whatever happens (the counterpart of PostgreSQL's SET LOCAL inside the cut function)."""
    connection.ensure_connection()
    state = connection.polku_audit_retention  # type: ignore[attr-defined]
    state["on"] = True
    try:
        yield
    finally:
        state["on"] = False


def _remove_prefix(last_event_id: int) -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {CUT_FUNCTION}(%s)", [last_event_id])
            return int(cursor.fetchone()[0])
    with retention_exception():
        removed, _ = AuditEvent.objects.filter(id__lte=last_event_id).delete()
    return removed


def cut(planned: CutPlan, *, now: datetime | None = None) -> RetentionCut:
    """Record the signed cut and remove the planned prefix, all or nothing, in the caller's
    transaction. Refused (CutRefused, nothing changed) when the plan has a problem, the
    chain's start moved since it was made, or the prefix changed meanwhile."""
    if planned.problem or not planned.count or planned.last_event_id is None:
        raise CutRefused(planned.problem or "nothing to remove")
    if planned.unsequenced:
        # Link the prefix first (its events' chain hashes are only known then), and plan
        # again: the same events, now chained, or nothing is removed.
        from .sequencer import sequence

        sequence()
        again = plan(planned.before)
        if again.problem or again.unsequenced:
            raise CutRefused(again.problem or "the events to remove could not be sequenced")
        if (again.start, again.count, again.last_event_id) != (
            planned.start,
            planned.count,
            planned.last_event_id,
        ):
            raise CutRefused("the events to remove changed since the plan: plan again")
        planned = again
    last_event_id = planned.last_event_id
    if last_event_id is None:
        raise CutRefused("nothing to remove")
    key = current_key()
    with transaction.atomic():
        _lock_cuts()
        if latest_start() != planned.start:
            raise CutRefused("another retention cut was made since the plan: plan again")
        prefix = AuditEvent.objects.filter(id__lte=last_event_id)
        if (
            prefix.count() != planned.count
            or not prefix.filter(id=last_event_id, hash=planned.last_hash).exists()
        ):
            raise CutRefused("the events to remove changed since the plan: plan again")
        if prefix.filter(occurred_at__gte=oldest_allowed()).exists():
            raise CutRefused(
                f"audit events younger than {MINIMUM_RETENTION_YEARS} years are never removed"
            )
        record = RetentionCut(
            last_event_id=last_event_id,
            last_hash=planned.last_hash,
            position=planned.start.position + planned.count,
            removed=planned.count,
            before=planned.before,
            made_at=now or timezone.now(),
            key_id=key.id,
        )
        record.signature = signature(record, key)
        record.save(force_insert=True)
        removed = _remove_prefix(last_event_id)
        if removed != planned.count:
            raise CutRefused(f"removed {removed} events, planned {planned.count}")
        transaction.on_commit(_anchor, robust=True)
    return record


def _anchor() -> None:
    """After a cut commits, sign the chain's new state into a checkpoint outside the
    database at once, rather than at the next scheduled anchoring."""
    from .anchors import write_checkpoint

    write_checkpoint()
