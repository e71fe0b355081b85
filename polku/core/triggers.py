"""Database triggers that guard invariants on PostgreSQL and SQLite alike.

Each app declares its triggers with `refusal`; its migration installs them with `install_all`.
The test-only `flush` command lifts and restores them (polku.core.management.commands.flush),
because emptying every table is exactly what they refuse.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass(frozen=True)
class Trigger:
    name: str
    create: dict[str, list[str]]  # vendor → statements
    drop: dict[str, list[str]] = field(default_factory=dict)


def refusal(
    name: str,
    table: str,
    events: list[str],
    message: str,
    when_sql: str = "TRUE",
    *,
    refuse_truncate: bool = False,
) -> Trigger:
    """A row trigger on `table` that refuses each of `events` ("UPDATE", "DELETE", "INSERT",
    "UPDATE OF col, …") with `message` when `when_sql` (using OLD/NEW, valid on both
    databases) holds."""
    sqlite_names = [f"{name}_{i}" for i in range(len(events))]
    sqlite_when = "1" if when_sql == "TRUE" else when_sql
    sqlite_create = [
        f"CREATE TRIGGER {trigger} BEFORE {event} ON {table} FOR EACH ROW WHEN {sqlite_when} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        for trigger, event in zip(sqlite_names, events, strict=True)
    ]
    pg_function = (
        f"CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF TG_LEVEL = 'STATEMENT' OR ({when_sql}) THEN "
        f"RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation'; END IF; "
        f"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$"
    )
    pg_create = [
        pg_function,
        f"CREATE TRIGGER {name} BEFORE {' OR '.join(events)} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}_fn()",
    ]
    pg_drop = [f"DROP TRIGGER IF EXISTS {name} ON {table}"]
    if refuse_truncate:
        pg_create.append(
            f"CREATE TRIGGER {name}_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}_fn()"
        )
        pg_drop.append(f"DROP TRIGGER IF EXISTS {name}_truncate ON {table}")
    pg_drop.append(f"DROP FUNCTION IF EXISTS {name}_fn()")
    return Trigger(
        name=name,
        create={"sqlite": sqlite_create, "postgresql": pg_create},
        drop={
            "sqlite": [f"DROP TRIGGER IF EXISTS {t}" for t in sqlite_names],
            "postgresql": pg_drop,
        },
    )


def _statements(mapping: dict[str, list[str]], vendor: str) -> list[str]:
    if vendor not in mapping:
        raise NotImplementedError(f"No trigger SQL for the {vendor} database.")
    return mapping[vendor]


def install_all(connection: BaseDatabaseWrapper, triggers: Iterable[Trigger]) -> None:
    with connection.cursor() as cursor:
        for trigger in triggers:
            for statement in _statements(trigger.drop, connection.vendor):
                cursor.execute(statement)
            for statement in _statements(trigger.create, connection.vendor):
                cursor.execute(statement)


def uninstall_all(connection: BaseDatabaseWrapper, triggers: Iterable[Trigger]) -> None:
    with connection.cursor() as cursor:
        for trigger in triggers:
            for statement in _statements(trigger.drop, connection.vendor):
                cursor.execute(statement)


# Every guard trigger of the project, for the flush command. Apps append theirs on import.
REGISTRY: list[Trigger] = []


def register(*triggers: Trigger) -> tuple[Trigger, ...]:
    REGISTRY.extend(triggers)
    return triggers
