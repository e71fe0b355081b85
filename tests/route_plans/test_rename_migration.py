"""Migration routes.0005: screening tasks stored under the package's old name (polku.routes,
before issue #19) point at polku.route_plans afterwards, so the worker can import them and the
stale-task sweep recognises them; other tasks are left alone, and it reverses."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from polku.core.stale_tasks import SCREENING_TASK

pytestmark = pytest.mark.django_db

migration = importlib.import_module("polku.route_plans.migrations.0005_task_path_after_rename")


def _row(path: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path=path, args_kwargs={"args": [], "kwargs": {}}, run_after=timezone.now()
    )


def test_old_screening_tasks_get_the_new_path_and_back():
    old = _row("polku.routes.tasks.population_screening")
    other = _row("polku.worklists.tasks.send_digests")

    migration.forwards(apps, None)
    old.refresh_from_db()
    other.refresh_from_db()
    assert old.task_path == SCREENING_TASK == migration.NEW
    assert other.task_path == "polku.worklists.tasks.send_digests"

    migration.backwards(apps, None)
    old.refresh_from_db()
    assert old.task_path == migration.OLD
