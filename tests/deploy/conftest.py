"""Redis for the deployment tests: 127.0.0.1:6379, database 8 (POLKU_TEST_REDIS_URL to change).
Absent, a test that needs it is skipped with the reason — and fails under CI=true."""

import os

import pytest

REDIS_URL = os.environ.get("POLKU_TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


def redis_reachable(url: str) -> str | None:
    """None when Redis answers at `url`, else why not."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None


@pytest.fixture
def redis_url() -> str:
    problem = redis_reachable(REDIS_URL)
    if problem:
        message = f"needs Redis at {REDIS_URL} ({problem})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true requires Redis: {message}")
        pytest.skip(message)
    return REDIS_URL
