"""PostgreSQL roles: the application runs as a role that does not own the audit table.

The owner role owns every table and runs the migrations; it can lift the guard triggers, so
its password is kept apart from the application servers. The application role may read and
write the other tables but on the audit table only SELECT and INSERT — no UPDATE, DELETE or
TRUNCATE, and as it is not the owner it cannot drop the triggers either. Apply the grants
after every `migrate` (`manage.py database_roles --apply`, connected as the owner): new
tables get no privileges by default, so a table a release adds is refused, never open."""

import re

AUDIT_TABLE = "audit_auditevent"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(
            f"A role name is lowercase letters, digits and underscores (at most 63): {name!r}"
        )
    return name


def create_statements(owner: str, app: str) -> list[str]:
    """Once per cluster (as a superuser): the two roles. Set their passwords yourself
    (`\\password` in psql); they are never written here."""
    owner, app = _checked(owner), _checked(app)
    return [f"CREATE ROLE {owner} LOGIN", f"CREATE ROLE {app} LOGIN"]


def grant_statements(app: str, schema: str = "public") -> list[str]:
    """After every migrate (as the owner): the application role's privileges."""
    app, schema = _checked(app), _checked(schema)
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"REVOKE ALL ON {schema}.{AUDIT_TABLE} FROM {app}",
        f"GRANT SELECT, INSERT ON {schema}.{AUDIT_TABLE} TO {app}",
    ]
