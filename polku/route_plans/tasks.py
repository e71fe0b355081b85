"""Background work of the route planner (django.tasks; the database backend in production).

`python manage.py run_screening` enqueues `population_screening`; a `db_worker` picks it up.
The run's progress is in ScreeningRun (shown on the screening page)."""

from django.tasks import task

from . import services
from .models import ScreeningRun


@task
def population_screening(run_id: int | None = None) -> dict:
    """Every active client against every eligibility rule; idempotent."""
    run = ScreeningRun.objects.filter(pk=run_id).first() if run_id else None
    run = services.run_screening(run=run)
    return {
        "run": run.pk,
        "status": run.status,
        "clients": run.clients_done,
        "flags": run.flags_total,
        "added": run.flags_added,
        "removed": run.flags_removed,
    }
