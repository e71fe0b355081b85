"""Tasks left RUNNING by a killed worker (issue #18, finding 8): re-queued past the timeout,
failed after too many attempts; a screening run left running no longer blocks new ones."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from polku.core.stale_tasks import requeue_stale_tasks
from polku.route_plans import services as route_services
from polku.route_plans.models import RunStatus, ScreeningRun
from polku.route_plans.tasks import population_screening
from polku.worklists import digest, scan
from polku.worklists.models import DigestLog
from polku.worklists.tasks import send_digests
from tests.factories import ProfessionalFactory, make_client
from tests.worklists.conftest import agreement, local_today

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes connections
LONG_AGO = dt.timedelta(hours=5)


class _Killed(BaseException):
    """The worker killed mid-task: nothing on the way catches it."""


def _recipients(coordinator, municipality, n):
    from polku.clients import services

    owners = []
    for i in range(n):
        client = make_client(
            coordinator=coordinator, consent_organisations=[municipality], last_name=f"Nimi{i}"
        )
        owner = ProfessionalFactory(organisation=municipality, email=f"omistaja{i}@example.fi")
        services.add_member(client=client, by=coordinator, professional=owner)
        agreement(client, owner, due_on=local_today() - dt.timedelta(days=3))
        owners.append(owner)
    return owners


def _kill_mid_task(row: DBTaskResult, monkeypatch, after: int) -> None:
    """What a worker does up to kill -9 after `after` mails: claims the task, sends, dies."""
    row.claim("worker-that-died")
    real = EmailBackend.send_messages
    calls = {"n": 0}

    def dying(self, messages):
        calls["n"] += 1
        if calls["n"] > after:
            raise _Killed
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", dying)
    with pytest.raises(_Killed):
        digest.send_digests(today=local_today())
    monkeypatch.setattr(EmailBackend, "send_messages", real)


def test_kill_mid_digest_then_requeue_and_restart_sends_each_mail_once(
    database_task_backend, coordinator, municipality, monkeypatch
):
    owners = _recipients(coordinator, municipality, 6)
    scan.run_scan(today=local_today())
    mail.outbox.clear()
    result = send_digests.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    _kill_mid_task(row, monkeypatch, after=2)
    assert len(mail.outbox) == 2
    assert DigestLog.objects.count() == 2  # only what was sent is recorded

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING  # a restarted worker alone does nothing
    assert requeue_stale_tasks()["requeued"] == []  # not yet past the timeout

    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - LONG_AGO)
    assert requeue_stale_tasks()["requeued"] == [str(row.pk)]
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == DigestLog.objects.count()
    for owner in owners:
        assert recipients.count(owner.email) == 1


def test_a_task_claimed_too_many_times_is_marked_failed(database_task_backend, settings):
    settings.POLKU_TASK_MAX_ATTEMPTS = 2
    row = DBTaskResult.objects.get(pk=send_digests.enqueue().id)
    row.claim("first")
    row.worker_ids.append("second")
    DBTaskResult.objects.filter(pk=row.pk).update(
        worker_ids=row.worker_ids, started_at=timezone.now() - LONG_AGO
    )
    report = requeue_stale_tasks()
    assert report == {"requeued": [], "failed": [str(row.pk)], "screening_runs_failed": []}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path.endswith("StaleTaskError")


def test_the_timeout_is_a_setting(database_task_backend, settings):
    settings.POLKU_TASK_STALE_AFTER_MINUTES = 1
    row = DBTaskResult.objects.get(pk=send_digests.enqueue().id)
    row.claim("w")
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=2)
    )
    out = io.StringIO()
    call_command("requeue_stale_tasks", "--dry-run", stdout=out)
    assert str(row.pk) in out.getvalue()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING  # dry run changes nothing
    call_command("requeue_stale_tasks", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY


def test_a_screening_left_running_by_a_dead_worker_no_longer_blocks(database_task_backend):
    run = route_services.create_run()
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now() - LONG_AGO
    )
    with pytest.raises(ValidationError) as refused:
        route_services.create_run()
    assert refused.value.code == "under_way"
    assert requeue_stale_tasks()["screening_runs_failed"] == [run.pk]
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error
    assert route_services.create_run().status == RunStatus.QUEUED  # a new one can start


def test_a_screening_whose_task_is_requeued_goes_back_to_queued(database_task_backend):
    run = route_services.create_run()
    row = DBTaskResult.objects.get(pk=population_screening.enqueue(run_id=run.pk).id)
    row.claim("w")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - LONG_AGO)
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now() - LONG_AGO
    )
    report = requeue_stale_tasks()
    assert report["requeued"] == [str(row.pk)] and report["screening_runs_failed"] == []
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED  # the re-queued task will run it
