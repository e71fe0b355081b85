"""Verify the stored audit chain (the command and the nightly task both call this)."""

from .chain import HASHED_FIELDS, BrokenLink, verify
from .models import AuditEvent


def verify_stored_chain() -> tuple[int, BrokenLink | None]:
    rows = (
        AuditEvent.objects.order_by("id")
        .values("id", "prev_hash", "hash", *HASHED_FIELDS)
        .iterator(chunk_size=5000)
    )
    return verify(rows)
