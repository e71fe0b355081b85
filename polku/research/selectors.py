"""The indicators for a filter — cached, because the dashboard must stay responsive over
100 000 clients (the `precompute_indicators` command and task fill the cache for the default
period every night). The cache is shared by every process when POLKU_REDIS_URL is set (Redis;
required in production), and the figures are read from the read replica when there is one.
Who may see the dashboard: polku.access.resolver.can_view_dashboard."""

from __future__ import annotations

import pickle

from django.core.cache import cache
from django.utils import timezone, translation

from config.routers import research_reads

from . import disclosure, indicators
from .frames import Filters

CACHE_SECONDS = 60 * 60


def _key(filters: Filters) -> str:
    return f"polku:research:3:{timezone.localdate()}:{filters.key()}"


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
    return found


def shown(filters: Filters, k: int | None = None) -> dict[str, indicators.Result]:
    """The results as the dashboard, the report, the CSV tables and the API show them: every
    figure resting on fewer than k clients hidden (polku.research.disclosure.protect; k is
    POLKU_RESEARCH_K, or larger when the API asks for it — never smaller)."""
    return {key: disclosure.protect(result, k) for key, result in results(filters).items()}


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
