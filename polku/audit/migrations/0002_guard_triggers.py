"""The audit trail's guard triggers, version 1: audit events refuse UPDATE, DELETE and (on
PostgreSQL) TRUNCATE, with no exception.

The SQL is frozen here as text, as this migration installed it: later changes to
polku.audit.triggers (the live guards) do not alter what this migration does."""

from django.db import migrations

# The guard, version 1 (polku.audit.triggers.V1 as it was), per database.
V1_DROP_SQLITE = [
    "DROP TRIGGER IF EXISTS audit_event_append_only_0",
    "DROP TRIGGER IF EXISTS audit_event_append_only_1",
]
V1_CREATE_SQLITE = [
    "CREATE TRIGGER audit_event_append_only_0 BEFORE UPDATE ON audit_auditevent FOR EACH ROW "
    "WHEN 1 BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER audit_event_append_only_1 BEFORE DELETE ON audit_auditevent FOR EACH ROW "
    "WHEN 1 BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
]
V1_DROP_POSTGRESQL = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_append_only_truncate ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_append_only_fn()",
]
V1_CREATE_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION audit_event_append_only_fn() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN IF TG_LEVEL = 'STATEMENT' OR (TRUE) THEN RAISE EXCEPTION 'audit events are "
    "append-only' USING ERRCODE = 'check_violation'; END IF; IF TG_OP = 'DELETE' THEN RETURN "
    "OLD; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent FOR "
    "EACH ROW EXECUTE FUNCTION audit_event_append_only_fn()",
    "CREATE TRIGGER audit_event_append_only_truncate BEFORE TRUNCATE ON audit_auditevent FOR "
    "EACH STATEMENT EXECUTE FUNCTION audit_event_append_only_fn()",
]

V1_DROP = {"sqlite": V1_DROP_SQLITE, "postgresql": V1_DROP_POSTGRESQL}
V1_INSTALL = {
    vendor: V1_DROP[vendor] + create
    for vendor, create in (("sqlite", V1_CREATE_SQLITE), ("postgresql", V1_CREATE_POSTGRESQL))
}


def _run(connection, statements: dict) -> None:
    if connection.vendor not in statements:
        raise NotImplementedError(f"No trigger SQL for the {connection.vendor} database.")
    with connection.cursor() as cursor:
        for statement in statements[connection.vendor]:
            cursor.execute(statement)


def install(apps, schema_editor):
    _run(schema_editor.connection, V1_INSTALL)


def uninstall(apps, schema_editor):
    _run(schema_editor.connection, V1_DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
