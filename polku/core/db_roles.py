"""PostgreSQL roles within one connection: acting as the session's own role for a moment.

The test suite runs as the application's role (tests/conftest.py), which does not own the
audit table (polku.audit.roles); emptying the database between tests and the tests that play
the database's owner act as the role that connected, then take the application's role back.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper


@contextmanager
def as_session_role(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Inside the block act as the role that connected (RESET ROLE), after it as before. A
    no-op on other databases and when the connection already acts as its session's role."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, session_user")
        current, session = cursor.fetchone()
    if current == session:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'SET ROLE "{current}"')
