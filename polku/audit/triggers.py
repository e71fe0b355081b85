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
MESSAGE = "audit events are append-only"

_NAME = "audit_event_append_only"
_SQLITE_NAMES = (f"{_NAME}_0", f"{_NAME}_1")
_LATEST_CUT = f"(SELECT COALESCE(MAX(last_event_id), 0) FROM {CUTS})"  # noqa: S608 (constants)


def _event_guard() -> Trigger:
    sqlite_create = [
        f"CREATE TRIGGER {_SQLITE_NAMES[0]} BEFORE UPDATE ON {EVENTS} FOR EACH ROW "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER {_SQLITE_NAMES[1]} BEFORE DELETE ON {EVENTS} FOR EACH ROW "
        f"WHEN NOT ({SQLITE_FUNCTION}() AND OLD.id <= {_LATEST_CUT}) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ]
    pg_function = (
        f"CREATE OR REPLACE FUNCTION {_NAME}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF TG_LEVEL = 'ROW' AND TG_OP = 'DELETE' "
        f"AND current_setting('{SETTING}', true) = 'on' AND OLD.id <= {_LATEST_CUT} "
        f"THEN RETURN OLD; END IF; "
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
            ],
        },
        drop={
            "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_NAMES],
            "postgresql": [
                f"DROP TRIGGER IF EXISTS {_NAME} ON {EVENTS}",
                f"DROP TRIGGER IF EXISTS {_NAME}_truncate ON {EVENTS}",
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
def _register_sqlite_function(sender, connection, **kwargs) -> None:
    """SQLite: `polku_audit_retention()` answers whether this connection is inside a
    retention cut (polku.audit.cuts.retention_exception)."""
    if connection.vendor != "sqlite":
        return
    state = {"on": False}
    connection.polku_audit_retention = state
    connection.connection.create_function(SQLITE_FUNCTION, 0, lambda: int(state["on"]))
