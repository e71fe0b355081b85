"""The audit trail's guard triggers, and the one narrow exception to them: a retention cut.

Audit events are never updated. They are deleted only by a retention cut
(polku.audit.cuts): a whole oldest prefix of the chain, up to the latest recorded, signed
cut in `audit_retentioncut`, and only while the cut's own code has switched the exception on
for its transaction:

* PostgreSQL: the trigger lets a DELETE through only when the transaction-local setting
  `polku.audit_retention` is `on` and the row is at or before the latest cut. Only the
  function `polku_audit_retention_cut(last_id)` sets it (`set_config(…, true)`, i.e. SET
  LOCAL, switched off again before it returns). The function is SECURITY DEFINER, owned by
  the tables' owner; the application role may EXECUTE it but has no DELETE privilege on the
  table, so setting `polku.audit_retention` itself (any role can set a `polku.*` setting)
  gains it nothing. The function refuses anything but the latest cut, and any event younger
  than MINIMUM_RETENTION_YEARS by the database's clock.
* SQLite (development, tests): no roles and no settings, so the trigger asks a function
  that Polku registers on each of its connections, `polku_audit_retention()`, which is 1
  only inside `cuts.retention_exception` for that connection. A connection without it (the
  sqlite3 shell) cannot delete at all: the trigger names a function it does not know.

The retention cut table is append-only like the events themselves."""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from polku.core.triggers import Trigger, refusal, register

# The least age an audit event may have when a retention cut removes it (703/2023: the log
# of use and disclosure is kept at least 12 years). Enforced by the PostgreSQL function with
# the database's clock, by polku.audit.cuts with the application's, and by the retention
# settings check (polku.privacy.retention.LEGAL_MINIMUM_YEARS).
MINIMUM_RETENTION_YEARS = 12

EVENTS = "audit_auditevent"
CUTS = "audit_retentioncut"
SETTING = "polku.audit_retention"
CUT_FUNCTION = "polku_audit_retention_cut"
SQLITE_FUNCTION = "polku_audit_retention"
SEQUENCING_SETTING = "polku.audit_sequencing"
SQLITE_SEQUENCING = "polku_audit_sequencing"
MESSAGE = "audit events are append-only"

_NAME = "audit_event_append_only"
_SQLITE_NAMES = (f"{_NAME}_0", f"{_NAME}_1")
_LATEST_CUT = f"(SELECT COALESCE(MAX(last_event_id), 0) FROM {CUTS})"  # noqa: S608 (constants)


# The columns an event's content is made of: the sequencer may fill in the chain columns
# (prev_hash, hash, key_id) of an unsequenced event once, never change these.
CONTENT_COLUMNS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_organisation_id",
    "actor_profession",
    "client_id",
    "action",
    "target",
    "purpose",
    "method",
    "path",
    "ip_address",
    "details",
)


def _partition_truncate_guards(create: bool) -> str:
    """PostgreSQL: a statement trigger on a partitioned table is not cloned to its partitions
    (row triggers are), so each partition gets its own TRUNCATE guard. A no-op while the
    table is not partitioned."""
    action = (
        f"'CREATE TRIGGER {_NAME}_truncate BEFORE TRUNCATE ON %s "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {_NAME}_fn()'"
        if create
        else f"'DROP TRIGGER IF EXISTS {_NAME}_truncate ON %s'"
    )
    return (
        "DO $$ DECLARE part regclass; BEGIN FOR part IN SELECT inhrelid::regclass "  # noqa: S608
        f"FROM pg_inherits WHERE inhparent = to_regclass('{EVENTS}') LOOP "
        f"EXECUTE format({action}, part); END LOOP; END $$"
    )


def _event_guard() -> Trigger:
    """Version 3 (issue 20): besides a retention cut's DELETE, one UPDATE passes: the
    sequencer filling in the chain columns of a not yet sequenced event (prev_hash empty),
    leaving its content as it was, while the sequencing exception is on (PostgreSQL: the
    transaction-local setting `polku.audit_sequencing`, set only by the SECURITY DEFINER
    function polku_audit_seal; SQLite: the connection's polku_audit_sequencing())."""
    unchanged = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in CONTENT_COLUMNS)
    sqlite_create = [
        f"CREATE TRIGGER {_SQLITE_NAMES[0]} BEFORE UPDATE ON {EVENTS} FOR EACH ROW "
        f"WHEN NOT ({SQLITE_SEQUENCING}() AND OLD.prev_hash = '' AND NEW.prev_hash <> '' "
        f"AND {unchanged}) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER {_SQLITE_NAMES[1]} BEFORE DELETE ON {EVENTS} FOR EACH ROW "
        f"WHEN NOT ({SQLITE_FUNCTION}() AND OLD.id <= {_LATEST_CUT}) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ]
    chain_columns = "'prev_hash' - 'hash' - 'key_id'"
    pg_function = (
        f"CREATE OR REPLACE FUNCTION {_NAME}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF TG_LEVEL = 'ROW' AND TG_OP = 'DELETE' "
        f"AND current_setting('{SETTING}', true) = 'on' AND OLD.id <= {_LATEST_CUT} "
        f"THEN RETURN OLD; END IF; "
        f"IF TG_LEVEL = 'ROW' AND TG_OP = 'UPDATE' "
        f"AND current_setting('{SEQUENCING_SETTING}', true) = 'on' "
        f"AND OLD.prev_hash = '' AND NEW.prev_hash <> '' "
        f"AND (to_jsonb(NEW) - {chain_columns}) = (to_jsonb(OLD) - {chain_columns}) "
        f"THEN RETURN NEW; END IF; "
        f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation'; END $$"
    )
    return Trigger(
        name=_NAME,
        create={
            "sqlite": sqlite_create,
            "postgresql": [
                pg_function,
                f"CREATE TRIGGER {_NAME} BEFORE UPDATE OR DELETE ON {EVENTS} "
                f"FOR EACH ROW EXECUTE FUNCTION {_NAME}_fn()",
                f"CREATE TRIGGER {_NAME}_truncate BEFORE TRUNCATE ON {EVENTS} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {_NAME}_fn()",
                _partition_truncate_guards(create=True),
            ],
        },
        drop={
            "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_NAMES],
            "postgresql": [
                f"DROP TRIGGER IF EXISTS {_NAME} ON {EVENTS}",
                f"DROP TRIGGER IF EXISTS {_NAME}_truncate ON {EVENTS}",
                _partition_truncate_guards(create=False),
                f"DROP FUNCTION IF EXISTS {_NAME}_fn()",
            ],
        },
    )


# The guard as migrations 0002 and 0003 installed it, before retention cuts (no exception):
# kept for those migrations, which run before the cuts' table exists.
V1 = (refusal(_NAME, EVENTS, ["UPDATE", "DELETE"], MESSAGE, refuse_truncate=True),)

TRIGGERS = register(
    _event_guard(),
    refusal(
        "audit_retention_cut_append_only",
        CUTS,
        ["UPDATE", "DELETE"],
        "retention cuts are append-only",
        refuse_truncate=True,
    ),
)


def cut_function_statements(schema: str) -> list[str]:
    """PostgreSQL: the one way the application removes audit events (module doc). Created by
    the migration, so owned by the role that runs migrations; `search_path` is fixed with
    pg_temp last, so a caller's temporary table cannot stand in for the cuts."""
    years = int(MINIMUM_RETENTION_YEARS)
    # Only constants and the schema, which the migration checks as a name: no input.
    return [
        f"CREATE OR REPLACE FUNCTION {CUT_FUNCTION}(p_last_id bigint) RETURNS bigint "  # noqa: S608
        f"LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$ "
        "DECLARE latest bigint; removed bigint; "
        f"BEGIN SELECT last_event_id INTO latest FROM {CUTS} ORDER BY position DESC LIMIT 1; "
        "IF latest IS NULL OR latest <> p_last_id THEN "
        "RAISE EXCEPTION 'a retention cut removes the events up to the latest recorded cut, "
        "nothing else' USING ERRCODE = 'check_violation'; END IF; "
        f"IF EXISTS (SELECT 1 FROM {EVENTS} WHERE id <= p_last_id "
        f"AND occurred_at >= now() - interval '{years} years') THEN "
        f"RAISE EXCEPTION 'audit events younger than {years} years are never removed' "
        "USING ERRCODE = 'check_violation'; END IF; "
        f"PERFORM set_config('{SETTING}', 'on', true); "
        f"DELETE FROM {EVENTS} WHERE id <= p_last_id; "
        "GET DIAGNOSTICS removed = ROW_COUNT; "
        f"PERFORM set_config('{SETTING}', 'off', true); "
        "RETURN removed; END $$",
        f"REVOKE ALL ON FUNCTION {CUT_FUNCTION}(bigint) FROM PUBLIC",
    ]


def drop_cut_function_statements() -> list[str]:
    return [f"DROP FUNCTION IF EXISTS {CUT_FUNCTION}(bigint)"]


@receiver(connection_created, dispatch_uid="polku.audit.sqlite_retention_function")
def _register_sqlite_function(
    sender: type[BaseDatabaseWrapper],
    connection: Any,  # the backend's DatabaseWrapper, given Polku's own attributes here
    **kwargs: object,
) -> None:
    """SQLite: `polku_audit_retention()` answers whether this connection is inside a
    retention cut (polku.audit.cuts.retention_exception), `polku_audit_sequencing()` whether
    it is sealing events (polku.audit.sequencer)."""
    if connection.vendor != "sqlite":
        return
    state = {"on": False}
    connection.polku_audit_retention = state
    connection.connection.create_function(SQLITE_FUNCTION, 0, lambda: int(state["on"]))
    sequencing = {"on": False}
    connection.polku_audit_sequencing = sequencing
    connection.connection.create_function(SQLITE_SEQUENCING, 0, lambda: int(sequencing["on"]))
