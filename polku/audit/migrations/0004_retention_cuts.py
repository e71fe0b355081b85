"""Retention cuts (issue 18, finding 19): the table of signed cuts, the guards that let a cut
remove the oldest events and nothing else, and the PostgreSQL function that does it.

The SQL is frozen here as text (the guards, version 2, and the cut function as this migration
installed them; version 1 as in migration 0002 for going back): later changes to
polku.audit.triggers do not alter what this migration does."""

import re

from django.db import migrations, models


# The guards, version 2: events with the retention exception, and the cuts' table.
V2_DROP_SQLITE = [
    "DROP TRIGGER IF EXISTS audit_event_append_only_0",
    "DROP TRIGGER IF EXISTS audit_event_append_only_1",
    "DROP TRIGGER IF EXISTS audit_retention_cut_append_only_0",
    "DROP TRIGGER IF EXISTS audit_retention_cut_append_only_1",
]
V2_CREATE_SQLITE = [
    "CREATE TRIGGER audit_event_append_only_0 BEFORE UPDATE ON audit_auditevent FOR EACH ROW "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER audit_event_append_only_1 BEFORE DELETE ON audit_auditevent FOR EACH ROW "
    "WHEN NOT (polku_audit_retention() AND OLD.id <= (SELECT COALESCE(MAX(last_event_id), 0) "
    "FROM audit_retentioncut)) BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER audit_retention_cut_append_only_0 BEFORE UPDATE ON audit_retentioncut FOR "
    "EACH ROW WHEN 1 BEGIN SELECT RAISE(ABORT, 'retention cuts are append-only'); END",
    "CREATE TRIGGER audit_retention_cut_append_only_1 BEFORE DELETE ON audit_retentioncut FOR "
    "EACH ROW WHEN 1 BEGIN SELECT RAISE(ABORT, 'retention cuts are append-only'); END",
]
V2_DROP_POSTGRESQL = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_append_only_truncate ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_append_only_fn()",
    "DROP TRIGGER IF EXISTS audit_retention_cut_append_only ON audit_retentioncut",
    "DROP TRIGGER IF EXISTS audit_retention_cut_append_only_truncate ON audit_retentioncut",
    "DROP FUNCTION IF EXISTS audit_retention_cut_append_only_fn()",
]
V2_CREATE_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION audit_event_append_only_fn() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN IF TG_LEVEL = 'ROW' AND TG_OP = 'DELETE' AND "
    "current_setting('polku.audit_retention', true) = 'on' AND OLD.id <= (SELECT "
    "COALESCE(MAX(last_event_id), 0) FROM audit_retentioncut) THEN RETURN OLD; END IF; RAISE "
    "EXCEPTION 'audit events are append-only' USING ERRCODE = 'check_violation'; END $$",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent FOR "
    "EACH ROW EXECUTE FUNCTION audit_event_append_only_fn()",
    "CREATE TRIGGER audit_event_append_only_truncate BEFORE TRUNCATE ON audit_auditevent FOR "
    "EACH STATEMENT EXECUTE FUNCTION audit_event_append_only_fn()",
    "CREATE OR REPLACE FUNCTION audit_retention_cut_append_only_fn() RETURNS trigger LANGUAGE "
    "plpgsql AS $$ BEGIN IF TG_LEVEL = 'STATEMENT' OR (TRUE) THEN RAISE EXCEPTION 'retention "
    "cuts are append-only' USING ERRCODE = 'check_violation'; END IF; IF TG_OP = 'DELETE' THEN "
    "RETURN OLD; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER audit_retention_cut_append_only BEFORE UPDATE OR DELETE ON "
    "audit_retentioncut FOR EACH ROW EXECUTE FUNCTION audit_retention_cut_append_only_fn()",
    "CREATE TRIGGER audit_retention_cut_append_only_truncate BEFORE TRUNCATE ON "
    "audit_retentioncut FOR EACH STATEMENT EXECUTE FUNCTION "
    "audit_retention_cut_append_only_fn()",
]
V2_DROP = {"sqlite": V2_DROP_SQLITE, "postgresql": V2_DROP_POSTGRESQL}
V2_INSTALL = {
    vendor: V2_DROP[vendor] + create
    for vendor, create in (("sqlite", V2_CREATE_SQLITE), ("postgresql", V2_CREATE_POSTGRESQL))
}

# Version 1 (migration 0002), reinstalled when going back.
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


# PostgreSQL: the one function through which the application removes expired events (run as
# the tables' owner; search_path fixed with pg_temp last).
def cut_function_statements(schema: str) -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION polku_audit_retention_cut(p_last_id bigint) RETURNS bigint "
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = "
        + schema
        + (
            ", pg_temp AS $$ DECLARE latest bigint; removed bigint; BEGIN SELECT last_event_id "
            "INTO latest FROM audit_retentioncut ORDER BY position DESC LIMIT 1; IF latest IS "
            "NULL OR latest <> p_last_id THEN RAISE EXCEPTION 'a retention cut removes the "
            "events up to the latest recorded cut, nothing else' USING ERRCODE = "
            "'check_violation'; END IF; IF EXISTS (SELECT 1 FROM audit_auditevent WHERE id <= "
            "p_last_id AND occurred_at >= now() - interval '12 years') THEN RAISE EXCEPTION "
            "'audit events younger than 12 years are never removed' USING ERRCODE = "
            "'check_violation'; END IF; PERFORM set_config('polku.audit_retention', 'on', "
            "true); DELETE FROM audit_auditevent WHERE id <= p_last_id; GET DIAGNOSTICS "
            "removed = ROW_COUNT; PERFORM set_config('polku.audit_retention', 'off', true); "
            "RETURN removed; END $$"
        ),
        "REVOKE ALL ON FUNCTION polku_audit_retention_cut(bigint) FROM PUBLIC",
    ]


DROP_CUT_FUNCTION = "DROP FUNCTION IF EXISTS polku_audit_retention_cut(bigint)"

# A schema name as a plain SQL identifier (polku.audit.roles.checked_name as it was).
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _run(connection, statements: dict) -> None:
    if connection.vendor not in statements:
        raise NotImplementedError(f"No trigger SQL for the {connection.vendor} database.")
    with connection.cursor() as cursor:
        for statement in statements[connection.vendor]:
            cursor.execute(statement)


def install(apps, schema_editor):
    """The guards with the retention exception, and on PostgreSQL the cut function."""
    connection = schema_editor.connection
    _run(connection, V2_INSTALL)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = cursor.fetchone()[0]
            if not _NAME.match(schema):
                raise ValueError(f"The schema is not a plain SQL name: {schema!r}")
            for statement in cut_function_statements(schema):
                cursor.execute(statement)


def uninstall(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(DROP_CUT_FUNCTION)
    _run(connection, V2_DROP)
    _run(connection, V1_INSTALL)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_keyed_chain'),
    ]

    operations = [
        migrations.CreateModel(
            name='RetentionCut',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('last_event_id', models.BigIntegerField(unique=True)),
                ('last_hash', models.CharField(max_length=64)),
                ('position', models.BigIntegerField(unique=True)),
                ('removed', models.BigIntegerField()),
                ('before', models.DateTimeField()),
                ('made_at', models.DateTimeField()),
                ('key_id', models.CharField(max_length=16)),
                ('signature', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'audit retention cut',
                'verbose_name_plural': 'audit retention cuts',
                'ordering': ['position'],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
