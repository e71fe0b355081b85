"""The package polku.routes became polku.route_plans (issue #19); the app label stays "routes",
so no table changes. A screening task queued (or left running) before the rename is stored
with the old import path, which the worker could no longer import and
polku.core.stale_tasks would no longer recognise: point those rows at the new path."""

from django.db import migrations

OLD = "polku.routes.tasks.population_screening"
NEW = "polku.route_plans.tasks.population_screening"


def _rename(apps, old: str, new: str) -> None:
    task = apps.get_model("django_tasks_database", "DBTaskResult")
    task.objects.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    _rename(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("routes", "0004_one_screening_under_way"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
