"""Issue 18, finding 19: a retention run removes the audit events past their 12 years as a
whole oldest prefix, through a signed retention cut, in the run's transaction; the chain
still verifies; the dry run changes nothing; a broken prefix is never removed."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from polku.audit.models import AuditEvent, RetentionCut
from polku.audit.verification import verify_stored_chain
from polku.clients.models import Client
from polku.privacy import retention
from tests.audit.test_retention_cuts import event_at
from tests.audit.test_tamper_evidence import _as_owner
from tests.privacy.test_retention import TODAY, closed_client, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dirs(settings, tmp_path):
    settings.POLKU_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    settings.POLKU_RESEARCH_EXPORT_DIR = tmp_path / "exports"


@pytest.fixture
def trail(request):
    """Four audit events of 2011–2013 (past 12 years on 2.12.2026), then one of 2015 and the
    events of today's work: a coordinator, an expired client and an active one."""
    old = [
        event_at(timezone.make_aware(dt.datetime(2011 + n // 2, 3 + n, 1, 12)), f"old{n}")
        for n in range(4)
    ]
    kept_from_2015 = event_at(timezone.make_aware(dt.datetime(2015, 1, 2, 12)), "2015")
    coordinator = request.getfixturevalue("coordinator")
    expired = closed_client(coordinator, closed_on=dt.date(2013, 6, 30))
    return {"old": old, "first_kept": kept_from_2015, "expired": expired}


def snapshot_with_cuts():
    return {**snapshot(), "RetentionCut": list(RetentionCut.objects.values())}


def test_dry_run_reports_the_expired_prefix_and_changes_nothing(trail):
    before = snapshot_with_cuts()
    report = retention.dry_run(TODAY).by_kind()["audit_events"]
    assert snapshot_with_cuts() == before
    assert (report.count, report.oldest, report.done) == (4, dt.date(2011, 3, 1), False)
    assert report.not_done_reason == ""
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "4 events would be deleted; the oldest from 1.3.2011" in out.getvalue()
    assert snapshot_with_cuts() == before


def test_a_run_removes_exactly_the_expired_prefix_and_the_chain_stays_intact(
    trail, django_capture_on_commit_callbacks, capsys
):
    call_command("anchor_audit_chain")  # links the events first (issue 20), then signs
    kept = list(AuditEvent.objects.filter(pk__gte=trail["first_kept"].pk).values())
    with django_capture_on_commit_callbacks(execute=True):
        report = retention.apply_retention(TODAY).by_kind()["audit_events"]
    assert (report.count, report.done) == (4, True)
    run_event = AuditEvent.objects.get(target="retention")
    # exactly the prefix went; everything after it is as it was, and the run's event stays
    assert list(AuditEvent.objects.exclude(pk=run_event.pk).values()) == kept
    cut = RetentionCut.objects.get()
    assert (cut.last_event_id, cut.position, cut.removed) == (trail["old"][-1].pk, 4, 4)
    assert run_event.details["kinds"]["audit_events"] == {
        "action": "delete",
        "years": 12,
        "cutoff": "2014-12-02",
        "count": 4,
        "oldest": "2011-03-01",
        "done": True,
        "last_event_id": trail["old"][-1].pk,
        "position": 4,
        "cut_id": cut.pk,
    }
    assert Client.objects.get(pk=trail["expired"].pk).last_name == retention.ERASED
    call_command("sequence_audit")  # the run's own event, appended unsequenced (issue 20)
    capsys.readouterr()
    call_command("verify_audit_chain")
    out = capsys.readouterr().out
    assert f"Audit chain intact: {len(kept) + 1} events verified." in out
    assert "removed the oldest 4 events" in out and "matches" in out


def test_a_second_run_removes_nothing_more(trail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        retention.apply_retention(TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = retention.apply_retention(TODAY).by_kind()["audit_events"]
    assert (second.count, second.done) == (0, True)
    assert RetentionCut.objects.count() == 1
    assert AuditEvent.objects.filter(target="retention").count() == 2
    assert verify_stored_chain().intact


def test_a_failure_after_the_cut_changes_nothing(trail, monkeypatch):
    """The cut is made before the run's own audit event: when writing that fails, the removed
    events, the cut and the anonymised client are all back."""
    before = snapshot_with_cuts()

    def broken(**kwargs):
        raise RuntimeError("the audit store is down")

    monkeypatch.setattr("polku.audit.services.record", broken)
    with pytest.raises(RuntimeError, match="audit store is down"):
        retention.apply_retention(TODAY)
    assert snapshot_with_cuts() == before
    assert verify_stored_chain().intact


def test_a_broken_prefix_is_not_removed_and_the_rest_of_the_run_goes_on(
    trail, django_capture_on_commit_callbacks
):
    victim = trail["old"][1]
    _as_owner([("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [victim.pk])])
    with django_capture_on_commit_callbacks(execute=True):
        report = retention.apply_retention(TODAY).by_kind()
    audit_report = report["audit_events"]
    assert not audit_report.done
    assert f"broken at event {victim.pk}" in audit_report.not_done_reason
    assert AuditEvent.objects.filter(pk=victim.pk).exists()
    assert not RetentionCut.objects.exists()
    assert report["client_records"].done
    assert Client.objects.get(pk=trail["expired"].pk).last_name == retention.ERASED
    with pytest.raises(CommandError, match=f"broken at event {victim.pk}"):
        call_command("verify_audit_chain")


def test_the_command_reports_the_events_deleted(trail, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=out)
    assert "4 events deleted; the oldest from 1.3.2011" in out.getvalue()
