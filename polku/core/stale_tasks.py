"""Background tasks left RUNNING by a worker that died (issue #18, finding 8).

django-tasks-db marks a task RUNNING when a `db_worker` claims it and SUCCESSFUL or FAILED when
it ends; a worker killed in between (kill -9, out of memory, a host restart) leaves the row
RUNNING for ever and no other worker takes it. `requeue_stale_tasks` (run it every few minutes
from cron) puts a task RUNNING for longer than `POLKU_TASK_STALE_AFTER_MINUTES` back to READY,
so a worker runs it again, and after `POLKU_TASK_MAX_ATTEMPTS` claims marks it FAILED instead.
Every task is idempotent, so running one again is safe: the scan raises nothing twice, each
digest is sent once per professional and day, a screening brings the flags to the same result.

A screening run whose worker died stays "running" and blocks every new screening (one at a
time, routes_one_screening_under_way): when its task is re-queued the run goes back to
"queued"; when its task has failed, or no task is left to finish it, the run is marked failed
with the reason, so a new screening can be started.

The timeout must be longer than the longest task (a population screening of every client):
a task still running past it would be started a second time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

SCREENING_TASK = "polku.route_plans.tasks.population_screening"


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=settings.POLKU_TASK_STALE_AFTER_MINUTES)


def max_attempts() -> int:
    return settings.POLKU_TASK_MAX_ATTEMPTS


class StaleTaskError(RuntimeError):
    """Recorded on a task marked failed after too many claims by workers that did not finish."""


def _screening_run_id(row: DBTaskResult) -> int | None:
    if row.task_path != SCREENING_TASK:
        return None
    kwargs = (row.args_kwargs or {}).get("kwargs") or {}
    args = (row.args_kwargs or {}).get("args") or []
    value = kwargs.get("run_id", args[0] if args else None)
    return int(value) if value is not None else None


def requeue_stale_tasks(*, now: dt.datetime | None = None, dry_run: bool = False) -> dict[str, Any]:
    """Re-queue (or fail) tasks RUNNING past the timeout; free screening runs left running."""
    from polku.route_plans.models import RunStatus, ScreeningRun

    now = now or timezone.now()
    cutoff = now - stale_after()
    requeued: list[str] = []
    failed: list[str] = []
    with transaction.atomic():
        stale = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).select_for_update(skip_locked=True)
        for row in stale:
            run_id = _screening_run_id(row)
            if len(row.worker_ids or []) >= max_attempts():
                failed.append(str(row.id))
                if not dry_run:
                    row.set_failed(
                        StaleTaskError(
                            f"RUNNING since {row.started_at} after "
                            f"{len(row.worker_ids)} attempts; the workers stopped"
                        )
                    )
                continue
            requeued.append(str(row.id))
            if dry_run:
                continue
            row.status = TaskResultStatus.READY
            row.started_at = None
            row.save(update_fields=["status", "started_at"])
            if run_id is not None:
                ScreeningRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
                    status=RunStatus.QUEUED
                )
        # Runs left "running" with nothing to finish them: no task READY or RUNNING names them.
        alive = {
            _screening_run_id(row)
            for row in DBTaskResult.objects.filter(
                task_path=SCREENING_TASK,
                status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
            )
        }
        orphans = ScreeningRun.objects.filter(
            status=RunStatus.RUNNING, started_at__lt=cutoff
        ).exclude(pk__in=[pk for pk in alive if pk is not None])
        freed = list(orphans.values_list("pk", flat=True))
        if not dry_run:
            orphans.update(
                status=RunStatus.FAILED,
                finished_at=now,
                error="The worker stopped before the screening finished; start a new one.",
            )
    return {"requeued": requeued, "failed": failed, "screening_runs_failed": freed}
