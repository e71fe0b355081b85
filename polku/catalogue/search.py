"""Catalogue search that understands word forms, in the reader's language.

Words are reduced to their Snowball stems (Finnish, Swedish or English — the same
algorithm as PostgreSQL's `finnish`/`swedish`/`english` text-search configurations), and
each query stem matches as a prefix, so "kuntoutus" finds "kuntoutuspsykoterapia" and
"kuntoutusraha" (Finnish compounds). For Finnish consonant gradation ("kuntoutuksen" →
stem "kuntoutuks", but "kuntoutus" → "kuntoutus"; "asumistuen" / "asumistuki") a query stem
of six letters or more also matches, more weakly, without its last two letters.

On PostgreSQL the documents are indexed by the database (`to_tsvector('finnish', …)`) and
ranked with `ts_rank`; on SQLite, which has no Finnish stemmer, the same stems are matched
in Python over the (small) catalogue — the same results, ranked by the same weights:
a hit in the name counts more than one in the description."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import snowballstemmer
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import CombinedExpression
from django.utils.translation import get_language

from .models import LANGUAGE_CODES, Service

CONFIG = {"fi": "finnish", "sv": "swedish", "en": "english"}
WORD = re.compile(r"\w+", re.UNICODE)
RELAX_MIN = 6  # stems this long also match without their last two letters (Finnish)
MAX_QUERY_WORDS = 8
# Weights: name, who it is for, what happens / effect on income / how to apply.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    provider_kind: str = ""
    language: str = ""  # language of service
    region: str = ""  # "" = any; a region also includes nationwide services
    situation: str = ""


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(CONFIG[language])


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def stems(text: str, language: str) -> list[str]:
    return _stemmer(language).stemWords(words(text))


def query_terms(query: str, language: str) -> list[tuple[str, str | None]]:
    """(stem, relaxed stem or None) for each query word, in order, without repeats."""
    seen, terms = set(), []
    for stem in stems(query, language)[:MAX_QUERY_WORDS]:
        if stem in seen or len(stem) < 2:
            continue
        seen.add(stem)
        relaxed = stem[:-2] if language == "fi" and len(stem) >= RELAX_MIN else None
        terms.append((stem, relaxed))
    return terms


def _filtered(filters: Filters) -> QuerySet[Service]:
    services = Service.objects.filter(is_active=True).select_related("provider")
    if filters.kind:
        services = services.filter(kind=filters.kind)
    if filters.provider_kind:
        services = services.filter(provider__kind=filters.provider_kind)
    if filters.region:
        services = services.filter(Q(area="") | Q(area__iexact=filters.region))
    wanted = []
    if filters.language:
        wanted.append(("languages", filters.language))
    if filters.situation:
        wanted.append(("life_situations", filters.situation))
    if wanted:
        # JSON lists: filter in Python (portable; the catalogue is small).
        keep = [
            pk
            for pk, *lists in services.values_list("pk", *(name for name, _ in wanted))
            if all(value in (found or []) for (_, value), found in zip(wanted, lists, strict=True))
        ]
        services = services.filter(pk__in=keep)
    return services


def _fields(language: str) -> dict[str, list[str]]:
    return {
        "A": [f"name_{language}"],
        "B": [f"audience_{language}"],
        "C": [f"description_{language}", f"income_effect_{language}", f"how_to_apply_{language}"],
    }


def search(query: str, filters: Filters | None = None, language: str | None = None) -> list:
    """Services matching `query` in the reader's language (all of them, by name, when the
    query is empty), best first."""
    filters = filters or Filters()
    language = (language or get_language() or "fi")[:2]
    if language not in LANGUAGE_CODES:
        language = "fi"
    services = _filtered(filters)
    terms = query_terms(query, language)
    if not terms:
        return list(services.order_by(f"name_{language}"))
    if connection.vendor == "postgresql":
        return _search_postgresql(services, terms, language)
    return _search_python(services, terms, language)


def _tsquery(terms: list[tuple[str, str | None]], *, relaxed: bool) -> str:
    parts = []
    for stem, loose in terms:
        options = [f"'{stem}':*"]
        if relaxed and loose:
            options.append(f"'{loose}':*")
        parts.append("(" + " | ".join(options) + ")")
    return " & ".join(parts)


def _search_postgresql(services, terms, language: str) -> list:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = CONFIG[language]
    vector: SearchVector | CombinedExpression | None = None
    for weight, names in _fields(language).items():
        for name in names:
            part = SearchVector(name, weight=weight, config=config)
            vector = part if vector is None else vector + part
    assert vector is not None  # _fields names at least one field
    # Our stems are final lexemes: the 'simple' configuration keeps them as they are.
    exact = SearchQuery(_tsquery(terms, relaxed=False), search_type="raw", config="simple")
    loose = SearchQuery(_tsquery(terms, relaxed=True), search_type="raw", config="simple")
    weights = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A
    rank = SearchRank(vector, exact, weights=weights) * 2 + SearchRank(
        vector, loose, weights=weights
    )
    return list(
        services.annotate(document=vector, rank=rank)
        .filter(document=loose)
        .order_by(F("rank").desc(), f"name_{language}")
    )


def _search_python(services, terms, language: str) -> list:
    fields = _fields(language)
    scored = []
    for service in services:
        document = {
            weight: set(stems(" ".join(getattr(service, n) for n in names), language))
            for weight, names in fields.items()
        }
        score, all_found = 0.0, True
        for stem, loose in terms:
            best = 0.0
            for weight, tokens in document.items():
                if any(t.startswith(stem) for t in tokens):
                    best = max(best, WEIGHTS[weight] * 3)
                elif loose and any(t.startswith(loose) for t in tokens):
                    best = max(best, WEIGHTS[weight])
            if best == 0:
                all_found = False
                break
            score += best
        if all_found:
            scored.append((-score, getattr(service, f"name_{language}"), service))
    scored.sort(key=lambda row: row[:2])
    return [service for *_, service in scored]
