"""Issue 18, finding 5: whoever owns the database must not be able to rewrite the audit trail
unnoticed. Re-hashing later rows with Polku's own (unkeyed) hash function, or deleting the
newest events, was reported as 'intact'."""

import json
import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from polku.audit import chain
from polku.audit import services as audit
from polku.audit.checks import check_audit_key
from polku.audit.models import Action, AuditEvent
from polku.audit.rekey import OldChainBroken, rekey
from polku.audit.sequencer import sequence
from polku.audit.tasks import anchor_audit_chain, verify_audit_chain
from polku.audit.triggers import TRIGGERS
from polku.core import triggers
from polku.core.db_roles import as_session_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def anchor_dir(settings, tmp_path):
    settings.POLKU_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    return settings.POLKU_AUDIT_ANCHOR_DIR


@pytest.fixture
def events(coordinator, client_record):
    for purpose in ("a", "b", "c", "d", "e"):
        audit.record(actor=coordinator, action=Action.VIEW, client=client_record, purpose=purpose)
    sequence()
    return list(AuditEvent.objects.order_by("id"))


def _as_owner(statements):
    """What the database owner can do: lift the guard triggers, run SQL, restore them."""
    with as_session_role(connection):
        triggers.uninstall_all(connection, TRIGGERS)
        try:
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
        finally:
            triggers.install_all(connection, TRIGGERS)


def _stored_fields(event_id):
    return AuditEvent.objects.values("id", "prev_hash", "hash", *chain.HASHED_FIELDS).get(
        pk=event_id
    )


def _rehash_from(first_id, rehash):
    """Recompute `hash` (and the next `prev_hash`) of every event from `first_id` on."""
    later = AuditEvent.objects.filter(id__gte=first_id).order_by("id")
    ids = list(later.values_list("id", flat=True))
    earlier = AuditEvent.objects.filter(id__lt=first_id).order_by("-id")
    prev = earlier.values_list("hash", flat=True).first() or chain.GENESIS_HASH
    for event_id in ids:
        fields = _stored_fields(event_id)
        new_hash = rehash(prev, fields)
        _as_owner(
            [
                (
                    "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                    [prev, new_hash, event_id],
                )
            ]
        )
        prev = new_hash


def test_rewriting_with_the_modules_own_hash_function_is_reported(events):
    victim = events[1]
    _as_owner(
        [("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["rewritten", victim.pk])]
    )
    _rehash_from(victim.pk, chain.event_hash)
    with pytest.raises(CommandError, match=f"broken at event {victim.pk}"):
        call_command("verify_audit_chain")


def test_rewriting_with_a_guessed_key_is_reported(events):
    victim = events[2]
    _as_owner(
        [("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["rewritten", victim.pk])]
    )
    guessed = chain.derive_key("polku-development-audit-key")
    key_id = AuditEvent.objects.get(pk=victim.pk).key_id
    _rehash_from(victim.pk, lambda prev, fields: chain.keyed_hash(guessed, key_id, prev, fields))
    with pytest.raises(CommandError, match=f"broken at event {victim.pk}: content"):
        call_command("verify_audit_chain")


def test_deleting_the_newest_events_is_reported_against_the_last_checkpoint(events, capsys):
    call_command("anchor_audit_chain")
    _as_owner([("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].pk])])
    with pytest.raises(CommandError, match="missing") as raised:
        call_command("verify_audit_chain")
    assert f"{len(events)} events" in str(raised.value)
    assert "3 events" in str(raised.value)


def test_the_hash_is_keyed_and_names_its_key(events, settings):
    key = chain.derive_key(settings.POLKU_AUDIT_KEY)
    for event in events:
        assert event.key_id == key.id
        fields = _stored_fields(event.pk)
        assert event.hash == chain.keyed_hash(key, key.id, event.prev_hash, fields)
        assert event.hash != chain.event_hash(event.prev_hash, fields)


def test_a_rotated_key_verifies_old_events_while_it_is_kept(
    events, settings, coordinator, client_record
):
    old_key = settings.POLKU_AUDIT_KEY
    settings.POLKU_AUDIT_KEY = "a-new-audit-key-after-rotation-0123456789"
    settings.POLKU_AUDIT_OLD_KEYS = [old_key]
    audit.record(actor=coordinator, action=Action.VIEW, client=client_record)
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest.key_id == chain.derive_key(settings.POLKU_AUDIT_KEY).id != events[0].key_id
    call_command("verify_audit_chain")

    settings.POLKU_AUDIT_OLD_KEYS = []
    with pytest.raises(CommandError, match=f"broken at event {events[0].pk}: its key"):
        call_command("verify_audit_chain")


def test_an_unset_key_refuses_to_write_unkeyed_events(settings, coordinator, client_record):
    settings.POLKU_AUDIT_KEY = ""
    with pytest.raises(chain.MissingKey, match="POLKU_AUDIT_KEY"):
        audit.record(actor=coordinator, action=Action.VIEW, client=client_record)


def test_a_checkpoint_names_the_head_and_is_signed(events, anchor_dir, capsys):
    call_command("anchor_audit_chain")
    (path,) = anchor_dir.glob("checkpoint-*.json")
    content = json.loads(path.read_text())
    assert content["count"] == len(events)
    assert content["head_id"] == events[-1].pk
    assert content["head_hash"] == events[-1].hash
    assert len(content["signature"]) == 64
    call_command("verify_audit_chain")
    assert f"({len(events)} events) matches" in capsys.readouterr().out


def test_the_latest_checkpoint_is_used(events, coordinator, client_record):
    call_command("anchor_audit_chain")
    audit.record(actor=coordinator, action=Action.VIEW, client=client_record)
    call_command("anchor_audit_chain")
    newest = AuditEvent.objects.order_by("-id").first()
    _as_owner([("DELETE FROM audit_auditevent WHERE id = %s", [newest.pk])])
    with pytest.raises(CommandError, match=f"recorded {len(events) + 1} events"):
        call_command("verify_audit_chain")


def test_a_forged_checkpoint_is_reported(events, anchor_dir):
    call_command("anchor_audit_chain")
    (path,) = anchor_dir.glob("checkpoint-*.json")
    content = json.loads(path.read_text())
    content["count"] = 2
    path.write_text(json.dumps(content))
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("verify_audit_chain")


def test_a_prefix_rewritten_with_a_leaked_key_is_caught_by_the_checkpoint(events, settings):
    call_command("anchor_audit_chain")
    key = chain.derive_key(settings.POLKU_AUDIT_KEY)
    victim = events[1]
    _as_owner(
        [("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["rewritten", victim.pk])]
    )
    _rehash_from(victim.pk, lambda prev, fields: chain.keyed_hash(key, key.id, prev, fields))
    with pytest.raises(CommandError, match=f"up to event {events[-1].pk} was rewritten"):
        call_command("verify_audit_chain")


def test_without_a_checkpoint_the_command_warns(events, capsys):
    call_command("verify_audit_chain")
    assert "No checkpoint to compare with" in capsys.readouterr().err


def test_the_tasks_anchor_and_verify(events, anchor_dir, caplog):
    assert anchor_audit_chain.enqueue().return_value == {
        "count": len(events),
        "head_id": events[-1].pk,
    }
    _as_owner([("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])])
    with caplog.at_level(logging.ERROR, logger="polku.audit.tasks"):
        result = verify_audit_chain.enqueue().return_value
    assert result["broken_at"] is None
    assert "events are missing" in result["checkpoint_problem"]
    assert "does not match its checkpoint" in caplog.text


def _unkeyed_chain():
    """The chain as it was before issue 18: plain SHA-256, no key id."""
    _rehash_from(AuditEvent.objects.order_by("id").first().pk, chain.event_hash)
    _as_owner([("UPDATE audit_auditevent SET key_id = ''", [])])


def test_the_migration_rekeys_an_intact_unkeyed_chain(events, settings):
    _unkeyed_chain()
    with pytest.raises(CommandError, match="not keyed"):
        call_command("verify_audit_chain")
    with as_session_role(connection):  # a migration runs as the owner
        assert rekey(connection, settings.POLKU_AUDIT_KEY) == len(events)
    call_command("verify_audit_chain")


def test_the_migration_refuses_to_rekey_a_broken_chain(events, settings):
    _unkeyed_chain()
    _as_owner([("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [events[2].pk])])
    with pytest.raises(OldChainBroken, match=f"broken at event {events[2].pk}"):
        rekey(connection, settings.POLKU_AUDIT_KEY)
    assert AuditEvent.objects.get(pk=events[0].pk).key_id == ""


@pytest.mark.parametrize(
    "value",
    ["", "short", "polku-test-audit-key", "polku-development-audit-key", "ab" * 20],
)
def test_check_deploy_refuses_a_weak_audit_key(settings, value):
    settings.POLKU_AUDIT_KEY = value
    (error,) = check_audit_key()
    assert error.id == "polku.E010"
    assert "POLKU_AUDIT_KEY" in error.msg


def test_check_deploy_accepts_a_strong_audit_key(settings):
    settings.POLKU_AUDIT_KEY = "Zq8vN3pL0xR7tY2wK5mB9cH4jF6gD1sA-audit"
    assert check_audit_key() == []
