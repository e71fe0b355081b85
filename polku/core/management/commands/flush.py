"""Django's `flush`, made to work with Polku's guard triggers, and only where allowed.

The test runner empties the database with `flush` between transactional tests. Guard triggers
(append-only audit, one coordinator) refuse that, so this command lifts them, flushes and
restores them — but only when settings.POLKU_ALLOW_FLUSH is true (tests, development). On
PostgreSQL the test suite runs as the application's role (tests/conftest.py), which may
neither lift the triggers nor empty the audit table: the flush runs as the session's own role
(the owner) and the application's role is taken back after it.
"""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from polku.core import triggers
from polku.core.db_roles import as_session_role


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        if not settings.POLKU_ALLOW_FLUSH:
            raise CommandError(
                "flush is disabled: it would erase the append-only audit trail. "
                "It is allowed only where settings.POLKU_ALLOW_FLUSH is true (tests, development)."
            )
        apps.get_app_configs()  # every app's triggers module is imported by its ready()
        connection = connections[options["database"]]
        with as_session_role(connection):
            triggers.uninstall_all(connection, triggers.REGISTRY)
            try:
                return super().handle(**options)
            finally:
                triggers.install_all(connection, triggers.REGISTRY)
