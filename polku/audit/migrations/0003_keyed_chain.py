"""The audit chain keyed (issue 18): each event records the id of the key its HMAC is under,
and the events written before are verified and re-keyed once (polku.audit.rekey).

The guard triggers' SQL is frozen here as text (version 1, as migration 0002 installed it):
later changes to polku.audit.triggers do not alter what this migration does."""

from types import SimpleNamespace

from django.conf import settings
from django.db import migrations, models


# The guard, version 1 (as in migration 0002), per database.
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


# The guards lifted while the chain is re-keyed, in the shape polku.audit.rekey takes
# (name, create and drop statements per database).
V1_GUARDS = (
    SimpleNamespace(
        name="audit_event_append_only",
        create={"sqlite": V1_CREATE_SQLITE, "postgresql": V1_CREATE_POSTGRESQL},
        drop=V1_DROP,
    ),
)


def _run(connection, statements: dict) -> None:
    if connection.vendor not in statements:
        raise NotImplementedError(f"No trigger SQL for the {connection.vendor} database.")
    with connection.cursor() as cursor:
        for statement in statements[connection.vendor]:
            cursor.execute(statement)


def rekey(apps, schema_editor):
    from polku.audit.rekey import rekey as rekey_chain

    # SQLite rebuilds the table to add the column, which drops its triggers: restore them.
    _run(schema_editor.connection, V1_INSTALL)
    rekey_chain(
        schema_editor.connection,
        settings.POLKU_AUDIT_KEY,
        apps.get_model("audit", "AuditEvent"),
        guards=V1_GUARDS,
    )


def reinstall_triggers(apps, schema_editor):
    """Backwards, after the column is removed (SQLite rebuilds the table again)."""
    _run(schema_editor.connection, V1_INSTALL)


def refuse_to_unkey(apps, schema_editor):
    """Backwards: the keyed hashes cannot become the unkeyed chain again (that needs no key,
    which is the point), so going back is refused while there are events."""
    if apps.get_model("audit", "AuditEvent").objects.exists():
        raise RuntimeError(
            "The audit chain is keyed; migrating back would leave events the previous "
            "release reports as broken. Restore a backup taken before audit.0003 instead."
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_guard_triggers")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.RunPython(rekey, refuse_to_unkey),
    ]
