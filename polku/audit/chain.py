"""The hash chain over audit events: how an event's hash is computed and how the chain is
verified. Pure functions over plain values, so verification reads no Django model logic."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_organisation_id",
    "actor_profession",
    "client_id",
    "action",
    "target",
    "purpose",
    "method",
    "path",
    "ip_address",
    "details",
)


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    content = {name: _canonical_value(fields[name]) for name in HASHED_FIELDS}
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    reason: str


def verify(events: Iterable[Mapping[str, Any]]) -> tuple[int, BrokenLink | None]:
    """Walk events in id order. Returns (events checked, the first broken link or None)."""
    expected_prev = GENESIS_HASH
    checked = 0
    for event in events:
        if event["prev_hash"] != expected_prev:
            return checked, BrokenLink(
                event["id"], "prev_hash does not match the previous event's hash"
            )
        if event["hash"] != event_hash(event["prev_hash"], event):
            return checked, BrokenLink(event["id"], "content does not match its hash")
        expected_prev = event["hash"]
        checked += 1
    return checked, None
