"""Signed checkpoints of the audit chain's head, kept outside the database.

A checkpoint records the head event's id and hash, how many events the chain had, when, and
the id of the audit key; an HMAC under that key (a label apart from the chain's) signs them.
Written as one JSON file per checkpoint in settings.POLKU_AUDIT_ANCHOR_DIR (atomically: a
temporary file renamed into place). verify_audit_chain compares the chain with the latest
checkpoint: fewer events than it recorded is a missing tail; another hash at its head is a
rewritten prefix. Counts run from the chain's very start, the events removed by retention
cuts included, so a cut does not look like a missing tail. Put the directory on another host
or an append-only store: whoever can delete its files can hide a removed tail, though not
forge a checkpoint without the key."""

import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from .chain import ChainKey
from .keys import current_key, keys_by_id

_LABEL = b"polku-audit-checkpoint-v1|"
_PREFIX = "checkpoint-"


class BadCheckpoint(Exception):
    """A checkpoint file that cannot be read or whose signature does not verify."""


@dataclass(frozen=True)
class Checkpoint:
    head_id: int
    head_hash: str
    count: int
    created_at: str  # ISO 8601, UTC
    key_id: str

    def message(self) -> bytes:
        body = {k: v for k, v in asdict(self).items()}
        return _LABEL + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()

    def signature(self, key: ChainKey) -> str:
        return hmac.new(key.secret, self.message(), hashlib.sha256).hexdigest()


def directory() -> Path:
    return Path(settings.POLKU_AUDIT_ANCHOR_DIR)


def write_checkpoint(now: datetime | None = None) -> Checkpoint | None:
    """Sign the chain's current head (its last linked event: the unsequenced tail is not
    part of the chain yet) into a new file. None when the chain is empty.

    `count` is the head's position from the chain's very start: the events up to the head
    plus those removed by retention cuts (polku.audit.cuts). Head, count and cut are read in
    one statement (one snapshot, so a cut committing meanwhile cannot skew the count); it
    takes no lock, so appends go on."""
    key = current_key()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.hash, "
            "(SELECT COUNT(*) FROM audit_auditevent c WHERE c.id <= e.id), "
            "(SELECT COALESCE(MAX(r.position), 0) FROM audit_retentioncut r) "
            "FROM audit_auditevent e WHERE e.prev_hash <> '' ORDER BY e.id DESC LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        return None
    head = {"id": row[0], "hash": row[1]}
    count = int(row[2]) + int(row[3])
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    checkpoint = Checkpoint(
        head_id=head["id"],
        head_hash=head["hash"],
        count=count,
        created_at=moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        key_id=key.id,
    )
    content = {**asdict(checkpoint), "signature": checkpoint.signature(key)}
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{_PREFIX}{moment:%Y%m%dT%H%M%S%fZ}-{head['id']:012d}.json"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(content, out, sort_keys=True, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return checkpoint


def read_checkpoint(path: Path) -> Checkpoint:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        signature = content.pop("signature")
        checkpoint = Checkpoint(**content)
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise BadCheckpoint(f"{path.name}: unreadable ({error})") from error
    key = keys_by_id().get(checkpoint.key_id)
    if key is None:
        raise BadCheckpoint(
            f"{path.name}: its key {checkpoint.key_id} is not configured (POLKU_AUDIT_OLD_KEYS)"
        )
    if not isinstance(signature, str) or not hmac.compare_digest(
        signature, checkpoint.signature(key)
    ):
        raise BadCheckpoint(f"{path.name}: the signature does not match its content")
    return checkpoint


def latest_checkpoint() -> Checkpoint | None:
    """The checkpoint with the most events (ties: the newest). Every file is verified: a
    forged or altered one raises BadCheckpoint."""
    folder = directory()
    if not folder.is_dir():
        return None
    checkpoints = [read_checkpoint(path) for path in sorted(folder.glob(f"{_PREFIX}*.json"))]
    if not checkpoints:
        return None
    return max(checkpoints, key=lambda c: (c.count, c.head_id, c.created_at))
