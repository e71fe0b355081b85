"""Catalogue search that understands word forms, in the reader's language.

Every entry's texts are indexed as terms (`SearchTerm`) when the entry is saved or loaded:
Finnish words by their base forms, compound parts and runs of parts from the Voikko
analyser (polku.catalogue.analysis), Swedish and English words by their Snowball stems —
plus the entry's life situations in that language ("Työtön", "Sairas": the map's own
classification) and, in Finnish, its provider's name. A query is analysed the same way and
looked up in that table with plain equality and prefix lookups, so SQLite and PostgreSQL run
the same code and give the same results.

A query word finds an entry when
* one of its base forms (or a curated synonym, polku.catalogue.synonyms) is a term of the
  entry — "työttömänä" → työtön, "sairausloma" → sairauspäiväraha;
* it is a compound whose every part is a term of the entry (weaker) — "palkkatukityö" →
  palkka + tuki + työ;
* Swedish and English: its stem is a term or begins one (as before: "rehabiliteringen" finds
  "rehabiliteringspenning");
* a word Voikko does not know (an abbreviation, a half-typed word) begins a term (weaker).
Every meaningful query word must find the entry. Ranking: a hit in the name counts most, then
one in the life situations, in who it is for, and in the rest; a word found in several of
them counts each."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import get_language

from . import analysis
from .models import LANGUAGE_CODES, LifeSituation, SearchTerm, Service
from .synonyms import synonyms_of

MAX_QUERY_WORDS = 8
MIN_PREFIX = 3
# Weights: name, the map's life situations, who it is for, the rest (and the provider). A
# term's weight is the sum over the fields it is in (each field's best match).
WEIGHTS = {"A": 1.0, "S": 0.6, "B": 0.4, "C": 0.2}
PART_MATCH = 0.5  # a compound found by its parts
PREFIX_MATCH = 0.5  # an unknown word found as the beginning of a term


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    provider_kind: str = ""
    language: str = ""  # language of service
    region: str = ""  # "" = any; a region also includes nationwide services
    situation: str = ""
    source: str = ""  # "" = both; "curated" or "ptv"
    municipality: str = ""  # a municipality code; entries for everywhere are included
    target_group: str = ""  # national codes from PTV (KR…, KE…, P…)
    life_event: str = ""
    service_class: str = ""


# --- the index ---------------------------------------------------------------------------


def _texts(service: Service, language: str) -> dict[str, list[str]]:
    with translation.override(language):
        situations = [
            str(LifeSituation(code).label)
            for code in service.life_situations or []
            if code in LifeSituation.values
        ]
    rest = [
        getattr(service, f"{name}_{language}", "")
        for name in ("description", "income_effect", "how_to_apply")
    ]
    if language == "fi" and service.provider_id:
        rest.append(service.provider.name)
    # PTV's national classifications (service classes, target groups, life events, YSO
    # terms) in this language, and where the service is.
    rest += [item.get(language) or item.get("fi") or "" for item in service.classifications or []]
    rest.append(service.area)
    texts = {
        "A": [getattr(service, f"name_{language}", "")],
        "S": situations,
        "B": [
            getattr(service, f"audience_{language}", ""),
            getattr(service, f"plain_summary_{language}", ""),
        ],
        "C": rest,
    }
    if language != "fi" and service.source == "ptv":
        # A PTV entry without this language holds the Finnish text in its place: not indexed
        # again as Swedish or English.
        finnish = {
            getattr(service, f"{name}_fi", "")
            for name in ("name", "audience", "description", "how_to_apply")
        } - {""}
        texts = {key: [t for t in values if t not in finnish] for key, values in texts.items()}
    return texts


def terms_for(service: Service, language: str) -> dict[str, float]:
    """term → weight for one entry in one language: for each field the term is in, the
    field's weight times the match's strength, summed over the fields."""
    found: dict[str, float] = defaultdict(float)
    for weight, texts in _texts(service, language).items():
        best: dict[str, float] = {}
        for text in texts:
            for term, strength in analysis.document_terms(text, language).items():
                best[term] = max(best.get(term, 0), strength)
        for term, strength in best.items():
            found[term[:100]] += WEIGHTS[weight] * strength
    return {term: round(value, 3) for term, value in found.items()}


@transaction.atomic
def reindex(service: Service) -> bool:
    """Bring the entry's search terms up to date; True when something changed. Writes only
    the difference, so re-indexing an unchanged entry writes nothing."""
    changed = False
    existing: dict[tuple[str, str], tuple[int, float]] = {
        (language, term): (pk, weight)
        for pk, language, term, weight in SearchTerm.objects.filter(service=service).values_list(
            "pk", "language", "term", "weight"
        )
    }
    wanted = {
        (language, term): weight
        for language in LANGUAGE_CODES
        for term, weight in terms_for(service, language).items()
    }
    stale = [pk for key, (pk, weight) in existing.items() if wanted.get(key) != weight]
    if stale:
        SearchTerm.objects.filter(pk__in=stale).delete()
        changed = True
    new = [
        SearchTerm(service=service, language=language, term=term, weight=weight)
        for (language, term), weight in wanted.items()
        if existing.get((language, term), (None, None))[1] != weight
    ]
    if new:
        SearchTerm.objects.bulk_create(new)
        changed = True
    return changed


_DEFERRED: ContextVar[dict[int, Service] | None] = ContextVar("catalogue_index", default=None)


@contextmanager
def deferred_index() -> Iterator[None]:
    """Within the block, saved entries are indexed once, together, when it ends (the PTV
    sync writes hundreds at a time: one diff and one bulk insert instead of one each)."""
    pending: dict[int, Service] = {}
    token = _DEFERRED.set(pending)
    try:
        yield
    finally:
        _DEFERRED.reset(token)
    reindex_many(list(pending.values()))


def defer(service: Service) -> bool:
    """Queue `service` for the enclosing `deferred_index`; False when there is none."""
    pending = _DEFERRED.get()
    if pending is None:
        return False
    pending[service.pk] = service
    return True


def reindex_many(services: list[Service], chunk: int = 500) -> int:
    """`reindex` for many entries with a few queries per `chunk`; how many changed."""
    changed = 0
    for start in range(0, len(services), chunk):
        batch = services[start : start + chunk]
        existing: dict[tuple[int, str, str], tuple[int, float]] = {
            (service_id, language, term): (pk, weight)
            for pk, service_id, language, term, weight in SearchTerm.objects.filter(
                service__in=[s.pk for s in batch]
            ).values_list("pk", "service_id", "language", "term", "weight")
        }
        wanted = {
            (service.pk, language, term): weight
            for service in batch
            for language in LANGUAGE_CODES
            for term, weight in terms_for(service, language).items()
        }
        stale = [pk for key, (pk, weight) in existing.items() if wanted.get(key) != weight]
        new = [
            SearchTerm(service_id=service_id, language=language, term=term, weight=weight)
            for (service_id, language, term), weight in wanted.items()
            if existing.get((service_id, language, term), (None, None))[1] != weight
        ]
        touched = {t.service_id for t in new}
        touched |= {key[0] for key, (pk, _) in existing.items() if pk in set(stale)}
        with transaction.atomic():
            for first in range(0, len(stale), 900):
                SearchTerm.objects.filter(pk__in=stale[first : first + 900]).delete()
            SearchTerm.objects.bulk_create(new, batch_size=1000)
        changed += len(touched)
    return changed


def reindex_all() -> int:
    """Re-index every entry (after a change to the analyser); how many changed."""
    services = Service.objects.select_related("provider").order_by("pk")
    return sum(reindex(service) for service in services)


# --- queries -----------------------------------------------------------------------------


@dataclass
class QueryWord:
    """What one query word may match: any of `exact` (full strength), all of `groups`
    (each a synonym of several words, full strength), every part of `parts` (a compound,
    weaker), or a term beginning with `prefix`."""

    word: str
    exact: set[str] = field(default_factory=set)
    groups: list[list[set[str]]] = field(default_factory=list)
    parts: list[set[str]] = field(default_factory=list)
    prefix: str = ""
    prefix_strength: float = PREFIX_MATCH


def _alternatives(word: str, language: str) -> set[str]:
    """The terms a single word stands for, as the index would have them."""
    if language == "fi":
        found = analysis.analyse_fi(word)
        return set(found.lemmas) | ({word} if not found.known else set())
    return set(analysis.stem(word, language)[-1:]) or {word}


def query_words(query: str, language: str) -> list[QueryWord]:
    seen: set[str] = set()
    result: list[QueryWord] = []
    stop = analysis.STOP.get(language, frozenset())
    for word in analysis.words(query):
        if word in seen or len(word) < 2:
            continue
        seen.add(word)
        entry = QueryWord(word)
        if language == "fi":
            found = analysis.analyse_fi(word)
            if found.lemmas & stop:
                continue
            entry.exact |= set(found.lemmas)
            if not found.known:
                entry.exact.add(word)
                if len(word) >= MIN_PREFIX:
                    entry.prefix = word
            if len(found.parts) >= 2:
                entry.parts = [set(p) for p in found.parts]
            keys = set(found.lemmas) | {word}
        else:
            if word in stop:
                continue
            stems = analysis.stem(word, language)
            entry.exact.add(stems[-1])
            entry.prefix = stems[-1] if len(stems) == 1 else ""
            entry.prefix_strength = 1.0  # Snowball stems begin compounds: as before
            if len(stems) > 1:
                entry.parts = [{s} for s in stems]
            keys = {word}
        for key in keys:
            for target in synonyms_of(key, language):
                target_words = analysis.words(target)
                if len(target_words) == 1:
                    entry.exact |= _alternatives(target_words[0], language)
                else:
                    entry.groups.append([_alternatives(w, language) for w in target_words])
        result.append(entry)
        if len(result) >= MAX_QUERY_WORDS:
            break
    return result


def _filtered(filters: Filters, on: dt.date | None = None) -> QuerySet[Service]:
    services = Service.objects.current(on).select_related("provider")
    if filters.kind:
        services = services.filter(kind=filters.kind)
    if filters.provider_kind:
        services = services.filter(provider__kind=filters.provider_kind)
    if filters.region:
        services = services.filter(Q(area="") | Q(area__iexact=filters.region))
    if filters.source:
        services = services.filter(source=filters.source)
    wanted: list[tuple[str, object]] = []
    if filters.municipality:
        wanted.append(("municipalities", filters.municipality))
    for scheme in ("target_group", "life_event", "service_class"):
        if getattr(filters, scheme):
            wanted.append(("classifications", (scheme, getattr(filters, scheme))))
    if filters.language:
        wanted.append(("languages", filters.language))
    if filters.situation:
        wanted.append(("life_situations", filters.situation))
    if wanted:
        # JSON lists: filter in Python (portable; the catalogue is small).
        keep = [
            pk
            for pk, *lists in services.values_list("pk", *(name for name, _ in wanted))
            if all(
                _holds(name, value, found)
                for (name, value), found in zip(wanted, lists, strict=True)
            )
        ]
        services = services.filter(pk__in=keep)
    return services


def _holds(name: str, value: object, found: list | None) -> bool:
    """Whether an entry's JSON list satisfies one filter: a municipality (an entry for
    everywhere — no municipalities — holds in every one), a national code, or a value."""
    if name == "municipalities":
        return not found or value in found
    if name == "classifications":
        scheme, code = value if isinstance(value, tuple) else ("", "")
        return any(
            c.get("scheme") == scheme
            and (c.get("code") == code or c["code"].startswith(f"{code}."))
            for c in found or []
        )
    return value in (found or [])


def _hits(language: str, words: list[QueryWord]) -> dict[str, dict[int, float]]:
    """term → {entry id: weight} for every exact term the query needs, and prefix → … for
    its prefixes; two queries whatever the number of words."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    for word in words:
        exact |= word.exact
        for group in word.groups:
            for alternatives in group:
                exact |= alternatives
        for part in word.parts:
            exact |= part
        if word.prefix:
            prefixes.add(word.prefix)
    hits: dict[str, dict[int, float]] = defaultdict(dict)
    rows = SearchTerm.objects.filter(language=language, term__in=exact)
    for service_id, term, weight in rows.values_list("service_id", "term", "weight"):
        hits[term][service_id] = weight
    if prefixes:
        condition = Q()
        for prefix in prefixes:
            condition |= Q(term__startswith=prefix)
        rows = SearchTerm.objects.filter(condition, language=language)
        for service_id, term, weight in rows.values_list("service_id", "term", "weight"):
            for prefix in prefixes:
                if term.startswith(prefix):
                    best = hits[f"{prefix}*"]
                    best[service_id] = max(best.get(service_id, 0), weight)
    return hits


def _best(hits: dict[str, dict[int, float]], terms: set[str]) -> dict[int, float]:
    found: dict[int, float] = {}
    for term in terms:
        for service_id, weight in hits.get(term, {}).items():
            found[service_id] = max(found.get(service_id, 0), weight)
    return found


def _all_of(hits: dict[str, dict[int, float]], group: list[set[str]]) -> dict[int, float]:
    """Entries with every member of the group; scored by the weakest member."""
    found: dict[int, float] | None = None
    for alternatives in group:
        these = _best(hits, alternatives)
        found = (
            these
            if found is None
            else {pk: min(found[pk], these[pk]) for pk in found.keys() & these.keys()}
        )
    return found or {}


def _word_scores(word: QueryWord, hits: dict[str, dict[int, float]]) -> dict[int, float]:
    scores = _best(hits, word.exact)

    def offer(candidates: dict[int, float], strength: float) -> None:
        for pk, weight in candidates.items():
            scores[pk] = max(scores.get(pk, 0), weight * strength)

    for group in word.groups:
        offer(_all_of(hits, group), 1.0)
    if word.parts:
        offer(_all_of(hits, word.parts), PART_MATCH)
    if word.prefix:
        offer(hits.get(f"{word.prefix}*", {}), word.prefix_strength)
    return scores


def search(
    query: str,
    filters: Filters | None = None,
    language: str | None = None,
    on: dt.date | None = None,
) -> list[Service]:
    """Entries of the map's current view (in force on `on`, today) matching `query` in the
    reader's language — all of them, by name, when the query is empty — best first."""
    filters = filters or Filters()
    language = (language or get_language() or "fi")[:2]
    if language not in LANGUAGE_CODES:
        language = "fi"
    services = _filtered(filters, on)
    words = query_words(query, language)
    if not words:
        return list(services.order_by(f"name_{language}"))
    hits = _hits(language, words)
    total: dict[int, float] | None = None
    for word in words:
        scores = _word_scores(word, hits)
        total = (
            scores
            if total is None
            else {pk: total[pk] + scores[pk] for pk in total.keys() & scores.keys()}
        )
        if not total:
            return []
    assert total is not None
    found = list(services.filter(pk__in=total))
    found.sort(key=lambda s: (-total[s.pk], getattr(s, f"name_{language}")))
    return found
