"""Verify the stored audit chain (the command and the nightly task both call this): every
event's keyed hash, then the chain against the latest signed checkpoint outside the database
(a missing tail, a rewritten prefix)."""

from dataclasses import dataclass

from .anchors import BadCheckpoint, Checkpoint, latest_checkpoint
from .chain import HASHED_FIELDS, BrokenLink, verify
from .keys import keys_by_id
from .models import AuditEvent


@dataclass(frozen=True)
class Verdict:
    checked: int
    broken: BrokenLink | None
    checkpoint: Checkpoint | None
    checkpoint_problem: str | None  # the chain disagrees with the checkpoint, or it is forged

    @property
    def intact(self) -> bool:
        return self.broken is None and self.checkpoint_problem is None


def _against(checkpoint: Checkpoint, checked: int, seen: dict[int, tuple[int, str]]) -> str | None:
    at = checkpoint.created_at
    if checkpoint.head_id not in seen:
        if checked < checkpoint.count:
            return (
                f"events are missing: the checkpoint of {at} recorded {checkpoint.count} events "
                f"up to event {checkpoint.head_id}; the database has {checked} events"
            )
        return (
            f"event {checkpoint.head_id}, the head of the checkpoint of {at}, is missing "
            f"from the chain"
        )
    position, head_hash = seen[checkpoint.head_id]
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


def verify_stored_chain() -> Verdict:
    checkpoint: Checkpoint | None = None
    problem: str | None = None
    try:
        checkpoint = latest_checkpoint()
    except BadCheckpoint as error:
        problem = f"checkpoint {error}"
    rows = (
        AuditEvent.objects.order_by("id")
        .values("id", "prev_hash", "hash", "key_id", *HASHED_FIELDS)
        .iterator(chunk_size=5000)
    )
    walk = verify(rows, keys_by_id(), watch_ids=[checkpoint.head_id] if checkpoint else [])
    if checkpoint is not None and walk.broken is None:
        problem = _against(checkpoint, walk.checked, walk.seen)
    return Verdict(walk.checked, walk.broken, checkpoint, problem)
