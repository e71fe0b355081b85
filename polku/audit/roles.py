"""PostgreSQL roles: the application runs as a role that does not own the audit table.

The owner role owns every table and runs the migrations; it can lift the guard triggers, so
its password is kept apart from the application servers. The application role may read and
write the other tables but on the audit table (and its table of retention cuts) only SELECT
and INSERT — no UPDATE, DELETE or TRUNCATE, and as it is not the owner it cannot drop the
triggers either. It removes expired audit events only through the function
`polku_audit_retention_cut` (polku.audit.triggers), which runs as the owner and removes
nothing but a whole oldest prefix, up to the latest signed cut, of events at least 12 years
old, and links appended events into the chain only through `polku_audit_seal` (which fills
in the chain columns of unsequenced events, nothing else). On PostgreSQL the audit table is
partitioned by month: the partitions get no privileges of the application role (it reads
and appends through the partitioned table), and the guard's row triggers apply to every
partition. Apply the grants
after every `migrate` (`manage.py database_roles --apply`, connected as the owner): new
tables get no privileges by default, so a table a release adds is refused, never open."""

import re

AUDIT_TABLE = "audit_auditevent"
CUTS_TABLE = "audit_retentioncut"
CUT_FUNCTION = "polku_audit_retention_cut(bigint)"
# The sequencer's and the partitions' functions (migration audit.0005, polku.audit.sequencer).
SEQUENCER_FUNCTIONS = (
    "polku_audit_horizon()",
    "polku_audit_seal(bigint[], timestamptz[], text[], text[], text)",
    "polku_audit_partitions(date, integer)",
)
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def checked_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(
            f"A role name is lowercase letters, digits and underscores (at most 63): {name!r}"
        )
    return name


def create_statements(owner: str, app: str) -> list[str]:
    """Once per cluster (as a superuser): the two roles. Set their passwords yourself
    (`\\password` in psql); they are never written here."""
    owner, app = checked_name(owner), checked_name(app)
    return [f"CREATE ROLE {owner} LOGIN", f"CREATE ROLE {app} LOGIN"]


def grant_statements(app: str, schema: str = "public") -> list[str]:
    """After every migrate (as the owner): the application role's privileges."""
    app, schema = checked_name(app), checked_name(schema)
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"REVOKE ALL ON {schema}.{AUDIT_TABLE} FROM {app}",
        f"GRANT SELECT, INSERT ON {schema}.{AUDIT_TABLE} TO {app}",
        f"REVOKE ALL ON {schema}.{CUTS_TABLE} FROM {app}",
        f"GRANT SELECT, INSERT ON {schema}.{CUTS_TABLE} TO {app}",
        f"GRANT EXECUTE ON FUNCTION {schema}.{CUT_FUNCTION} TO {app}",
        *(f"GRANT EXECUTE ON FUNCTION {schema}.{name} TO {app}" for name in SEQUENCER_FUNCTIONS),
        # PostgreSQL: the monthly partitions of the audit table are tables of the schema too;
        # the grant above opened them, so close them again (inserts and reads go through the
        # partitioned table, whose privileges apply).
        "DO $$ DECLARE part regclass; BEGIN FOR part IN SELECT inhrelid::regclass "  # noqa: S608
        f"FROM pg_inherits WHERE inhparent = to_regclass('{schema}.{AUDIT_TABLE}') LOOP "
        f"EXECUTE format('REVOKE ALL ON %s FROM {app}', part); END LOOP; END $$",
    ]
