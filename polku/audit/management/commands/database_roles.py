"""Print (or apply) the SQL of Polku's PostgreSQL roles: an owner that runs migrations and an
application role that may only SELECT and INSERT on the audit table (docs/security.md)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from polku.audit.roles import create_statements, grant_statements


class Command(BaseCommand):
    help = (
        "Print the SQL that creates Polku's owner and application roles (--create) and grants "
        "the application role its privileges; --apply runs the grants on this database "
        "(connected as the tables' owner). Run the grants after every migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", default="polku_owner", help="The owner role's name.")
        parser.add_argument("--app", default="polku_app", help="The application role's name.")
        parser.add_argument("--create", action="store_true", help="Also CREATE ROLE both.")
        parser.add_argument("--apply", action="store_true", help="Run the SQL, do not print.")

    def handle(
        self, *args: str, owner: str, app: str, create: bool, apply: bool, **options: object
    ) -> None:
        try:
            created = create_statements(owner, app) if create else []
            statements = [*created, *grant_statements(app)]
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not apply:
            self.stdout.write("\n".join(f"{statement};" for statement in statements))
            return
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist only on PostgreSQL; this is SQLite.")
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Applied {len(statements)} statements for the role {app}.")
