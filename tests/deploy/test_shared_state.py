"""Production shares its cache and sessions through Redis (POLKU_REDIS_URL), and what Polku
caches survives the trip through it: written by one process's cache client, read by another's."""

import datetime as dt
import json
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.utils.translation import get_language

from polku.research import selectors
from polku.research.disclosure import threshold
from polku.research.frames import Filters
from tests.child_process import run_python
from tests.core.test_production_settings import PRODUCTION

SHOW = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, "
    "settings.AXES_HANDLER, settings.DATABASE_ROUTERS, sorted(settings.DATABASES)]))"
)


def _production(**env: str):
    return run_python(
        "-c", SHOW, **{**PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env}
    )


def test_production_refuses_to_start_without_redis():
    env = {k: v for k, v in PRODUCTION.items() if k != "POLKU_REDIS_URL"}
    result = run_python(
        "-c", SHOW, **{**env, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    )
    assert result.returncode != 0
    assert "POLKU_REDIS_URL" in result.stderr


def test_production_shares_cache_and_sessions_through_redis():
    result = _production()
    assert result.returncode == 0, result.stderr
    backend, sessions, axes, routers, aliases = json.loads(result.stdout.strip().splitlines()[-1])
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert sessions == "django.contrib.sessions.backends.cached_db"
    assert axes == "axes.handlers.database.AxesDatabaseHandler"  # counters in the database
    assert routers == ["config.routers.ResearchReplicaRouter"]
    assert aliases == ["default"]  # no replica unless one is named


def test_a_replica_is_a_second_alias_when_named():
    result = _production(POLKU_REPLICA_DATABASE_URL="postgres://polku@replica.example.fi/polku")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])[4] == ["default", "replica"]


@pytest.mark.django_db
def test_the_research_figures_travel_through_redis(redis_url, coordinator):
    """One process computes and caches the figures; another (its own Redis client) reads the
    same objects back — the dashboard of every application server answers from that cache."""
    prefix = f"polku-test-{uuid.uuid4().hex[:12]}"
    location = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    today = dt.date.today()
    filters = Filters(start=today - dt.timedelta(days=30), end=today)
    with override_settings(CACHES={"default": {**location, "KEY_PREFIX": prefix}}):
        computed = selectors.results(filters)
        charts = selectors.charts(filters)
    other = RedisCache(redis_url, {"KEY_PREFIX": prefix})
    try:
        found = other.get(selectors._key(filters))
        assert found is not None
        assert found.keys() == computed.keys()
        assert [r.value for r in found.values()] == [r.value for r in computed.values()]
        charts_key = f"{selectors._key(filters)}:charts:{get_language()}:k={threshold()}"
        assert other.get(charts_key) == charts
    finally:
        client = other._cache.get_client()
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


@pytest.mark.django_db
def test_figures_another_release_cached_are_computed_again(coordinator, monkeypatch):
    """A rolling deploy: the shared cache holds figures pickled by the other release, whose
    classes this code cannot load; the dashboard computes them again instead of failing."""
    from django.core.cache import cache

    today = dt.date.today()
    filters = Filters(start=today - dt.timedelta(days=30), end=today)
    expected = selectors.results(filters)

    def unreadable(key, default=None):
        raise ModuleNotFoundError("No module named 'polku.research.indicators.base'")

    monkeypatch.setattr(cache, "get", unreadable)
    again = selectors.results(filters)
    assert [r.value for r in again.values()] == [r.value for r in expected.values()]
    assert selectors.charts(filters)
