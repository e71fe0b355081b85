"""The daily scan and the e-mail digest: idempotent (twice: nothing new, nothing sent twice),
resolving alerts whose condition has gone; run once through the database task worker."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus, task_backends

from polku.worklists import digest, scan
from polku.worklists.models import Alert, DigestLog
from polku.worklists.tasks import alert_scan, daily_alert_scan, send_digests
from tests.factories import ProfessionalFactory, at, make_client

from .conftest import agreement, local_today, next_contact

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def casework(coordinator, municipality):
    """A client with an overdue agreement (owned by a municipal worker) and no future next
    contact; another client who is fine."""
    late = make_client(coordinator=coordinator, consent_organisations=[municipality])
    owner = ProfessionalFactory(organisation=municipality, email="omistaja@example.fi")
    from polku.clients import services

    services.add_member(client=late, by=coordinator, professional=owner)
    overdue = agreement(late, owner, due_on=local_today() - 3 * DAY)
    fine = make_client(coordinator=coordinator, last_name="Mäkinen")
    next_contact(fine, coordinator, due_on=local_today() + 7 * DAY)
    return {"late": late, "fine": fine, "owner": owner, "agreement": overdue}


def test_the_scan_raises_alerts_once(casework, coordinator):
    first = scan.run_scan(today=local_today())
    assert first["raised"] == 2
    alerts = set(Alert.objects.values_list("rule", "subject", "assigned_to_id"))
    assert alerts == {
        ("no_next_contact", f"client:{casework['late'].pk}", coordinator.pk),
        ("agreement_overdue", f"agreement:{casework['agreement'].pk}", casework["owner"].pk),
    }
    second = scan.run_scan(today=local_today())
    assert second["raised"] == 0 and second["resolved"] == 0
    assert Alert.objects.count() == 2
    third = scan.run_scan(today=local_today() + DAY)  # the next day: still open, still one each
    assert third["raised"] == 0
    assert Alert.objects.count() == 2


def test_an_open_alert_keeps_the_day_it_was_first_noticed(casework):
    """The team view's age rests on it: a later scan neither raises the alert again nor moves
    its day (issue: every row of the demo read "Havaittu" today — the demo's one scan)."""
    scan.run_scan(today=local_today() - 5 * DAY)  # the agreement was not yet overdue
    scan.run_scan(today=local_today())
    assert dict(Alert.objects.values_list("rule", "raised_on")) == {
        "no_next_contact": local_today() - 5 * DAY,
        "agreement_overdue": local_today(),
    }


def test_the_scan_stores_the_day_the_problem_began_and_keeps_it_true(casework, coordinator):
    """Alert.since is the rule's own day (the agreement's due date, the last contact), set
    where the alert is raised; a later scan moves it when the data change (a contact recorded
    afterwards) and fills it in for an alert raised before the field existed."""
    from polku.clients.models import Client

    from .conftest import meeting

    late = casework["late"]
    Client.objects.filter(pk=late.pk).update(created_at=at(local_today() - 100 * DAY))
    meeting(late, coordinator, day=local_today() - 80 * DAY)
    casework["agreement"].meeting.starts_at = at(local_today() - 80 * DAY)  # (a past meeting)
    casework["agreement"].meeting.save()
    scan.run_scan(today=local_today())
    no_contact = Alert.objects.get(rule="no_contact")
    assert no_contact.raised_on == local_today()
    assert no_contact.since == local_today() - 80 * DAY
    assert Alert.objects.get(rule="agreement_overdue").since == local_today() - 3 * DAY

    # A phone call 65 days ago, recorded today: still no contact in 60 days, but since then.
    contact = next_contact(
        late, coordinator, due_on=local_today() - 65 * DAY, day=local_today() - 70 * DAY
    )
    contact.done_at = at(local_today() - 65 * DAY)
    contact.save()
    Alert.objects.filter(rule="agreement_overdue").update(since=None)  # raised before since
    figures = scan.run_scan(today=local_today() + DAY)
    assert figures["raised"] == 0
    no_contact.refresh_from_db()
    assert no_contact.resolved_on is None and no_contact.raised_on == local_today()  # the same
    assert no_contact.since == local_today() - 65 * DAY
    assert Alert.objects.get(rule="agreement_overdue").since == local_today() - 3 * DAY


def test_an_alert_resolves_when_its_condition_no_longer_holds(casework, coordinator):
    scan.run_scan(today=local_today())
    casework["agreement"].status = "done"
    casework["agreement"].save()
    result = scan.run_scan(today=local_today() + DAY)
    assert result["resolved"] == 1
    resolved = Alert.objects.get(rule="agreement_overdue")
    assert resolved.resolved_on == local_today() + DAY
    # It comes back: a new alert, the old one stays as history.
    casework["agreement"].status = "open"
    casework["agreement"].save()
    assert scan.run_scan(today=local_today() + 2 * DAY)["raised"] == 1
    assert Alert.objects.filter(rule="agreement_overdue").count() == 2


@pytest.mark.postgres
def test_the_rules_run_without_jit_compilation_on_postgresql(casework, monkeypatch):
    """PostgreSQL compiled the rules' plans (their per-client subqueries look costly) for
    longer than they ran: 2-3 s a rule at 100 000 clients. The scan turns JIT off for them."""
    import dataclasses

    from django.db import connection

    from polku.worklists import alerts

    seen = {}

    def watching(rule):
        def compute(today, threshold):
            with connection.cursor() as cursor:
                cursor.execute("SHOW jit")
                seen[rule.code] = cursor.fetchone()[0]
            return rule.compute(today, threshold)

        return dataclasses.replace(rule, compute=compute)

    watched = {code: watching(rule) for code, rule in alerts.RULES.items()}
    monkeypatch.setattr(scan, "RULES", watched)
    result = scan.run_scan(today=local_today())
    assert seen == dict.fromkeys(alerts.RULES, "off")
    assert result["raised"] == 2  # the same alerts as with JIT (test_the_scan_raises_alerts_once)


def test_resolved_and_raised_again_the_same_day_reopens(casework):
    scan.run_scan(today=local_today())
    casework["agreement"].status = "done"
    casework["agreement"].save()
    scan.run_scan(today=local_today())
    casework["agreement"].status = "open"
    casework["agreement"].save()
    assert scan.run_scan(today=local_today())["raised"] == 1
    assert Alert.objects.filter(rule="agreement_overdue", resolved_on__isnull=True).count() == 1
    assert Alert.objects.filter(rule="agreement_overdue").count() == 1


def test_the_alert_follows_the_coordinator(casework, coordinator, kela):
    from polku.clients import services

    scan.run_scan(today=local_today())
    successor = ProfessionalFactory(organisation=kela)
    services.transfer_coordinator(client=casework["late"], to=successor, by=coordinator)
    assert scan.run_scan(today=local_today())["raised"] == 0
    assert Alert.objects.get(rule="no_next_contact").assigned_to_id == successor.pk


def test_digests_are_sent_once_a_day_with_counts_and_a_link_only(casework, coordinator):
    coordinator.email = "koordinaattori@example.fi"
    coordinator.save()
    scan.run_scan(today=local_today())
    mail.outbox.clear()
    first = digest.send_digests(today=local_today())
    assert first["sent"] == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    owner_mail = by_recipient["omistaja@example.fi"]
    assert "/worklist/" in owner_mail.body
    for message in mail.outbox:  # privacy: no names, no henkilötunnus
        for client in (casework["late"], casework["fine"]):
            assert client.last_name not in message.body
            assert client.hetu_masked[:6] not in message.body
    assert DigestLog.objects.get(professional=casework["owner"]).counts["agreements_overdue"] == 1
    assert not Alert.objects.filter(notified_at__isnull=True).exists()

    assert digest.send_digests(today=local_today())["sent"] == 0
    assert len(mail.outbox) == 2


def test_the_tasks_on_the_immediate_backend_are_idempotent(casework):
    mail.outbox.clear()
    first = daily_alert_scan.enqueue()
    assert first.status == TaskResultStatus.SUCCESSFUL
    assert first.return_value["scan"]["raised"] == 2
    sent = len(mail.outbox)
    assert sent >= 1
    second = daily_alert_scan.enqueue()
    assert second.return_value["scan"]["raised"] == 0
    assert second.return_value["digests"]["sent"] == 0
    assert len(mail.outbox) == sent
    assert alert_scan.enqueue().return_value["raised"] == 0
    assert send_digests.enqueue().return_value["sent"] == 0


@pytest.mark.django_db(transaction=True)  # the worker closes connections, as in its own process
def test_the_worker_runs_the_scan_from_the_database_queue(database_task_backend, casework):
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"
    mail.outbox.clear()
    results = [daily_alert_scan.enqueue(), daily_alert_scan.enqueue()]
    assert all(r.status == TaskResultStatus.READY for r in results)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    for result in results:
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
    assert Alert.objects.count() == 2
    assert sum(r.return_value["scan"]["raised"] for r in results) == 2
    recipients = [message.to[0] for message in mail.outbox]
    assert recipients.count("omistaja@example.fi") == 1


class _Killed(BaseException):
    """Stands for the worker being killed: not an Exception, so nothing on the way catches it."""


def _many_recipients(coordinator, municipality, n: int) -> list:
    """`n` professionals, each the owner of one overdue agreement (so each gets a digest)."""
    from polku.clients import services

    owners = []
    for i in range(n):
        client = make_client(
            coordinator=coordinator, consent_organisations=[municipality], last_name=f"Nimi{i}"
        )
        owner = ProfessionalFactory(organisation=municipality, email=f"omistaja{i}@example.fi")
        services.add_member(client=client, by=coordinator, professional=owner)
        agreement(client, owner, due_on=local_today() - 3 * DAY)
        owners.append(owner)
    return owners


@pytest.mark.parametrize("failure", [RuntimeError, _Killed])
def test_a_digest_is_recorded_only_after_it_was_sent(
    coordinator, municipality, monkeypatch, failure
):
    """Issue #18, finding 8: the mail backend fails (an exception, or the worker killed) at the
    third mail; a re-run sends the rest: every recipient exactly one mail, and no DigestLog for
    a mail that was not sent."""
    from django.core.mail.backends.locmem import EmailBackend

    owners = _many_recipients(coordinator, municipality, 5)
    scan.run_scan(today=local_today())
    mail.outbox.clear()
    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def failing(self, messages):
        calls["n"] += 1
        if calls["n"] == 3:
            raise failure("mail server went away")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", failing)
    if failure is _Killed:
        with pytest.raises(_Killed):
            digest.send_digests(today=local_today())
    else:
        first = digest.send_digests(today=local_today())
        assert first["sent"] == len(mail.outbox) == calls["n"] - 1
    sent_to = {m.to[0] for m in mail.outbox}
    logged = set(
        DigestLog.objects.filter(sent_on=local_today()).values_list(
            "professional__email", flat=True
        )
    )
    assert logged == sent_to  # recorded exactly the mails that went out
    assert len(sent_to) == len(mail.outbox) == calls["n"] - 1
    assert len(sent_to) >= (2 if failure is _Killed else 5)

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    digest.send_digests(today=local_today())
    digest.send_digests(today=local_today())  # a third run changes nothing
    recipients = [m.to[0] for m in mail.outbox]
    for owner in owners:
        assert recipients.count(owner.email) == 1
    assert len(recipients) == len(set(recipients))
    assert DigestLog.objects.filter(sent_on=local_today()).count() == len(recipients)
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert len(ids) == len(recipients)  # one fixed Message-ID per professional and day
