"""Background work of the audit trail (django.tasks; the database backend in production)."""

import logging

from django.tasks import task

from .verification import verify_stored_chain

logger = logging.getLogger(__name__)


@task
def verify_audit_chain() -> dict:
    """Nightly check of the whole chain; a broken link is logged as an error."""
    checked, broken = verify_stored_chain()
    if broken is not None:
        logger.error("Audit chain broken at event %s: %s", broken.event_id, broken.reason)
    return {"checked": checked, "broken_at": broken.event_id if broken else None}
