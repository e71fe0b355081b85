import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from polku.audit import services as audit
from polku.audit.models import Action, AuditEvent
from polku.audit.sequencer import sequence
from polku.audit.triggers import TRIGGERS
from polku.core import triggers
from polku.core.db_roles import as_session_role

pytestmark = pytest.mark.django_db
REFUSED = (IntegrityError, DatabaseError)


@pytest.fixture
def events(coordinator, client_record):
    for purpose in ("a", "b", "c"):
        audit.record(actor=coordinator, action=Action.VIEW, client=client_record, purpose=purpose)
    sequence()
    return list(AuditEvent.objects.order_by("id"))


def test_event_records_who_when_which_client_what_and_why(coordinator, client_record):
    event = audit.record(
        actor=coordinator, action=Action.VIEW, client=client_record, target="client", purpose="x"
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id == coordinator.pk
    assert stored.actor_organisation_id == coordinator.organisation_id
    assert stored.actor_profession == coordinator.profession
    assert stored.client_id == client_record.pk
    assert (stored.action, stored.target, stored.purpose) == ("view", "client", "x")
    assert stored.occurred_at is not None


def test_update_and_delete_are_refused_by_the_database(events):
    with pytest.raises(REFUSED), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).update(purpose="tampered")
    with pytest.raises(REFUSED), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).delete()
    assert AuditEvent.objects.get(pk=events[0].pk).purpose == events[0].purpose


@pytest.mark.postgres
def test_truncate_is_refused_on_postgresql(events):
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent CASCADE")


def test_each_event_links_to_the_previous(events):
    for previous, current in itertools.pairwise(events):
        assert current.prev_hash == previous.hash


def test_verify_reports_an_intact_chain(events, capsys):
    call_command("verify_audit_chain")
    assert f"{len(AuditEvent.objects.all())} events verified" in capsys.readouterr().out


def _tamper(sql, params):
    """What an attacker with database access would do: lift the guard, change a row."""
    with as_session_role(connection):
        triggers.uninstall_all(connection, TRIGGERS)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
        finally:
            triggers.install_all(connection, TRIGGERS)


def test_verify_names_the_first_changed_event(events):
    victim = events[1]
    _tamper("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["changed", victim.pk])
    with pytest.raises(CommandError, match=f"broken at event {victim.pk}: content"):
        call_command("verify_audit_chain")


def test_verify_names_the_event_after_a_removed_one(events):
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"broken at event {events[2].pk}: prev_hash"):
        call_command("verify_audit_chain")


def test_record_many_continues_the_chain(coordinator, client_record, events):
    audit.record_many(
        actor=coordinator,
        action=Action.LIST,
        client_ids=[client_record.pk] * 3,
        purposes={client_record.pk: "coordination"},
    )
    call_command("verify_audit_chain")
    latest = AuditEvent.objects.order_by("-id")[:3]
    assert {e.purpose for e in latest} == {"coordination"}


def test_record_many_writes_the_rows_record_would(coordinator, client_record, rf):
    """One statement for a list (on PostgreSQL over arrays), yet each row the same as `record`
    writes, in the order given, each with its own MAC that the sequencer accepts."""
    from tests.factories import make_client

    other = make_client(coordinator=coordinator)
    request = rf.get("/worklist/", REMOTE_ADDR="10.1.2.3")
    request.user = coordinator
    shared = {
        "actor": coordinator,
        "action": Action.LIST,
        "target": "client_list",
        "request": request,
        "details": {"sivu": "työlista", "n": 2},
    }
    ids = [other.pk, client_record.pk, other.pk]
    assert audit.record_many(client_ids=ids, purposes={client_record.pk: "coordination"}, **shared)
    many = list(AuditEvent.objects.order_by("-id")[:3])[::-1]
    one = audit.record(client=client_record, purpose="coordination", **shared)
    one = AuditEvent.objects.get(pk=one.pk)

    def content(event):
        return {
            f.attname: getattr(event, f.attname)
            for f in AuditEvent._meta.concrete_fields
            if f.attname not in {"id", "occurred_at", "hash"}
        }

    assert [e.client_id for e in many] == ids
    assert [e.purpose for e in many] == ["", "coordination", ""]
    assert content(many[1]) == content(one)
    assert content(many[1])["ip_address"] == "10.1.2.3"
    assert len({e.occurred_at for e in many}) == 1
    assert many[0].hash == many[2].hash != many[1].hash  # the same content at the same moment
    linked = sequence()  # checks each unsequenced event's own MAC before linking it
    assert (linked.stopped, linked.waiting) == (None, 0) and linked.linked >= 4
    call_command("verify_audit_chain")
