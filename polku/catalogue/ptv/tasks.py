"""The nightly PTV sync (django.tasks; the database backend in production).

Queue it from cron like the other nightly work: `30 2 * * * manage.py ptv_sync --enqueue`
nightly and `30 3 * * 0 manage.py ptv_sync --full --enqueue` weekly (docs/ptv.md). A failing
run changes nothing (one transaction), is recorded as a failed `PtvSyncRun`, and the catalogue
curators are told by e-mail; the task then ends FAILED and the next night tries again from the
last successful run."""

from __future__ import annotations

import logging

from django.conf import settings
from django.tasks import task

from . import client as ptv_client
from . import notify, sync

logger = logging.getLogger(__name__)


@task
def ptv_sync(areas: list[str], source: str = "", full: bool = False) -> dict:
    try:
        transport = ptv_client.transport_for(source or None, settings.POLKU_PTV_BASE_URL)
        report = sync.run(ptv_client.PtvClient(transport), areas, full=full)
    except Exception as error:
        logger.exception("PTV sync failed; nothing was changed")
        notify.sync_failed(error)
        raise
    if report.refused:
        notify.items_refused(report.refused)
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "retired": report.retired,
        "refused": report.refused,
    }
