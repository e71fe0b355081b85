"""Background work of the privacy app (django.tasks; the database backend in production).

Run nightly from cron, like the daily scan: `manage.py apply_retention --enqueue` queues
`apply_retention` for a `db_worker`. A failing run changes nothing (one transaction) and the
task ends FAILED with the error logged; the next night tries again. Running it twice is safe:
what was anonymised or deleted is not found again."""

import logging

from django.tasks import task

from . import retention

logger = logging.getLogger(__name__)


@task
def apply_retention() -> dict:
    """Anonymise or delete what has passed its retention period (POLKU_RETENTION)."""
    try:
        report = retention.apply_retention()
    except Exception:
        logger.exception("Retention run failed; nothing was changed")
        raise
    return {
        kind.kind: {"action": kind.action, "count": kind.count, "done": kind.done}
        for kind in report.kinds
    }
