"""Results kept in the shared cache (Redis in production, polku settings' CACHES) under a hash
of everything they are computed from: the same inputs give the same key on every server, any
changed input gives another key, so nothing is invalidated by hand and nothing stale is read.

`content_key` hashes the inputs (JSON with sorted keys; sets sorted, dates and Decimals as
text); `source_fingerprint` hashes the files whose code, templates, parameters or
translations shape a result (once per process: a deploy restarts the processes), to be made
part of a key; `remembered` reads the cache or computes and keeps the value. A cache that
cannot be reached costs the computation, never the answer."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.core.cache import cache as shared_cache
from django.utils.functional import Promise

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
_MISSING = object()


def _plain(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal | Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no stable text for a cache key")


def content_key(namespace: str, *parts: Any) -> str:
    """`namespace:` and the SHA-256 of the parts (JSON-like values, sets, dates, Decimals)."""
    text = json.dumps(parts, sort_keys=True, default=_plain, separators=(",", ":"))
    return f"{namespace}:{hashlib.sha256(text.encode()).hexdigest()}"


@cache
def source_fingerprint(patterns: tuple[str, ...]) -> str:
    """The SHA-256 of the files matching the glob `patterns` (relative to the repository's
    root), their paths and contents in path order. Computed once per process."""
    digest = hashlib.sha256()
    for path in sorted({p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file()}):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(patterns: Iterable[str]) -> str:
    return source_fingerprint(tuple(patterns))


def remembered[T](key: str, compute: Callable[[], T], *, timeout: int) -> T:
    """The value kept under `key`, or `compute()` kept there for `timeout` seconds."""
    try:
        value = shared_cache.get(key, _MISSING)
    except Exception:  # an unreachable cache: compute (and say so in the log)
        logger.exception("Cache read failed for %s", key)
        value = _MISSING
    if value is not _MISSING:
        return value  # type: ignore[return-value]  # what compute() gave for this key
    value = compute()
    try:
        shared_cache.set(key, value, timeout)
    except Exception:
        logger.exception("Cache write failed for %s", key)
    return value
