"""Background work of the audit trail (django.tasks; the database backend in production).
Run from cron like the daily scan: `manage.py sequence_audit --enqueue` (every minute, or
`manage.py sequence_audit --every 2` as a process of its own beside the worker),
`manage.py anchor_audit_chain --enqueue` (e.g. hourly) and the nightly chain check."""

import logging

from django.tasks import task

from .anchors import write_checkpoint
from .sequencer import add_partitions, sequence
from .verification import verify_stored_chain

logger = logging.getLogger(__name__)


@task
def verify_audit_chain() -> dict:
    """Nightly check of the whole chain (from its latest retention cut), the cuts and the
    latest checkpoint; a problem is logged as an error."""
    verdict = verify_stored_chain()
    if verdict.broken is not None:
        logger.error(
            "Audit chain broken at event %s: %s", verdict.broken.event_id, verdict.broken.reason
        )
    if verdict.cut_problem is not None:
        logger.error("Audit chain's retention cuts do not verify: %s", verdict.cut_problem)
    if verdict.checkpoint_problem is not None:
        logger.error("Audit chain does not match its checkpoint: %s", verdict.checkpoint_problem)
    return {
        "checked": verdict.checked,
        "broken_at": verdict.broken.event_id if verdict.broken else None,
        "checkpoint_problem": verdict.checkpoint_problem,
        "cut_problem": verdict.cut_problem,
        "removed_by_retention": verdict.removed,
        "unsequenced": verdict.unsequenced,
    }


@task
def sequence_audit() -> dict:
    """Link the events appended since the last run into the chain (polku.audit.sequencer),
    and keep the next months' partitions ready on PostgreSQL."""
    partitions = add_partitions()
    done = sequence()
    if done.stopped is not None:
        logger.error("Audit sequencing stopped at %s", done.stopped)
    return {
        "linked": done.linked,
        "batches": done.batches,
        "head_id": done.head_id,
        "waiting": done.waiting,
        "stopped_at": done.stopped.event_id if done.stopped else None,
        "stopped_reason": done.stopped.reason if done.stopped else None,
        "busy": done.busy,
        "partitions_created": partitions,
    }


@task
def anchor_audit_chain() -> dict:
    """Link what is waiting, then sign the chain's head into a checkpoint file outside the
    database (idempotent: a second run writes another checkpoint of the same or a later
    head)."""
    sequence()
    checkpoint = write_checkpoint()
    if checkpoint is None:
        return {"count": 0, "head_id": None}
    return {"count": checkpoint.count, "head_id": checkpoint.head_id}
