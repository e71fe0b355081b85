"""Background work of the audit trail (django.tasks; the database backend in production).
Both are run from cron like the daily scan: `manage.py anchor_audit_chain --enqueue` (e.g.
hourly) and the nightly chain check."""

import logging

from django.tasks import task

from .anchors import write_checkpoint
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
    }


@task
def anchor_audit_chain() -> dict:
    """Sign the chain's head into a checkpoint file outside the database (idempotent: a
    second run writes another checkpoint of the same or a later head)."""
    checkpoint = write_checkpoint()
    if checkpoint is None:
        return {"count": 0, "head_id": None}
    return {"count": checkpoint.count, "head_id": checkpoint.head_id}
