"""Verify the stored audit chain (the command and the nightly task both call this): the
retention cuts' signatures, every event's keyed hash from the latest cut (or the genesis
hash), then the chain against the latest signed checkpoint outside the database (a missing
tail, a rewritten prefix). Positions count from the chain's very start, the events removed
by retention cuts included, as the checkpoints do.

The events the sequencer has not linked yet (polku.audit.sequencer) follow the chain: each
must carry its own valid MAC, and they are reported apart (`unsequenced`) — the chain's
verified part and its checkpoints cover only linked events."""

from dataclasses import dataclass

from .anchors import BadCheckpoint, Checkpoint, latest_checkpoint
from .chain import HASHED_FIELDS, BrokenLink, Walk, verify
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


def _walk(checkpoint: Checkpoint | None) -> tuple[Cuts, Walk]:
    cuts = recorded()
    rows = (
        AuditEvent.objects.order_by("id")
        .values("id", "prev_hash", "hash", "key_id", *HASHED_FIELDS)
        .iterator(chunk_size=5000)
    )
    watch = [checkpoint.head_id] if checkpoint else []
    return cuts, verify(rows, keys_by_id(), watch_ids=watch, start=cuts.start)


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
