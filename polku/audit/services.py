"""Writing audit events. Every read or change of client data calls `record` (or
`record_many` for lists); the access module does so for every client it hands out.

Appending takes no lock (issue 20): events are inserted unchained, numbered by the table's
id sequence, and visible to readers at once; the sequencer links them into the keyed chain
in batches (polku.audit.sequencer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from django.db import connections, router, transaction
from django.utils import timezone

from polku.accounts.models import User

from .chain import UNSEQUENCED, keyed_hash
from .keys import current_key
from .models import Action, AuditEvent

if TYPE_CHECKING:
    from polku.clients.models import Client
    from polku.core.http import AnyRequest, AnyUser


def _client_ip(request: AnyRequest | None) -> str | None:
    """The client's address behind the trusted proxies (the same reading as the sign-in
    limits, polku.accounts.client_ip)."""
    if request is None:
        return None
    from polku.accounts.client_ip import client_ip

    return client_ip(request)


def _build(
    *,
    actor: AnyUser | None,
    action: str,
    client_id: int | None,
    target: str,
    purpose: str,
    request: AnyRequest | None,
    details: Mapping[str, Any] | None,
    occurred_at: dt.datetime,
) -> AuditEvent:
    organisation_id = getattr(actor, "organisation_id", None)
    return AuditEvent(
        occurred_at=occurred_at,
        actor=actor if isinstance(actor, User) and actor.pk else None,
        actor_organisation_id=organisation_id,
        actor_profession=getattr(actor, "profession", "") or "",
        client_id=client_id,
        action=action,
        target=target[:120],
        purpose=purpose[:200],
        method=(getattr(request, "method", None) or "")[:8],
        path=(getattr(request, "path", None) or "")[:300],
        ip_address=_client_ip(request),
        details=dict(details or {}),
    )


def _fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at,
        "actor_id": event.actor_id,
        "actor_organisation_id": event.actor_organisation_id,
        "actor_profession": event.actor_profession,
        "client_id": event.client_id,
        "action": event.action,
        "target": event.target,
        "purpose": event.purpose,
        "method": event.method,
        "path": event.path,
        "ip_address": event.ip_address,
        "details": event.details,
    }


def _append(events: list[AuditEvent]) -> list[AuditEvent]:
    """Insert the events unchained, without any lock: each carries its own keyed MAC (the
    chain's MAC over an empty previous hash), so a rewrite is evident even before the
    sequencer (polku.audit.sequencer) links it into the chain in id order."""
    key = current_key()  # a missing key fails before anything is written
    for event in events:
        event.prev_hash = UNSEQUENCED
        event.key_id = key.id
        event.hash = keyed_hash(key, key.id, UNSEQUENCED, _fields(event))
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        AuditEvent.objects.bulk_create(events)
    return events


def record(
    *,
    actor: AnyUser | None,
    action: Action | str,
    client: Client | int | None = None,
    target: str = "",
    purpose: str = "",
    request: AnyRequest | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event: who (`actor`, with organisation and role), which client, what
    (`action` on `target`), why (`purpose`), from where (`request`)."""
    event = _build(
        actor=actor,
        action=str(action),
        client_id=client if client is None or isinstance(client, int) else client.pk,
        target=target,
        purpose=purpose,
        request=request,
        details=details,
        occurred_at=timezone.now(),
    )
    return _append([event])[0]


def record_many(
    *,
    actor: AnyUser | None,
    action: Action | str,
    client_ids: Iterable[int],
    target: str = "",
    purposes: Mapping[int, str] | None = None,
    default_purpose: str = "",
    request: AnyRequest | None = None,
    details: Mapping[str, Any] | None = None,
) -> int:
    """One event per client, appended in one transaction (a list or search result).
    `purposes` gives each client's purpose; `default_purpose` overrides them all if set.

    The events differ only in their client, purpose and MAC: the request is read and the
    shared columns converted for the database once, and the rows go in one statement (the
    ORM's bulk_create spent more time preparing a worklist's 100 rows than the database
    spent storing them, issue 20); on PostgreSQL over arrays, one parameter per column
    (_insert_unnested). Each event is the same as `record` would write."""
    ids = list(client_ids)
    if not ids:
        return 0
    prototype = _build(
        actor=actor,
        action=str(action),
        client_id=None,
        target=target,
        purpose="",
        request=request,
        details=details,
        occurred_at=timezone.now(),
    )
    key = current_key()  # a missing key fails before anything is written
    prototype.prev_hash = UNSEQUENCED
    prototype.key_id = key.id
    content = _fields(prototype)
    database = router.db_for_write(AuditEvent)
    connection = connections[database]
    columns = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    varying = {"client": 0, "purpose": 1, "hash": 2}
    shared = {
        f.name: f.get_db_prep_save(getattr(prototype, f.attname), connection)
        for f in columns
        if f.name not in varying
    }
    owns = []  # each event's own values, in the order of `varying`
    for client_id in ids:
        purpose = (default_purpose or (purposes or {}).get(client_id, ""))[:200]
        mac = keyed_hash(
            key, key.id, UNSEQUENCED, {**content, "client_id": client_id, "purpose": purpose}
        )
        owns.append((client_id, purpose, mac))
    if connection.vendor == "postgresql":
        _insert_unnested(connection, columns, varying, shared, owns)
        return len(ids)
    rows = [
        [own[varying[f.name]] if f.name in varying else shared[f.name] for f in columns]
        for own in owns
    ]
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(f.column)) for f in columns)
    row = "({})".format(", ".join(["%s"] * len(columns)))
    size = max(1, connection.ops.bulk_batch_size(columns, rows))
    # One statement is atomic by itself; several batches (SQLite's variable limit) share a
    # transaction.
    several = len(rows) > size
    batches = transaction.atomic(using=database) if several else nullcontext()
    with batches, connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            # Only the model's own table and column names, quoted, and placeholders.
            sql = f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({names}) VALUES "  # noqa: S608
            cursor.execute(sql + ", ".join([row] * len(batch)), [v for r in batch for v in r])
    return len(ids)


def _insert_unnested(
    connection: Any,
    columns: list[Any],
    varying: Mapping[str, int],
    shared: Mapping[str, Any],
    owns: list[tuple[Any, ...]],
) -> None:
    """PostgreSQL: the same rows in one INSERT … SELECT over arrays, one parameter per column
    (each shared value once, each varying column as one array, unnested in the given order)
    instead of one per value: the driver quotes a worklist's 100 events as 15 parameters, not
    1 900 (issue 20: quoting them cost more than the database's work). `owns` holds each
    event's values of the `varying` columns, in their order there."""
    quote = connection.ops.quote_name
    table = quote(AuditEvent._meta.db_table)
    names = ", ".join(quote(str(f.column)) for f in columns)
    # Every value cast to its column's type: the statement means the same whatever literal the
    # driver writes for it.
    selected = ", ".join(
        f"u.{quote(str(f.column))}" if f.name in varying else f"CAST(%s AS {f.db_type(connection)})"
        for f in columns
    )
    arrays = sorted((f for f in columns if f.name in varying), key=lambda f: varying[f.name])
    unnested = ", ".join(f"CAST(%s AS {f.db_type(connection)}[])" for f in arrays)
    aliases = ", ".join(quote(str(f.column)) for f in arrays)
    params = [shared[f.name] for f in columns if f.name not in varying]
    params += [list(values) for values in zip(*owns, strict=True)]
    # Only the model's own table, column names and types, quoted, and placeholders; ids are
    # drawn in the order given (ORDER BY the position in the arrays).
    sql = (
        f"INSERT INTO {table} ({names}) SELECT {selected} "  # noqa: S608
        f"FROM unnest({unnested}) WITH ORDINALITY AS u({aliases}, n) ORDER BY u.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
