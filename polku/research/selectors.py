"""The indicators for a filter — cached, because the dashboard must stay responsive over
100 000 clients (the `precompute_indicators` command and task fill the cache for the default
period every night). The cache is shared by every process when POLKU_REDIS_URL is set (Redis;
required in production), and the figures are read from the read replica when there is one.
Who may see the dashboard: polku.access.resolver.can_view_dashboard."""

from __future__ import annotations

import pickle
from dataclasses import replace

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.functional import Promise

from config.routers import research_reads
from polku.clients.models import Client
from polku.core import memo

from . import disclosure, indicators
from .frames import Filters

CACHE_SECONDS = 60 * 60

# Polku's release, as the route plans' keys have it (polku.core.memo.fingerprint): the code
# the results, their words and the charts are made by — the indicators read other apps'
# models and selectors and format with polku.core, so the whole of Polku's code — the
# translations, and the libraries' versions (Polars, Matplotlib). After a release every key
# is new: nothing computed or drawn by the previous release is served until it expires.
SOURCES = (
    "polku/**/*.py",
    "locale/*/LC_MESSAGES/django.mo",
    "requirements.lock",
)


def _key(filters: Filters) -> str:
    release = memo.fingerprint(SOURCES)
    return f"polku:research:{release}:{timezone.localdate()}:{filters.key()}"


def _cached(key: str):
    """The cached value, or None — also when it cannot be read back: the cache is shared by
    every process, and during a rolling deploy a process of the other release may have pickled
    a class this code has moved or renamed (then it is computed again and replaced)."""
    try:
        return cache.get(key)
    except (ImportError, AttributeError, pickle.UnpicklingError):
        return None


def results(filters: Filters, *, refresh: bool = False) -> dict[str, indicators.Result]:
    key = _key(filters)
    found = None if refresh else _cached(key)
    if found is None:
        with research_reads():  # from the read replica, when there is one (config/routers.py)
            found = indicators.compute_all(filters, timezone.localdate())
        cache.set(key, found, CACHE_SECONDS)
        # The copies in words (below) follow the results they were made of.
        cache.delete_many([f"{key}:words:{code}" for code, _name in settings.LANGUAGES])
    return found


def municipalities() -> list[str]:
    """The municipalities clients live in, for the filter's choices: cached like the results
    (a DISTINCT over every client took 50 ms per dashboard view at 100 000 clients, issue 20),
    so a municipality's first client shows in the choices within the hour."""
    key = f"polku:research:municipalities:{timezone.localdate()}"
    found = _cached(key)
    if found is None:
        with research_reads():
            found = list(
                Client.objects.exclude(municipality="")
                .order_by("municipality")
                .values_list("municipality", flat=True)
                .distinct()
            )
        cache.set(key, found, CACHE_SECONDS)
    return found


def _text(value: object) -> object:
    return str(value) if isinstance(value, Promise) else value


def _in_words(result: indicators.Result) -> indicators.Result:
    """The result with its lazy texts (column names, row labels, notes, why there is no
    figure, what the headline is) in the active
    language: plain strings, which the cache reads back cheaply (each lazy text unpickled
    built a class of its own: 80 per dashboard, a third of its time, issue 20)."""
    return replace(
        result,
        columns=[_text(c) for c in result.columns],  # type: ignore[misc]  # str | Promise
        rows=[[_text(v) for v in row] for row in result.rows],
        notes=[_text(n) for n in result.notes],
        no_value=_text(result.no_value),  # type: ignore[arg-type]  # str | Promise | None
        headline=_text(result.headline),  # type: ignore[arg-type]  # str | Promise | None
    )


def _results_in_words(filters: Filters) -> dict[str, indicators.Result]:
    """`results` with their texts in the active language, cached per language beside the
    language-free results (which the nightly precompute fills)."""
    key = f"{_key(filters)}:words:{translation.get_language()}"
    found = _cached(key)
    if found is None:
        found = {name: _in_words(result) for name, result in results(filters).items()}
        cache.set(key, found, CACHE_SECONDS)
    return found


def shown(filters: Filters, k: int | None = None) -> dict[str, indicators.Result]:
    """The results as the dashboard, the report, the CSV tables and the API show them: every
    figure resting on fewer than k clients hidden (polku.research.disclosure.protect; k is
    POLKU_RESEARCH_K, or larger when the API asks for it — never smaller)."""
    return {
        key: disclosure.protect(result, k) for key, result in _results_in_words(filters).items()
    }


def charts(filters: Filters) -> dict[str, str]:
    """Each indicator's chart (inline SVG) of the shown figures, cached with the results."""
    from . import charts as drawing

    k = disclosure.threshold()
    key = f"{_key(filters)}:charts:{translation.get_language()}:k={k}"
    found = _cached(key)
    if found is None:
        found = {
            indicator_id: drawing.svg(indicator, result)
            for (indicator_id, indicator), result in zip(
                indicators.REGISTRY.items(), shown(filters).values(), strict=True
            )
        }
        cache.set(key, found, CACHE_SECONDS)
    return found
