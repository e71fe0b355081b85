"""The data-protection officer's searches by identity code are limited
(POLKU_DATA_REQUEST_SEARCH_LIMIT per officer in any hour, a rolling window), counted in Django's
cache — the Redis every process shares in production — not in one process's memory. Over the
limit: nothing is looked up, a clear message in the officer's language (429), and the refusal
is audited."""

import datetime as dt
import os
import re
import textwrap
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import Client as HttpClient
from django.utils import translation

from polku.audit.models import Action, AuditEvent
from polku.privacy import export_services
from tests.child_process import run_python
from tests.conftest import login
from tests.factories import make_client, synthetic_hetu
from tests.privacy.test_export_views import REASON
from tests.privacy.test_export_views import officer as officer  # the fixture

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/1"


@pytest.fixture(autouse=True)
def fresh_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def _search(http, hetu, language="fi"):
    return http.post(
        "/privacy/data-requests/",
        {"hetu": hetu, "reason": REASON, "format": "json", "language": "fi"},
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Olet hakenut 3 kertaa viimeisen tunnin aikana"),
        ("sv", "Du har sökt 3 gånger under den senaste timmen"),
        ("en", "You have searched 3 times in the last hour"),
    ],
)
def test_searches_over_the_limit_are_refused_and_audited(
    settings, coordinator, officer, language, message
):
    settings.POLKU_DATA_REQUEST_SEARCH_LIMIT = 3
    client = make_client(coordinator=coordinator)
    http = login(HttpClient(), officer)
    for _ in range(3):
        assert _search(http, synthetic_hetu()).status_code == 200
    refused = _search(http, client.reveal_hetu(), language)
    assert refused.status_code == 429
    assert message in refused.content.decode()
    # nothing was looked up: no event on the client's trail, no export
    assert not AuditEvent.objects.filter(client=client).exclude(action=Action.CREATE).exists()
    refusal = AuditEvent.objects.filter(actor=officer, action=Action.SEARCH).latest("pk")
    assert refusal.client_id is None
    assert refusal.details == {"refused": "search_limit", "by": "data_protection_officer"}
    assert refusal.purpose == REASON


def test_the_limit_is_per_officer(settings, coordinator, officer):
    from polku.accounts.models import Profession
    from tests.factories import ProfessionalFactory

    settings.POLKU_DATA_REQUEST_SEARCH_LIMIT = 2
    second = ProfessionalFactory(
        organisation=officer.organisation, profession=Profession.DATA_PROTECTION_OFFICER
    )
    first_http, second_http = login(HttpClient(), officer), login(HttpClient(), second)
    for _ in range(2):
        assert _search(first_http, synthetic_hetu()).status_code == 200
    assert _search(first_http, synthetic_hetu()).status_code == 429
    assert _search(second_http, synthetic_hetu()).status_code == 200


def test_invalid_codes_do_not_use_up_the_limit(settings, officer):
    settings.POLKU_DATA_REQUEST_SEARCH_LIMIT = 1
    http = login(HttpClient(), officer)
    for _ in range(3):
        assert _search(http, "010190-123X").status_code == 400
    assert _search(http, synthetic_hetu()).status_code == 200


def _at(hour: int, minute: int, second: int = 0) -> float:
    return dt.datetime(2027, 1, 4, hour, minute, second, tzinfo=dt.UTC).timestamp()


def _refused_minutes(officer_id: int, moment: float) -> int:
    """The minutes the refusal tells the officer to wait (in English)."""
    with translation.override("en"), pytest.raises(export_services.TooManySearches) as refused:
        export_services.count_officer_search(officer_id, now=moment)
    found = re.search(r"Try again in (\d+) minutes?\.", refused.value.messages[0])
    assert found, refused.value.messages
    return int(found[1])


def test_the_limit_is_rolling_not_per_clock_hour(settings):
    """The limit at 10:59, and the next hour's first minutes do not start a fresh count: the
    next search waits until those searches are an hour old."""
    settings.POLKU_DATA_REQUEST_SEARCH_LIMIT = 3
    for second in (5, 20, 40):
        export_services.count_officer_search(7, now=_at(10, 59, second))
    assert _refused_minutes(7, _at(11, 1)) == 59  # counted until 12.00, the minute included
    assert _refused_minutes(7, _at(11, 59, 59)) == 1
    export_services.count_officer_search(7, now=_at(12, 0))  # an hour after 10.59
    export_services.count_officer_search(7, now=_at(12, 0, 1))
    export_services.count_officer_search(7, now=_at(12, 0, 2))
    _refused_minutes(7, _at(12, 0, 3))


def test_never_more_than_the_limit_in_any_hour(settings):
    """Searching whenever allowed, one a second for three hours: no 60 minutes ever hold more
    than the limit — a clock-hour count let through twice the limit across 11.00."""
    settings.POLKU_DATA_REQUEST_SEARCH_LIMIT = 4
    allowed = []
    moment = _at(10, 30)
    while moment < _at(13, 30):
        try:
            export_services.count_officer_search(8, now=moment)
            allowed.append(moment)
        except export_services.TooManySearches:
            pass
        moment += 1
    assert len(allowed) >= 4 * 3 - 1
    for i, first in enumerate(allowed):
        assert sum(1 for later in allowed[i:] if later < first + 3600) <= 4


def test_the_wait_it_names_is_true_and_refusals_are_not_counted(settings):
    """Spread searches: the refusal names the minutes until the oldest one runs out; one minute
    earlier it is still refused (and those refusals do not count), then it is allowed."""
    settings.POLKU_DATA_REQUEST_SEARCH_LIMIT = 3
    export_services.count_officer_search(9, now=_at(10, 10, 30))
    export_services.count_officer_search(9, now=_at(10, 30))
    export_services.count_officer_search(9, now=_at(10, 30, 10))
    minutes = _refused_minutes(9, _at(10, 50))
    assert minutes == 21  # 10.10's search runs out at 11.11
    assert _refused_minutes(9, _at(10, 50) + (minutes - 1) * 60) == 1
    export_services.count_officer_search(9, now=_at(10, 50) + minutes * 60)
    # 11.11: the two of 10.30 and the one just made; the next waits for 10.30's to run out
    assert _refused_minutes(9, _at(11, 12)) == 19


def _redis_or_skip():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("needs Redis at 127.0.0.1:6379")


def test_the_count_is_shared_by_processes_through_the_cache(settings):
    """Searches counted in another process (another application server) count here too: the
    counter is in the shared Redis cache, not in a process's memory."""
    _redis_or_skip()
    prefix = f"polku-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.POLKU_DATA_REQUEST_SEARCH_LIMIT = 5
    moment = 1_800_000_000.0
    child = run_python(
        "-c",
        textwrap.dedent(
            f"""
            import django
            from django.conf import settings
            django.setup()
            # The test settings give each process its own cache; this one is another server
            # sharing the parent's Redis cache.
            settings.CACHES = {{"default": {{
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": {REDIS_URL!r},
                "KEY_PREFIX": {prefix!r},
            }}}}
            settings.POLKU_DATA_REQUEST_SEARCH_LIMIT = 5
            from polku.privacy.export_services import count_officer_search
            for _ in range(5):
                count_officer_search(42, now={moment!r})
            print("counted")
            """
        ),
        DJANGO_ENV="test",
        DJANGO_SETTINGS_MODULE="config.settings.test",
        POLKU_REDIS_URL=REDIS_URL,
        PATH=os.environ.get("PATH", ""),
    )
    assert child.returncode == 0 and "counted" in child.stdout, child.stderr[-2000:]
    try:
        with pytest.raises(export_services.TooManySearches):
            export_services.count_officer_search(42, now=moment + 1)
        export_services.count_officer_search(43, now=moment + 1)  # another officer: own count
    finally:
        caches["default"].clear()
