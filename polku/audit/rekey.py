"""Re-keying the audit chain once (migration 0003): the events written before issue 18 were
hashed with plain SHA-256, which anyone can recompute. The migration first verifies that old
chain — and refuses to go on if it is broken, naming the event, so that a rewritten history
is never blessed with the key — then recomputes every event's hash as an HMAC under the
current audit key, in id order, in one transaction. Afterwards every event is keyed and an
unkeyed hash is never accepted again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import connection as default_connection

from .chain import GENESIS_HASH, HASHED_FIELDS, derive_key, event_hash, keyed_hash

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from polku.core.triggers import Trigger

    from .models import AuditEvent

_BATCH = 2000


class OldChainBroken(Exception):
    pass


def rekey(
    connection: BaseDatabaseWrapper | None,
    key_setting: str,
    model: type[AuditEvent] | None = None,
    guards: Iterable[Trigger] | None = None,
) -> int:
    """Verify the unkeyed chain and re-key it. Returns the number of events re-keyed.
    `model`: the migration's historical AuditEvent (the current one when not given);
    `guards`: the triggers lifted meanwhile, as the migration knows them (the current ones
    when not given)."""
    from polku.audit.triggers import TRIGGERS
    from polku.core import triggers

    guards = TRIGGERS if guards is None else guards
    connection = connection or default_connection
    columns = ["id", "prev_hash", "hash", "key_id", *HASHED_FIELDS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM audit_auditevent")
        if cursor.fetchone()[0] == 0:
            return 0
    key = derive_key(key_setting)  # only now: an empty database needs no key

    if model is None:
        from .models import AuditEvent

        model = AuditEvent
    rows = model.objects.using(connection.alias).order_by("id").values(*columns)
    old_prev = new_prev = GENESIS_HASH
    updates: list[tuple[str, str, str, int]] = []
    for row in rows.iterator(chunk_size=_BATCH):
        if row["key_id"]:
            raise OldChainBroken(f"event {row['id']} is already keyed: nothing to re-key")
        if row["prev_hash"] != old_prev or row["hash"] != event_hash(row["prev_hash"], row):
            raise OldChainBroken(
                f"the audit chain is broken at event {row['id']}: it is not re-keyed. "
                "Investigate with `manage.py verify_audit_chain` on the previous release."
            )
        old_prev = row["hash"]
        new_hash = keyed_hash(key, key.id, new_prev, row)
        updates.append((new_prev, new_hash, key.id, row["id"]))
        new_prev = new_hash
    triggers.uninstall_all(connection, guards)
    try:
        with connection.cursor() as cursor:
            for start in range(0, len(updates), _BATCH):
                cursor.executemany(
                    "UPDATE audit_auditevent SET prev_hash = %s, hash = %s, key_id = %s "
                    "WHERE id = %s",
                    updates[start : start + _BATCH],
                )
    finally:
        triggers.install_all(connection, guards)
    return len(updates)
