"""PostgreSQL roles: the application runs as a role that does not own the audit table.

The owner role owns every table and runs the migrations; it can lift the guard triggers, so
its password is kept apart from the application servers. The application role may read and
write the other tables but on the audit table (and its table of retention cuts) only SELECT
and INSERT — no UPDATE, DELETE or TRUNCATE, and as it is not the owner it cannot drop the
triggers either. It removes expired audit events only through the function
`polku_audit_retention_cut` (polku.audit.triggers), which runs as the owner and removes
nothing but a whole oldest prefix, up to the latest signed cut, of events at least 12 years
old. Apply the grants
after every `migrate` (`manage.py database_roles --apply`, connected as the owner): new
tables get no privileges by default, so a table a release adds is refused, never open."""

import re

AUDIT_TABLE = "audit_auditevent"
CUTS_TABLE = "audit_retentioncut"
CUT_FUNCTION = "polku_audit_retention_cut(bigint)"
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
    ]
