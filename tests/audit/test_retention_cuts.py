"""Issue 18, finding 19: audit events past their retention period are removed as a whole
oldest prefix through a signed retention cut; the chain then verifies from the cut, and the
tampering the chain and checkpoints caught before is still caught (a non-prefix event, a
forged cut, the newest events, the cut itself)."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from polku.audit import chain, cuts
from polku.audit import services as audit
from polku.audit.models import Action, AuditEvent, RetentionCut
from polku.audit.sequencer import sequence
from polku.audit.verification import verify_stored_chain
from tests.audit.test_tamper_evidence import _as_owner

pytestmark = pytest.mark.django_db
REFUSED = (IntegrityError, DatabaseError)
# Events before this moment have passed the 12-year period (today is 2.12.2026).
BEFORE = timezone.make_aware(dt.datetime(2014, 12, 2))


@pytest.fixture(autouse=True)
def anchor_dir(settings, tmp_path):
    settings.POLKU_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    return settings.POLKU_AUDIT_ANCHOR_DIR


def event_at(when: dt.datetime, purpose: str, actor=None, client=None) -> AuditEvent:
    """An event as it was written on `when` (the append itself, with a given time)."""
    built = audit._build(
        actor=actor,
        action=Action.VIEW,
        client_id=getattr(client, "pk", None),
        target="client",
        purpose=purpose,
        request=None,
        details=None,
        occurred_at=when,
    )
    return audit._append([built])[0]


@pytest.fixture
def history(request):
    """Four events of 2011–2013 (expired), two of 2016 and 2024, one of today — the old ones
    first: making the coordinator and the client writes events of today."""
    old = [
        event_at(timezone.make_aware(dt.datetime(2011 + n // 2, 3 + n, 1)), f"old{n}")
        for n in range(4)
    ]
    coordinator = request.getfixturevalue("coordinator")
    client_record = request.getfixturevalue("client_record")
    event_at(timezone.make_aware(dt.datetime(2016, 5, 1)), "kept0", coordinator, client_record)
    event_at(timezone.make_aware(dt.datetime(2024, 5, 1)), "kept1", coordinator, client_record)
    audit.record(actor=coordinator, action=Action.VIEW, client=client_record, purpose="now")
    sequence()  # the chain settled, as the sequencer leaves it
    old = list(AuditEvent.objects.filter(pk__lte=old[-1].pk))
    return {"old": old, "kept": list(AuditEvent.objects.filter(pk__gt=old[-1].pk))}


def total(history) -> int:
    return len(history["old"]) + len(history["kept"])


def _ids(events):
    return [e.pk for e in events]


def make_cut(django_capture_on_commit_callbacks, before=BEFORE):
    with django_capture_on_commit_callbacks(execute=True):
        return cuts.cut(cuts.plan(before))


def test_a_cut_removes_exactly_the_expired_prefix_and_the_chain_verifies(
    history, django_capture_on_commit_callbacks, capsys
):
    planned = cuts.plan(BEFORE)
    assert (planned.count, planned.last_event_id, planned.problem) == (
        4,
        history["old"][-1].pk,
        "",
    )
    made = make_cut(django_capture_on_commit_callbacks)
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == _ids(history["kept"])
    assert (made.position, made.removed, made.last_hash) == (4, 4, history["old"][-1].hash)
    call_command("verify_audit_chain")
    out = capsys.readouterr().out
    assert f"Audit chain intact: {len(history['kept'])} events verified." in out
    assert "removed the oldest 4 events" in out
    # the checkpoint written when the cut committed
    assert f"({total(history)} events) matches" in out


def test_a_cut_is_signed_and_the_checkpoints_count_from_the_start(
    history, django_capture_on_commit_callbacks, anchor_dir, settings
):
    call_command("anchor_audit_chain")  # before the cut: every event
    made = make_cut(django_capture_on_commit_callbacks)
    key = chain.derive_key(settings.POLKU_AUDIT_KEY)
    assert made.key_id == key.id and made.signature == cuts.signature(made, key)
    counts = sorted(json.loads(p.read_text())["count"] for p in anchor_dir.glob("checkpoint-*"))
    assert counts == [total(history)] * 2
    assert verify_stored_chain().intact


def test_a_checkpoint_whose_head_was_removed_by_the_cut_still_matches(
    request, django_capture_on_commit_callbacks
):
    for n in range(3):
        event_at(timezone.make_aware(dt.datetime(2012, 1, n + 1)), f"o{n}")
    call_command("anchor_audit_chain")  # sequences, then its head is the newest old event
    last_old = AuditEvent.objects.order_by("id").last()
    with django_capture_on_commit_callbacks(execute=False):  # no checkpoint after the cut
        cuts.cut(cuts.plan(BEFORE))
    assert not AuditEvent.objects.exists()
    # The next event links to the cut, not to the genesis hash.
    event = audit.record(actor=None, action=Action.LOGIN_FAILED)
    sequence()
    assert AuditEvent.objects.get(pk=event.pk).prev_hash == last_old.hash
    coordinator = request.getfixturevalue("coordinator")
    audit.record(actor=coordinator, action=Action.VIEW)
    sequence()
    verdict = verify_stored_chain()
    assert verdict.intact and verdict.removed == 3
    assert verdict.checked == AuditEvent.objects.count() >= 2


def test_two_cuts_follow_one_another(history, django_capture_on_commit_callbacks):
    first = make_cut(django_capture_on_commit_callbacks, before=history["old"][2].occurred_at)
    second = make_cut(django_capture_on_commit_callbacks)
    assert (first.removed, first.position, second.removed, second.position) == (2, 2, 2, 4)
    assert verify_stored_chain().intact


def test_the_dry_plan_changes_nothing(history):
    before = list(AuditEvent.objects.values())
    assert cuts.plan(BEFORE).count == 4
    assert list(AuditEvent.objects.values()) == before
    assert not RetentionCut.objects.exists()


# --- tampering is still caught --------------------------------------------------------------


def test_deleting_an_event_after_the_cut_breaks_the_chain(
    history, django_capture_on_commit_callbacks
):
    make_cut(django_capture_on_commit_callbacks)
    victim, following = history["kept"][0], history["kept"][1]
    _as_owner([("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])])
    with pytest.raises(CommandError, match=f"broken at event {following.pk}: prev_hash"):
        call_command("verify_audit_chain")


def test_deleting_a_non_prefix_event_without_a_cut_breaks_the_chain(history):
    _as_owner([("DELETE FROM audit_auditevent WHERE id = %s", [history["old"][1].pk])])
    with pytest.raises(CommandError, match=f"broken at event {history['old'][2].pk}"):
        call_command("verify_audit_chain")


def test_deleting_the_oldest_events_without_a_cut_breaks_the_chain(history):
    _as_owner([("DELETE FROM audit_auditevent WHERE id <= %s", [history["old"][-1].pk])])
    first_kept = history["kept"][0]
    with pytest.raises(CommandError, match=f"broken at event {first_kept.pk}: prev_hash"):
        call_command("verify_audit_chain")


def test_deleting_more_than_the_cut_removed_breaks_the_chain(
    history, django_capture_on_commit_callbacks
):
    make_cut(django_capture_on_commit_callbacks, before=history["old"][2].occurred_at)
    _as_owner([("DELETE FROM audit_auditevent WHERE id <= %s", [history["old"][-1].pk])])
    with pytest.raises(CommandError, match=f"broken at event {history['kept'][0].pk}"):
        call_command("verify_audit_chain")


def _forged_cut(last: AuditEvent, position: int, key: chain.ChainKey, signature=None):
    forged = RetentionCut(
        last_event_id=last.pk,
        last_hash=last.hash,
        position=position,
        removed=position,
        before=BEFORE,
        made_at=timezone.now(),
        key_id=key.id,
    )
    forged.signature = signature or cuts.signature(forged, key)
    return forged


@pytest.mark.parametrize("how", ["guessed key", "made-up signature"])
def test_a_cut_forged_without_the_key_is_reported(history, settings, how):
    """The owner removes the two oldest events and records a cut for them: without the key
    its signature cannot be made."""
    key = chain.derive_key(settings.POLKU_AUDIT_KEY)
    last = history["old"][1]
    if how == "guessed key":
        guessed = chain.derive_key("polku-development-audit-key")
        forged = _forged_cut(last, 2, key, cuts.signature(_forged_cut(last, 2, key), guessed))
    else:
        forged = _forged_cut(last, 2, key, signature="ab" * 32)
    forged.save()
    _as_owner([("DELETE FROM audit_auditevent WHERE id <= %s", [last.pk])])
    with pytest.raises(CommandError, match=r"retention cuts do not verify: .*signature does not"):
        call_command("verify_audit_chain")


def test_an_altered_cut_is_reported(history, django_capture_on_commit_callbacks):
    made = make_cut(django_capture_on_commit_callbacks)
    _as_owner([("UPDATE audit_retentioncut SET position = 3 WHERE id = %s", [made.pk])])
    verdict = verify_stored_chain()
    assert not verdict.intact
    assert "signature does not match" in verdict.cut_problem


def test_deleting_the_cut_breaks_the_chain(history, django_capture_on_commit_callbacks):
    make_cut(django_capture_on_commit_callbacks)
    _as_owner([("DELETE FROM audit_retentioncut", [])])
    with pytest.raises(CommandError, match=f"broken at event {history['kept'][0].pk}: prev_hash"):
        call_command("verify_audit_chain")


def test_deleting_the_newest_events_after_a_cut_is_reported(
    history, django_capture_on_commit_callbacks
):
    make_cut(django_capture_on_commit_callbacks)  # and its checkpoint of every event
    _as_owner([("DELETE FROM audit_auditevent WHERE id >= %s", [history["kept"][1].pk])])
    with pytest.raises(CommandError, match="missing") as raised:
        call_command("verify_audit_chain")
    assert f"recorded {total(history)} events" in str(raised.value)
    assert "the database has 1 events after 4 removed by retention" in str(raised.value)


def test_an_event_left_before_the_cut_is_reported(history, settings):
    """A cut recorded (even with the key) but the prefix not removed: the stored events before
    it cannot be verified from it."""
    key = chain.derive_key(settings.POLKU_AUDIT_KEY)
    _forged_cut(history["old"][-1], 4, key).save()
    with pytest.raises(CommandError, match="precedes the retention cut"):
        call_command("verify_audit_chain")


def test_a_broken_prefix_is_not_signed_away(history):
    victim = history["old"][1]
    _as_owner([("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [victim.pk])])
    planned = cuts.plan(BEFORE)
    assert f"broken at event {victim.pk}" in planned.problem
    with pytest.raises(cuts.CutRefused, match="broken"):
        cuts.cut(planned)
    assert AuditEvent.objects.count() == total(history) and not RetentionCut.objects.exists()


def test_a_forged_cut_stops_the_next_cut(history, settings, django_capture_on_commit_callbacks):
    made = make_cut(django_capture_on_commit_callbacks, before=history["old"][2].occurred_at)
    _as_owner([("UPDATE audit_retentioncut SET made_at = %s WHERE id = %s", [BEFORE, made.pk])])
    planned = cuts.plan(BEFORE)
    assert "signature does not match" in planned.problem and planned.count == 2


# --- the narrow exception in the guard ------------------------------------------------------


def test_young_events_are_never_cut(history):
    planned = cuts.plan(timezone.now())
    assert "less than 12 years ago" in planned.problem
    young = cuts.CutPlan(
        before=timezone.now(),
        start=chain.GENESIS,
        count=total(history),
        last_event_id=history["kept"][-1].pk,
        last_hash=history["kept"][-1].hash,
        oldest=None,
    )
    with pytest.raises(cuts.CutRefused, match="younger than 12 years"):
        cuts.cut(young)
    assert AuditEvent.objects.count() == total(history) and not RetentionCut.objects.exists()


def test_a_plan_made_before_another_cut_is_refused(history, django_capture_on_commit_callbacks):
    stale = cuts.plan(BEFORE)
    make_cut(django_capture_on_commit_callbacks, before=history["old"][2].occurred_at)
    with pytest.raises(cuts.CutRefused, match="another retention cut"):
        cuts.cut(stale)


def test_a_delete_outside_a_cut_is_refused_even_with_a_cut_recorded(
    history, django_capture_on_commit_callbacks
):
    make_cut(django_capture_on_commit_callbacks, before=history["old"][2].occurred_at)
    for event in (history["old"][2], history["kept"][0]):
        with pytest.raises(REFUSED), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.count() == total(history) - 2


def test_the_exception_covers_only_events_up_to_the_latest_cut(
    history, django_capture_on_commit_callbacks
):
    """Switched on by hand, the exception still refuses an event after the latest cut and
    every update."""
    make_cut(django_capture_on_commit_callbacks, before=history["old"][2].occurred_at)
    newer = history["old"][2]
    with pytest.raises(REFUSED), transaction.atomic(), _exception_on():
        AuditEvent.objects.filter(pk=newer.pk).delete()
    with pytest.raises(REFUSED), transaction.atomic(), _exception_on():
        AuditEvent.objects.filter(pk=newer.pk).update(purpose="x")
    assert AuditEvent.objects.filter(pk=newer.pk, purpose="old2").exists()


class _exception_on:
    """The guard's exception switched on as the cut does: SET LOCAL on PostgreSQL, the
    connection's function on SQLite."""

    def __enter__(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL polku.audit_retention = on")
            self.inner = None
        else:
            self.inner = cuts.retention_exception()
            self.inner.__enter__()

    def __exit__(self, *exc):
        if self.inner is not None:
            self.inner.__exit__(*exc)


def test_the_cut_table_is_append_only(history, django_capture_on_commit_callbacks):
    made = make_cut(django_capture_on_commit_callbacks)
    with pytest.raises(REFUSED), transaction.atomic():
        RetentionCut.objects.filter(pk=made.pk).update(position=1)
    with pytest.raises(REFUSED), transaction.atomic():
        RetentionCut.objects.filter(pk=made.pk).delete()
    assert RetentionCut.objects.get(pk=made.pk).position == 4


def test_a_failure_after_the_cut_changes_nothing(history):
    before = list(AuditEvent.objects.values())
    with pytest.raises(RuntimeError, match="later step"), transaction.atomic():
        cuts.cut(cuts.plan(BEFORE))
        raise RuntimeError("a later step of the run failed")
    assert list(AuditEvent.objects.values()) == before
    assert not RetentionCut.objects.exists()
    assert verify_stored_chain().intact


@pytest.mark.postgres
def test_the_function_refuses_anything_but_the_latest_cut(history):
    with (
        pytest.raises(REFUSED, match="latest recorded cut"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT polku_audit_retention_cut(%s)", [history["old"][1].pk])
    assert AuditEvent.objects.count() == total(history)


@pytest.mark.postgres
def test_the_function_refuses_young_events_by_the_databases_clock(history, settings):
    """A cut recorded over events younger than 12 years (the application's clock can be
    wrong; PostgreSQL's now() decides): the function removes nothing."""
    key = chain.derive_key(settings.POLKU_AUDIT_KEY)
    last = history["kept"][-3]  # 2016
    with pytest.raises(REFUSED, match="younger than 12 years"), transaction.atomic():
        _forged_cut(last, 5, key).save()
        with connection.cursor() as cursor:
            cursor.execute("SELECT polku_audit_retention_cut(%s)", [last.pk])
    assert AuditEvent.objects.count() == total(history)
