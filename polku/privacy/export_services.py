"""Who may have the right-of-access export (polku.privacy.export) and the audit of each one.

Two ways to it:
  * the client, signed in to My Polku, downloads their own (`export_for_client`);
  * a data-protection officer (polku.access.resolver.can_serve_data_requests) finds a client
    by the personal identity code and produces the export with a stated reason
    (`find_client_for_officer`, `export_for_officer`).

The officer is not a member of the client's network, so this is a deliberate exception to the
one access rule (polku.access.policy): narrow (one client, found by their full code, never a
list or a name search), with a reason that is required, and audited — the search and every
export are events on the client's trail, which the client sees under "Who has looked at my
information". Both readers are entitled to the full identity code: it is the client's own, and
the officer answers the client's request. Formats: a readable PDF and JSON for machines.

The officer's searches are limited: POLKU_DATA_REQUEST_SEARCH_LIMIT per officer in any hour,
a rolling window, not a clock hour (counted per clock hour, an officer could search twice the
limit within minutes across the hour's boundary). Each search is counted in a per-minute
counter in Django's cache with an atomic increment — in production the Redis every process
shares (POLKU_REDIS_URL), so the limit holds across application servers, not per process —
and the counters of this minute and the 60 before it are summed: a search counts until the end
of its minute plus an hour, so no 60 minutes ever hold more than the limit (an officer waits at
most a minute longer than a timestamp-exact window would make them). A search over the limit
is refused before anything is looked up and is not counted, with a message in the officer's
language that says how many minutes until the oldest counted searches run out, and the
refusal is audited too (`TooManySearches`).
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polku.access.resolver import can_serve_data_requests
from polku.audit import services as audit
from polku.audit.models import Action
from polku.clients import hetu as hetu_rules
from polku.clients.models import Client
from polku.clients.services import find_by_hetu_hash, hetu_error_message
from polku.core.http import AnyRequest
from polku.core.pdf import render_pdf
from polku.portal import disclosure

from . import export

if TYPE_CHECKING:  # annotations only
    from polku.accounts.models import User

FORMATS = ("pdf", "json")
TARGET = "privacy:access_export"
REASON_MIN = 10
RECIPIENT_CLIENT = "client"
RECIPIENT_OFFICER = "data_protection_officer"
SEARCH_WINDOW = 3600  # seconds: the officer's searches are limited in any hour (rolling)
SEARCH_BUCKET = 60  # seconds: counted per minute
# The counters summed: this minute's and those of the whole 60 minutes before it.
_BUCKETS = SEARCH_WINDOW // SEARCH_BUCKET + 1
_BUCKET_TIMEOUT = _BUCKETS * SEARCH_BUCKET + SEARCH_BUCKET  # outlives its last reading


class TooManySearches(ValidationError):
    """The officer has searched POLKU_DATA_REQUEST_SEARCH_LIMIT times in the last hour."""


def _search_key(user_id: int, bucket: int) -> str:
    return f"privacy:officer-searches-per-minute:{user_id}:{bucket}"


def _increment(key: str) -> int:
    """Add one to the counter `key` atomically (Redis INCRBY; the one-process caches of
    development and tests lock), creating it with the bucket's lifetime when missing."""
    for _attempt in range(3):
        cache.add(key, 0, timeout=_BUCKET_TIMEOUT)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: create it again
            continue
    raise RuntimeError(f"cache counter {key} keeps disappearing")


def count_officer_search(user_id: int, *, now: float | None = None) -> None:
    """Count one search by the officer `user_id` in the shared cache; TooManySearches when it
    would make more than the limit in the last hour (module doc). This minute's counter is
    incremented atomically, so concurrent searches in one minute get distinct totals and
    cannot slip under the limit together; a refused search is taken back off the counter
    (whoever is refused meanwhile was over the limit anyway)."""
    limit = settings.POLKU_DATA_REQUEST_SEARCH_LIMIT
    moment = time.time() if now is None else now
    current = int(moment // SEARCH_BUCKET)
    key = _search_key(user_id, current)
    mine = _increment(key)
    earlier_buckets = range(current - _BUCKETS + 1, current)
    stored = cache.get_many([_search_key(user_id, bucket) for bucket in earlier_buckets])
    counts = [int(stored.get(_search_key(user_id, bucket), 0)) for bucket in earlier_buckets]
    total = sum(counts) + mine
    if total <= limit:
        return
    with contextlib.suppress(ValueError):  # the counter is gone: nothing to take back
        cache.decr(key)
    # Allowed again once the oldest minutes holding `total - limit` searches have run out; a
    # minute's searches run out _BUCKETS minutes after that minute began.
    needed, dropped, free_at = total - limit, 0, (current + _BUCKETS) * SEARCH_BUCKET
    for bucket, count in zip(earlier_buckets, counts, strict=True):
        dropped += count
        if dropped >= needed:
            free_at = (bucket + _BUCKETS) * SEARCH_BUCKET
            break
    minutes = max(1, math.ceil((free_at - moment) / 60))
    raise TooManySearches(
        ngettext(
            "You have searched %(limit)d times in the last hour, the most allowed. Try again "
            "in %(minutes)d minute.",
            "You have searched %(limit)d times in the last hour, the most allowed. Try again "
            "in %(minutes)d minutes.",
            minutes,
        )
        % {"limit": limit, "minutes": minutes}
    )


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    content_type: str
    filename: str


def _audit_trail(client: Client) -> dict:
    """The trail for people: the "who has looked" log's visits (all pages), and how many of
    the client's own acts in My Polku it holds."""
    days, page = disclosure.log(client, 1)
    every_day = list(days)
    for number in list(page.paginator.page_range)[1:]:
        more, _page = disclosure.log(client, number)
        every_day.extend(more)
    own = client.audit_events.filter(actor__isnull=True).count()
    return {"days": every_day, "own_events": own}


def _render(found: export.AccessExport, fmt: str, language: str) -> ExportFile:
    day = timezone.localdate().isoformat()
    if fmt == "json":
        data = json.dumps(export.as_json(found), ensure_ascii=False, indent=2).encode()
        return ExportFile(data, "application/json", f"polku-tiedot-{found.client.pk}-{day}.json")
    context = {
        "export": found,
        "sections": found.sections,
        "trail": _audit_trail(found.client),
        "today": timezone.localdate(),
    }
    data = render_pdf("privacy/access_export_print.html", context, language=language)
    return ExportFile(data, "application/pdf", f"polku-tiedot-{found.client.pk}-{day}.pdf")


def _build(client: Client, *, recipient: str, fmt: str, language: str) -> ExportFile:
    if fmt not in FORMATS:
        raise ValidationError({"format": _("Choose PDF or JSON.")})
    with translation.override(language):
        found = export.build_access_export(client, recipient=recipient, full_hetu=True)
        return _render(found, fmt, language)


def export_for_client(
    *, client: Client, fmt: str, language: str, request: AnyRequest | None = None
) -> ExportFile:
    """The signed-in client's own export (the portal session decides who the client is)."""
    result = _build(client, recipient=RECIPIENT_CLIENT, fmt=fmt, language=language)
    audit.record(
        actor=None,
        action=Action.EXPORT,
        client=client,
        target=TARGET,
        request=request,
        details={"by": "client", "format": fmt, "full_hetu": True},
    )
    return result


def _officer_only(user: User) -> None:
    if not can_serve_data_requests(user):
        raise PermissionDenied(_("Only a data-protection officer may serve data requests."))


def _reason(text: str) -> str:
    reason = " ".join((text or "").split())
    if len(reason) < REASON_MIN:
        raise ValidationError(
            {"reason": _("Say why you produce the export, e.g. the client's request and its date.")}
        )
    return reason[:200]


def find_client_for_officer(
    *, user: User, hetu: str, reason: str, request: AnyRequest | None = None
) -> Client | None:
    """The client with the identity code `hetu`, or None; audited either way (a match on the
    client's trail, a miss without a client). TooManySearches (audited, nothing looked up)
    over the officer's hourly limit."""
    _officer_only(user)
    reason = _reason(reason)
    try:
        hetu_rules.parse(hetu)
    except hetu_rules.InvalidHetu as error:
        raise ValidationError({"hetu": hetu_error_message(error)}) from None
    try:
        count_officer_search(user.pk)
    except TooManySearches:
        audit.record(
            actor=user,
            action=Action.SEARCH,
            target="privacy:data_request",
            purpose=reason,
            request=request,
            details={"refused": "search_limit", "by": "data_protection_officer"},
        )
        raise
    hashes = find_by_hetu_hash(hetu) or []
    client = Client.objects.filter(hetu_hash__in=hashes).first()
    audit.record(
        actor=user,
        action=Action.SEARCH,
        client=client,
        target="privacy:data_request",
        purpose=reason,
        request=request,
        details={"found": client is not None, "by": "data_protection_officer"},
    )
    return client


def export_for_officer(
    *,
    user: User,
    client: Client,
    reason: str,
    fmt: str,
    language: str,
    request: AnyRequest | None = None,
) -> ExportFile:
    """The export for a data-protection officer, with the reason on the client's trail."""
    _officer_only(user)
    reason = _reason(reason)
    result = _build(client, recipient=RECIPIENT_OFFICER, fmt=fmt, language=language)
    audit.record(
        actor=user,
        action=Action.EXPORT,
        client=client,
        target=TARGET,
        purpose=reason,
        request=request,
        details={"by": "data_protection_officer", "format": fmt, "full_hetu": True},
    )
    return result
