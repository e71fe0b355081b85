"""Database routing: research reads may go to a read replica of the primary.

The research figures (polku.research: the dashboard's indicators, the pseudonymised exports)
read whole tables and tolerate a replica's lag of seconds; the casework never does (a page
must see what its user just saved). So only the reads made inside `research_reads()` go to
`settings.POLKU_RESEARCH_DATABASE` ("replica" when POLKU_REPLICA_DATABASE_URL is set,
otherwise "default"); every other read and every write goes to the primary ("default")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
_research = ContextVar("polku_research_reads", default=False)


@contextmanager
def research_reads() -> Iterator[None]:
    """Reads in this block are research reads (replica lag is acceptable for them)."""
    token = _research.set(True)
    try:
        yield
    finally:
        _research.reset(token)


def research_database() -> str:
    """The alias research reads use now: the replica inside `research_reads()`, if any."""
    return settings.POLKU_RESEARCH_DATABASE if _research.get() else DEFAULT_DB_ALIAS


class ResearchReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        # Explicitly the primary outside research: an object once read from the replica would
        # otherwise pull its related reads (and, through its state, its saves) there too.
        return research_database()

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        pair = {obj1._state.db, obj2._state.db}
        return True if pair <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        # The replica follows the primary by replication; migrations run on the primary only.
        return False if db == REPLICA else None
