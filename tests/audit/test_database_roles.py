"""The application's PostgreSQL role may only read and append audit events: UPDATE, DELETE,
TRUNCATE and dropping the guard triggers are refused by the database itself."""

import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from polku.audit import services as audit
from polku.audit.models import Action, AuditEvent
from polku.audit.roles import create_statements, grant_statements
from polku.core.db_roles import as_session_role
from tests.conftest import APP_ROLE

pytestmark = pytest.mark.django_db


def test_the_command_prints_the_roles_sql(capsys):
    call_command("database_roles", "--create")
    out = capsys.readouterr().out
    assert "CREATE ROLE polku_owner LOGIN;" in out
    assert "GRANT SELECT, INSERT ON public.audit_auditevent TO polku_app;" in out
    assert "REVOKE ALL ON public.audit_auditevent FROM polku_app;" in out


def test_a_role_name_is_checked():
    with pytest.raises(ValueError, match="role name"):
        grant_statements("app; DROP TABLE x")


@pytest.fixture
def as_app_role(coordinator, client_record):
    """CREATE ROLE is transactional on PostgreSQL: the test's rollback removes the role."""
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"polku_owner_{suffix}", f"polku_app_{suffix}"
    with as_session_role(connection), connection.cursor() as cursor:
        for statement in [*create_statements(owner, app), *grant_statements(app)]:
            cursor.execute(statement)
    audit.record(actor=coordinator, action=Action.VIEW, client=client_record, purpose="before")

    def run(sql, params=()):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {app}")
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    run.role = app
    return run


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET purpose = 'changed'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent CASCADE",
        "DROP TRIGGER audit_event_append_only ON audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "UPDATE audit_auditevent_default SET purpose = 'changed'",
        "INSERT INTO audit_auditevent_default SELECT * FROM audit_auditevent",
        "LOCK TABLE audit_auditevent IN SHARE MODE",
    ],
)
def test_the_application_role_cannot_change_the_audit_trail(as_app_role, sql):
    with pytest.raises(DatabaseError, match=r"permission denied|must be owner"):
        as_app_role(sql)
    assert AuditEvent.objects.filter(purpose="before").exists()


@pytest.mark.postgres
def test_the_application_role_reads_and_appends(as_app_role, coordinator, client_record):
    assert as_app_role("SELECT count(*) FROM audit_auditevent")[0][0] >= 1
    app = as_app_role.role
    # Appending through Polku's own code (advisory lock, chain head, insert) under the role:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app}")
        audit.record(actor=coordinator, action=Action.VIEW, client=client_record, purpose="after")
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == app
    assert AuditEvent.objects.filter(purpose="after").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # the roles must be committed for a second connection
def test_a_connection_as_the_application_role_is_refused_changes(coordinator, client_record):
    import psycopg

    audit.record(actor=coordinator, action=Action.VIEW, client=client_record, purpose="kept")
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"polku_owner_{suffix}", f"polku_app_{suffix}"
    with as_session_role(connection), connection.cursor() as cursor:
        for statement in [*create_statements(owner, app), *grant_statements(app)]:
            cursor.execute(statement)
    db = connection.settings_dict
    try:
        with psycopg.connect(
            dbname=db["NAME"], host=db["HOST"], port=db["PORT"] or 5432, user=app
        ) as as_app:
            assert as_app.execute("SELECT current_user").fetchone()[0] == app
            assert as_app.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] >= 1
            as_app.rollback()
            for sql in (
                "UPDATE audit_auditevent SET purpose = 'changed'",
                "DELETE FROM audit_auditevent",
                "TRUNCATE audit_auditevent CASCADE",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    as_app.execute(sql)
                as_app.rollback()
    finally:
        with as_session_role(connection), connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {app}")
            cursor.execute(f"DROP ROLE {app}")
            cursor.execute(f"DROP ROLE {owner}")
    assert AuditEvent.objects.filter(purpose="kept").exists()


@pytest.mark.postgres
def test_the_application_role_removes_expired_events_only_through_a_cut(request):
    """Any role may set `polku.audit_retention`, but the application role has no DELETE
    privilege: it removes expired events only through the cut function, which removes the
    verified oldest prefix up to the latest signed cut and nothing else."""
    from polku.audit import cuts
    from polku.audit.sequencer import sequence
    from tests.audit.test_retention_cuts import BEFORE, event_at

    old = [event_at(BEFORE.replace(year=2012, month=n + 1), f"old{n}") for n in range(2)]
    coordinator = request.getfixturevalue("coordinator")
    audit.record(actor=coordinator, action=Action.VIEW, purpose="kept")
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"polku_owner_{suffix}", f"polku_app_{suffix}"
    with as_session_role(connection), connection.cursor() as cursor:
        for statement in [*create_statements(owner, app), *grant_statements(app)]:
            cursor.execute(statement)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app}")
        cursor.execute("SET LOCAL polku.audit_retention = on")
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [old[0].pk])
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            cursor.execute("DELETE FROM audit_retentioncut")
        # The application role links its events through the sequencer's functions.
        assert sequence().linked >= 3
        made = cuts.cut(cuts.plan(BEFORE))
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == app
    assert (made.removed, made.last_event_id) == (2, old[-1].pk)
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEvent.objects.filter(purpose="kept").exists()


def test_the_grants_cover_the_cuts_and_the_cut_function():
    statements = grant_statements("polku_app")
    assert "GRANT SELECT, INSERT ON public.audit_retentioncut TO polku_app" in statements
    assert (
        "GRANT EXECUTE ON FUNCTION public.polku_audit_seal(bigint[], timestamptz[], text[], "
        "text[], text) TO polku_app" in statements
    )
    assert (
        "GRANT EXECUTE ON FUNCTION public.polku_audit_retention_cut(bigint) TO polku_app"
        in statements
    )


@pytest.mark.postgres
def test_the_suite_runs_as_the_application_role(coordinator, client_record):
    """As production: the tests' application code cannot change the audit trail either."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, session_user")
        current, session = cursor.fetchone()
    assert current == APP_ROLE != session
    audit.record(actor=coordinator, action=Action.VIEW, client=client_record, purpose="x")
    denied = pytest.raises(DatabaseError, match="permission denied")
    with denied, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(purpose="x").exists()
