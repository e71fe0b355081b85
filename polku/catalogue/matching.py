"""Curated entries and PTV services that describe the same thing: candidates for a curator to
link (admin: Services → "Matches with Suomi.fi"), and the link itself.

A candidate pair is a curated entry without a PTV id and an active PTV entry whose Finnish
names are alike (difflib's ratio over the lower-cased names, and the share of the curated
name's words found in the PTV name) — scored higher when the PTV entry's service classes give
the same kind. Linking makes the curated entry carry the PTV id, the PTV fields of
`mapping.LINKED_FIELDS` (modified, national classifications) and the channels where they hold
for the entry's whole area (`mapping.channels_apply`) — the sync then keeps them up to date
and leaves the curated texts alone — and retires the separate PTV entry, so the map holds one
entry, not two. The curated entry keeps its own area (`area`, `municipalities`): a link adds
the PTV reference, it never moves or narrows where the entry is offered (a nationwide
"Aikuissosiaalityö" linked to one county's PTV service stays nationwide, and shows no
county's service points as if they were everyone's)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db import transaction

from . import analysis
from .models import Service, Source
from .ptv import mapping

THRESHOLD = 0.55
KIND_BONUS = 0.15


@dataclass(frozen=True)
class Candidate:
    curated: Service
    ptv: Service
    score: float


def _words(text: str) -> set[str]:
    return {w for w in analysis.words(text.lower()) if len(w) > 2}


def score(curated: Service, ptv: Service) -> float:
    a, b = curated.name_fi.lower(), ptv.name_fi.lower()
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    words = _words(curated.name_fi)
    shared = len(words & _words(ptv.name_fi)) / len(words) if words else 0.0
    value = max(ratio, shared)
    if curated.kind == ptv.kind:
        value += KIND_BONUS
    return round(min(value, 1.0), 2)


def candidates(limit: int = 100) -> list[Candidate]:
    curated = list(Service.objects.current().filter(source=Source.CURATED, ptv_id__isnull=True))
    ptv = list(Service.objects.current().filter(source=Source.PTV))
    found = []
    for entry in curated:
        for other in ptv:
            if (
                difflib.SequenceMatcher(
                    None, entry.name_fi.lower(), other.name_fi.lower()
                ).real_quick_ratio()
                < 0.3
            ):
                continue
            value = score(entry, other)
            if value >= THRESHOLD:
                found.append(Candidate(entry, other, value))
    found.sort(key=lambda c: (-c.score, c.curated.name_fi, c.ptv.name_fi))
    return found[:limit]


class LinkError(ValueError):
    pass


@transaction.atomic
def link(curated: Service, ptv: Service) -> Service:
    """The curated entry takes over the PTV service; the separate PTV entry is retired."""
    curated = Service.objects.select_for_update().get(pk=curated.pk)
    ptv = Service.objects.select_for_update().get(pk=ptv.pk)
    if curated.source != Source.CURATED or curated.ptv_id:
        raise LinkError("the first entry must be a curated entry without a PTV id")
    if ptv.source != Source.PTV or not ptv.ptv_id:
        raise LinkError("the second entry must come from PTV")
    ptv_id, channels = ptv.ptv_id, list(ptv.channels.all())
    if not mapping.channels_apply(ptv.area, ptv.municipalities, curated.area):
        # One county's service points are not where a reader elsewhere goes.
        channels = []
    ptv.ptv_id = None
    ptv.is_active = False
    ptv.replaced_by = curated
    ptv.save()
    curated.ptv_id = ptv_id
    for name in mapping.LINKED_FIELDS:
        setattr(curated, name, getattr(ptv, name))
    curated.save()
    curated.channels.set(channels)
    return curated
