"""The keyed hash chain over audit events: how an event's MAC is computed and how the chain is
verified. Pure functions over plain values, so verification reads no Django model logic.

Each event's `hash` is HMAC-SHA256, under a key that lives outside the database
(settings.POLKU_AUDIT_KEY), over the previous event's hash, the id of the key and the event's
canonical content. Whoever owns the database can change rows but cannot recompute the MACs
without the key; the key id stored with each event lets the key rotate (old keys stay
available for verification in settings.POLKU_AUDIT_OLD_KEYS). The unkeyed `event_hash` is the
chain before issue 18 (migration 0003 verified those events and re-keyed them once); it is
kept only so that the migration and tests can name it — verification never accepts it.

The MAC depends only on the previous hash and the event itself, so the sequencer that links
events in batches (issue 20, polku.audit.sequencer) computes it the same way. An event is
appended unsequenced: `prev_hash` empty (UNSEQUENCED) and `hash` the MAC over that empty
previous hash, so its content is sealed by the key from the start; the sequencer checks that
MAC, then fills in the chain's `prev_hash` and `hash` (once: the guard triggers allow nothing
else). The stored table is thus a chained prefix followed by an unsequenced tail."""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

GENESIS_HASH = "0" * 64
UNSEQUENCED = ""  # the prev_hash of an event the sequencer has not linked yet
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
_KEY_LABEL = b"polku-audit-chain-v1"
_KEY_ID_LABEL = b"polku-audit-key-id-v1"


class MissingKey(Exception):
    """No audit key is configured, or an event names a key that is not configured."""


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        # strftime("%Y-%m-%dT%H:%M:%S.%fZ") as before, written out: verification formats ten
        # million of these (the year unpadded, as glibc's %Y).
        u = value.astimezone(UTC)
        return (
            f"{u.year}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}"
            f".{u.microsecond:06d}Z"
        )
    return value


# One encoder, made once (json.dumps with options builds a new one per call).
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _payload(fields: Mapping[str, Any]) -> str:
    return _ENCODER.encode({name: _canonical_value(fields[name]) for name in HASHED_FIELDS})


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The unkeyed SHA-256 of the chain before issue 18. Anyone can compute it."""
    return hashlib.sha256(f"{prev_hash}|{_payload(fields)}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainKey:
    id: str
    secret: bytes
    # Keyed once and copied per event: OpenSSL's HMAC state itself where hmac.HMAC wraps one
    # (its copy is a single C call; verification copies it ten million times), else the
    # hmac.HMAC. Either gives the same HMAC-SHA256.
    _mac: Any = field(repr=False, compare=False)

    def mac(self, message: bytes) -> str:
        prepared = self._mac.copy()
        prepared.update(message)
        return str(prepared.hexdigest())


@lru_cache(maxsize=16)
def derive_key(setting: str) -> ChainKey:
    """The MAC key and its public id, derived from a setting's value (never stored)."""
    if not setting:
        raise MissingKey("POLKU_AUDIT_KEY is not set: audit events cannot be keyed.")
    raw = setting.encode()
    secret = hmac.new(raw, _KEY_LABEL, hashlib.sha256).digest()
    key_id = hmac.new(raw, _KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]
    prepared = hmac.new(secret, digestmod=hashlib.sha256)
    return ChainKey(id=key_id, secret=secret, _mac=getattr(prepared, "_hmac", None) or prepared)


def keyed_hash(key: ChainKey, key_id: str, prev_hash: str, fields: Mapping[str, Any]) -> str:
    return key.mac(f"{prev_hash}|{key_id}|{_payload(fields)}".encode())


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    reason: str


@dataclass(frozen=True)
class ChainStart:
    """Where the stored chain starts after a retention cut: the last removed event's id and
    hash, and how many events the chain had up to it (its position from the very start)."""

    last_event_id: int
    last_hash: str
    position: int


GENESIS = ChainStart(last_event_id=0, last_hash=GENESIS_HASH, position=0)


@dataclass(frozen=True)
class Walk:
    """What a walk over the chain saw: events checked, the first broken link (or None), the
    last intact event, and (position, hash) of each watched event id (the checkpoints' heads).
    A position counts from the chain's very start, the events removed by retention included;
    `position` is that of the last intact event."""

    checked: int
    broken: BrokenLink | None
    last_id: int | None
    last_hash: str
    seen: dict[int, tuple[int, str]]
    position: int = 0
    unsequenced: int = 0  # events of the tail not yet linked, each with a verified MAC


def verify(
    events: Iterable[Mapping[str, Any]],
    keys: Mapping[str, ChainKey],
    *,
    watch_ids: Iterable[int] = (),
    start: ChainStart = GENESIS,
) -> Walk:
    """Walk events (mappings of the stored columns) in id order with the keys by id, from
    `start` (the latest retention cut, or the genesis hash); `verify_encoded` below."""
    return verify_encoded(
        (
            (event["id"], event["prev_hash"], event["key_id"], event["hash"], _payload(event), None)
            for event in events
        ),
        keys,
        watch_ids=watch_ids,
        start=start,
    )


# A stored row as the walk reads it: (id, prev_hash, key_id, hash, payload, parts). `payload`
# is the event's canonical content (`_payload`); or None, and then `parts` is (the canonical
# text before the details' value, the stored details as JSON text, the text after it): the
# details are decoded and encoded here, exactly as `_payload` encodes them.
EncodedRow = tuple[int, str, str, str, str | None, Sequence[str] | None]


def _joined(parts: Sequence[str]) -> str:
    before, details, after = parts
    return f"{before}{_ENCODER.encode(json.loads(details))}{after}"


def verify_encoded(
    rows: Iterable[EncodedRow],
    keys: Mapping[str, ChainKey],
    *,
    watch_ids: Iterable[int] = (),
    start: ChainStart = GENESIS,
) -> Walk:
    """Walk stored rows in id order (EncodedRow) with the keys by id, from `start` (the latest
    retention cut, or the genesis hash). Stops at the first broken link: an event that should
    have been removed with the cut counts as one. The unsequenced tail is counted apart: each
    of its events must carry its own valid MAC, and no chained event may follow it.

    Every event's MAC is recomputed here, with the key, over its stored prev_hash, key_id and
    canonical content: where the canonical text comes from (`_payload`, or PostgreSQL, see
    polku.audit.verification) changes nothing of what is checked."""
    watch = set(watch_ids)
    seen: dict[int, tuple[int, str]] = {}
    expected_prev = start.last_hash
    cut_id = start.last_event_id
    checked = 0
    tail = 0
    last_id = None
    compare = hmac.compare_digest
    prepared = {key_id: key._mac for key_id, key in keys.items()}

    def walk(broken: BrokenLink | None) -> Walk:
        return Walk(checked, broken, last_id, expected_prev, seen, start.position + checked, tail)

    for event_id, prev_hash, key_id, stored, payload, parts in rows:
        if event_id <= cut_id:
            return walk(
                BrokenLink(
                    event_id,
                    f"it precedes the retention cut at event {cut_id} but is still stored",
                )
            )
        unsequenced = prev_hash == UNSEQUENCED
        if tail and not unsequenced:
            return walk(BrokenLink(event_id, "a chained event follows an unsequenced one"))
        if not unsequenced and prev_hash != expected_prev:
            return walk(BrokenLink(event_id, "prev_hash does not match the previous hash"))
        mac = prepared.get(key_id)
        if mac is None:
            reason = (
                "the event is not keyed (an unkeyed hash is never accepted)"
                if not key_id
                else f"its key {key_id} is not configured (POLKU_AUDIT_OLD_KEYS)"
            )
            return walk(BrokenLink(event_id, reason))
        if payload is None:
            payload = _joined(parts)  # type: ignore[arg-type]
        mac = mac.copy()
        mac.update(f"{prev_hash}|{key_id}|{payload}".encode())
        if not compare(stored, mac.hexdigest()):
            return walk(BrokenLink(event_id, "content does not match its keyed hash"))
        if unsequenced:
            tail += 1
            continue
        expected_prev = stored
        checked += 1
        last_id = event_id
        if event_id in watch:
            seen[event_id] = (start.position + checked, expected_prev)
    return walk(None)
