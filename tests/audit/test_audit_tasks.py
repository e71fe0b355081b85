"""The audit chain check runs as a background task on the persistent database backend
(django-tasks-db), picked up by its worker — on SQLite and on PostgreSQL."""

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus, task_backends

from polku.audit import services as audit
from polku.audit.models import Action
from polku.audit.tasks import sequence_audit, verify_audit_chain

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # the worker closes connections, as in its own process
def test_the_worker_runs_the_chain_check_from_the_database_queue(
    database_task_backend, coordinator, client_record
):
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"
    audit.record(actor=coordinator, action=Action.VIEW, client=client_record)
    sequenced = sequence_audit.enqueue()
    result = verify_audit_chain.enqueue()
    assert result.status == TaskResultStatus.READY
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    sequenced.refresh()
    result.refresh()
    assert sequenced.status == TaskResultStatus.SUCCESSFUL
    assert sequenced.return_value["linked"] >= 1
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["broken_at"] is None
    assert result.return_value["checked"] >= 1


def test_tests_otherwise_run_tasks_immediately():
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"
