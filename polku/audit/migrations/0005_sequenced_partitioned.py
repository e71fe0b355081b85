"""The audit trail at volume (issue 20).

* Events are appended unsequenced (an empty prev_hash, their own MAC) and linked into the
  chain by the sequencer (polku.audit.sequencer): the hash is no longer unique (two identical
  unsequenced events have the same MAC; a partitioned table cannot have a unique index
  without the partition key either), and a partial index finds the unsequenced tail.
* The guard triggers, version 3: the sequencer may fill in the chain columns of an
  unsequenced event once (SQLite: while the connection's switch is on; PostgreSQL: inside
  the SECURITY DEFINER function polku_audit_seal).
* PostgreSQL only: the table becomes partitioned by month of occurred_at (declarative
  partitioning; the primary key becomes (id, occurred_at), as a partitioned table's must
  include the partition key — Django keeps `id` as the model's pk, the identity sequence
  keeps ids unique), with a DEFAULT partition for months not created ahead, existing rows
  copied; the TRUNCATE guard on every partition; the functions polku_audit_horizon,
  polku_audit_seal and polku_audit_partitions.

The SQL is frozen here as text: later changes to polku.audit.triggers do not alter what this
migration did."""

from django.db import migrations, models

# The guard triggers, version 3, as this migration installs them.
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_append_only_0",
    "DROP TRIGGER IF EXISTS audit_event_append_only_1",
]
SQLITE_CREATE = [
    "CREATE TRIGGER audit_event_append_only_0 BEFORE UPDATE ON audit_auditevent FOR EACH ROW "
    "WHEN NOT (polku_audit_sequencing() AND OLD.prev_hash = '' AND NEW.prev_hash <> '' AND "
    "NEW.id IS OLD.id AND NEW.occurred_at IS OLD.occurred_at AND NEW.actor_id IS OLD.actor_id "
    "AND NEW.actor_organisation_id IS OLD.actor_organisation_id AND NEW.actor_profession IS "
    "OLD.actor_profession AND NEW.client_id IS OLD.client_id AND NEW.action IS OLD.action AND "
    "NEW.target IS OLD.target AND NEW.purpose IS OLD.purpose AND NEW.method IS OLD.method AND "
    "NEW.path IS OLD.path AND NEW.ip_address IS OLD.ip_address AND NEW.details IS OLD.details) "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER audit_event_append_only_1 BEFORE DELETE ON audit_auditevent FOR EACH ROW "
    "WHEN NOT (polku_audit_retention() AND OLD.id <= (SELECT COALESCE(MAX(last_event_id), 0) "
    "FROM audit_retentioncut)) BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
]
# Version 2 (migration 0004), for going back on SQLite.
SQLITE_CREATE_V2 = [
    "CREATE TRIGGER audit_event_append_only_0 BEFORE UPDATE ON audit_auditevent FOR EACH ROW "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    SQLITE_CREATE[1],
]

PG_TRUNCATE_GUARDS_DROP = (
    "DO $$ DECLARE part regclass; BEGIN FOR part IN SELECT inhrelid::regclass FROM pg_inherits "
    "WHERE inhparent = to_regclass('audit_auditevent') LOOP EXECUTE format('DROP TRIGGER IF "
    "EXISTS audit_event_append_only_truncate ON %s', part); END LOOP; END $$"
)
PG_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_append_only_truncate ON audit_auditevent",
    PG_TRUNCATE_GUARDS_DROP,
    "DROP FUNCTION IF EXISTS audit_event_append_only_fn()",
]
PG_CREATE = [
    "CREATE OR REPLACE FUNCTION audit_event_append_only_fn() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN IF TG_LEVEL = 'ROW' AND TG_OP = 'DELETE' AND "
    "current_setting('polku.audit_retention', true) = 'on' AND OLD.id <= (SELECT "
    "COALESCE(MAX(last_event_id), 0) FROM audit_retentioncut) THEN RETURN OLD; END IF; IF "
    "TG_LEVEL = 'ROW' AND TG_OP = 'UPDATE' AND current_setting('polku.audit_sequencing', true) = "
    "'on' AND OLD.prev_hash = '' AND NEW.prev_hash <> '' AND (to_jsonb(NEW) - 'prev_hash' - "
    "'hash' - 'key_id') = (to_jsonb(OLD) - 'prev_hash' - 'hash' - 'key_id') THEN RETURN NEW; END "
    "IF; RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'check_violation'; END "
    "$$",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent FOR EACH "
    "ROW EXECUTE FUNCTION audit_event_append_only_fn()",
    "CREATE TRIGGER audit_event_append_only_truncate BEFORE TRUNCATE ON audit_auditevent FOR "
    "EACH STATEMENT EXECUTE FUNCTION audit_event_append_only_fn()",
    "DO $$ DECLARE part regclass; BEGIN FOR part IN SELECT inhrelid::regclass FROM pg_inherits "
    "WHERE inhparent = to_regclass('audit_auditevent') LOOP EXECUTE format('CREATE TRIGGER "
    "audit_event_append_only_truncate BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION "
    "audit_event_append_only_fn()', part); END LOOP; END $$",
]


def pg_functions(schema: str) -> list[str]:
    """The sequencer's and the partitions' functions, run as the tables' owner (SECURITY
    DEFINER, search_path fixed with pg_temp last): the application role may EXECUTE them but
    neither lock the table in SHARE mode, update events nor create tables itself."""
    definer = f"LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp"
    return [
        # The highest committed id below which no further event can appear: the SHARE lock
        # waits for the transactions inserting events (at most lock_timeout) and is held to
        # the end of the caller's (short) transaction.
        "CREATE OR REPLACE FUNCTION polku_audit_horizon() RETURNS bigint "
        f"{definer} SET lock_timeout = '2s' AS $$ BEGIN "
        "LOCK TABLE audit_auditevent IN SHARE MODE; "
        "RETURN (SELECT COALESCE(MAX(id), 0) FROM audit_auditevent); END $$",
        # Fill in the chain columns of unsequenced events, nothing else; all or nothing.
        "CREATE OR REPLACE FUNCTION polku_audit_seal(p_ids bigint[], p_at timestamptz[], "
        "p_prev text[], p_hash text[], p_key text) RETURNS bigint "
        f"{definer} SET enable_hashjoin = off SET enable_mergejoin = off AS $$ "
        "DECLARE sealed bigint; BEGIN "
        "IF EXISTS (SELECT 1 FROM unnest(p_prev) AS p(prev) WHERE p.prev = '' OR p.prev IS NULL) "
        "THEN RAISE EXCEPTION 'a sequenced event needs a previous hash' "
        "USING ERRCODE = 'check_violation'; END IF; "
        "PERFORM set_config('polku.audit_sequencing', 'on', true); "
        "UPDATE audit_auditevent e SET prev_hash = s.prev, hash = s.hash, key_id = p_key "
        "FROM unnest(p_ids, p_at, p_prev, p_hash) AS s(id, at, prev, hash) "
        "WHERE e.id = s.id AND e.occurred_at = s.at AND e.prev_hash = ''; "
        "GET DIAGNOSTICS sealed = ROW_COUNT; "
        "PERFORM set_config('polku.audit_sequencing', 'off', true); "
        "IF sealed <> cardinality(p_ids) THEN RAISE EXCEPTION "
        "'sealed % of % audit events: they were sequenced meanwhile', sealed, "
        "cardinality(p_ids) USING ERRCODE = 'serialization_failure'; END IF; "
        "RETURN sealed; END $$",
        # Monthly partitions (UTC months) from p_from's month on, those missing; a month some
        # of whose events already went to the DEFAULT partition is left there.
        "CREATE OR REPLACE FUNCTION polku_audit_partitions(p_from date, p_months integer) "
        f"RETURNS integer {definer} AS $$ "
        "DECLARE first timestamp; lo timestamptz; hi timestamptz; part text; made integer := 0; "
        "BEGIN first := date_trunc('month', p_from::timestamp); "
        "FOR i IN 0 .. p_months - 1 LOOP "
        "lo := (first + make_interval(months => i)) AT TIME ZONE 'UTC'; "
        "hi := (first + make_interval(months => i + 1)) AT TIME ZONE 'UTC'; "
        "part := 'audit_auditevent_' || to_char(first + make_interval(months => i), 'YYYY_MM'); "
        "CONTINUE WHEN to_regclass(part) IS NOT NULL; "
        "CONTINUE WHEN EXISTS (SELECT 1 FROM audit_auditevent_default "
        "WHERE occurred_at >= lo AND occurred_at < hi); "
        "EXECUTE format('CREATE TABLE %I PARTITION OF audit_auditevent "
        "FOR VALUES FROM (%L) TO (%L)', part, lo, hi); "
        "EXECUTE format('CREATE TRIGGER audit_event_append_only_truncate BEFORE TRUNCATE ON %I "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only_fn()', part); "
        "made := made + 1; END LOOP; RETURN made; END $$",
        "REVOKE ALL ON FUNCTION polku_audit_horizon() FROM PUBLIC",
        "REVOKE ALL ON FUNCTION polku_audit_seal(bigint[], timestamptz[], text[], text[], text) "
        "FROM PUBLIC",
        "REVOKE ALL ON FUNCTION polku_audit_partitions(date, integer) FROM PUBLIC",
    ]


PG_DROP_FUNCTIONS = [
    "DROP FUNCTION IF EXISTS polku_audit_horizon()",
    "DROP FUNCTION IF EXISTS polku_audit_seal(bigint[], timestamptz[], text[], text[], text)",
    "DROP FUNCTION IF EXISTS polku_audit_partitions(date, integer)",
]

_NAME = r"^[a-z_][a-z0-9_]{0,62}$"


def _partition(cursor, schema: str) -> None:
    """Turn audit_auditevent into a table partitioned by month, rows, indexes and foreign
    keys kept under their names."""
    old = "audit_auditevent_unpartitioned"
    cursor.execute(f"ALTER TABLE audit_auditevent RENAME TO {old}")
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = %s "
        "AND indexname <> 'audit_auditevent_pkey'",
        [schema, old],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('f', 'c')",
        [f"{schema}.{old}"],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        f"CREATE TABLE audit_auditevent (LIKE {old} INCLUDING DEFAULTS INCLUDING IDENTITY) "
        "PARTITION BY RANGE (occurred_at)"
    )
    cursor.execute("CREATE TABLE audit_auditevent_default PARTITION OF audit_auditevent DEFAULT")
    # A partition for every month that has events, and for this one and the next 12.
    cursor.execute(
        f"SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date FROM {old}"
    )
    months = [row[0] for row in cursor.fetchall()]
    for statement in pg_functions(schema):
        cursor.execute(statement)
    for month in months:
        cursor.execute("SELECT polku_audit_partitions(%s, 1)", [month])
    cursor.execute("SELECT polku_audit_partitions(CURRENT_DATE, 13)")
    cursor.execute(f"INSERT INTO audit_auditevent SELECT * FROM {old}")
    cursor.execute(f"SELECT pg_get_serial_sequence('{old}', 'id')")
    old_sequence = cursor.fetchone()[0]
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), "
        f"GREATEST((SELECT MAX(id) FROM {old}), (SELECT last_value FROM {old_sequence}), 1))"
    )
    cursor.execute(f"DROP TABLE {old}")
    cursor.execute(
        "SELECT pg_get_serial_sequence('audit_auditevent', 'id')",
    )
    sequence = cursor.fetchone()[0]
    if sequence.split(".")[-1] != "audit_auditevent_id_seq":
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO audit_auditevent_id_seq")
    cursor.execute(
        "ALTER TABLE audit_auditevent ADD CONSTRAINT audit_auditevent_pkey "
        "PRIMARY KEY (id, occurred_at)"
    )
    for _name, definition in indexes:
        cursor.execute(
            definition.replace(f" ON {schema}.{old} ", f" ON {schema}.audit_auditevent ")
        )
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE audit_auditevent ADD CONSTRAINT "{name}" {definition}')


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Altering the hash column rebuilt the table, which dropped its triggers.
            for statement in [*SQLITE_DROP, *SQLITE_CREATE]:
                cursor.execute(statement)
            return
        if connection.vendor != "postgresql":
            raise NotImplementedError(connection.vendor)
        import re

        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
        if not re.match(_NAME, schema):
            raise ValueError(f"unexpected schema name {schema!r}")
        for statement in PG_DROP:
            cursor.execute(statement)
        cursor.execute(PG_CREATE[0])  # the guard's function: new partitions' TRUNCATE guards
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = 'audit_auditevent'::regclass")
        if cursor.fetchone()[0] != "p":
            _partition(cursor, schema)
        for statement in [PG_TRUNCATE_GUARDS_DROP, *PG_CREATE]:
            cursor.execute(statement)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in [*SQLITE_DROP, *SQLITE_CREATE_V2]:
                cursor.execute(statement)
            return
    raise RuntimeError(
        "audit.0005 partitioned the audit table on PostgreSQL and events may be unsequenced; "
        "going back is not supported. Restore a backup taken before audit.0005 instead."
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_retention_cuts")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("prev_hash", "")), fields=["id"], name="audit_event_unsequenced"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
