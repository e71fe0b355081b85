"""Limits on failed sign-in attempts, shared by every process (the database) and safe under
concurrency: an attempt is counted *before* it is checked (a row inserted and committed),
then the rows in the window are counted, so of N concurrent attempts at most `limit` are
let through; a successful attempt takes its row back. Used for the professionals' password
step (per address across accounts, per account across addresses; django-axes keeps its
per account-and-address limit) and the portal's sign-in codes (per address, per code)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .models import FailedAttempt


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window: dt.timedelta


def _hashed(key: str) -> str:
    secret = f"polku-throttle:{settings.SECRET_KEY}".encode()
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()


@dataclass
class Reservation:
    """Attempts counted against their limits; `release()` when the attempt succeeded."""

    rows: list[int]
    allowed: bool

    def release(self) -> None:
        FailedAttempt.objects.filter(pk__in=self.rows).delete()


def reserve(*checks: tuple[Limit, str | None]) -> Reservation:
    """Count one attempt against each (limit, key); refused when any is over its limit (the
    refused attempt is not kept, so waiting the window out always works)."""
    now = timezone.now()
    rows: list[int] = []
    allowed = True
    for limit, key in checks:
        if not key:
            continue
        hashed = _hashed(key)
        # autocommit: the row is committed at once, so every concurrent attempt counts it
        row = FailedAttempt.objects.create(scope=limit.scope, key=hashed, at=now)
        rows.append(row.pk)
        counted = FailedAttempt.objects.filter(
            scope=limit.scope, key=hashed, at__gt=now - limit.window
        ).count()
        if counted > limit.limit:
            allowed = False
    if not allowed:
        FailedAttempt.objects.filter(pk__in=rows).delete()
        rows = []
    FailedAttempt.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()
    return Reservation(rows=rows, allowed=allowed)


def failures(limit: Limit, key: str) -> int:
    return FailedAttempt.objects.filter(
        scope=limit.scope, key=_hashed(key), at__gt=timezone.now() - limit.window
    ).count()
