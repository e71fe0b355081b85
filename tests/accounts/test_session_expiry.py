"""Sessions end after 30 minutes without activity, and a page does not write the session each
time (polku.accounts.middleware.SlidingSessionMiddleware): a session nothing else changed is
written again, its expiry moved 30 minutes ahead, at most once a minute. So the idle limit is
29–30 minutes, never longer. The clock is moved by hand (time.time and timezone.now, which the
session's expiry and its database row use)."""

import datetime as dt
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from polku.portal import services
from polku.portal.session import SEEN
from tests.conftest import login

pytestmark = pytest.mark.django_db

MINUTE = 60


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = time.time()
        monkeypatch.setattr(time, "time", lambda: self.now)
        monkeypatch.setattr(timezone, "now", lambda: dt.datetime.fromtimestamp(self.now, dt.UTC))

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def _signed_in(http) -> bool:
    response = http.get("/")
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
        return False
    assert response.status_code == 200
    return True


def _session_writes(http) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get("/").status_code == 200
    return sum(
        1
        for query in queries
        if "django_session" in query["sql"] and query["sql"].lstrip().upper().startswith("UPDATE")
    )


def test_the_settings_say_thirty_minutes_and_a_refresh_a_minute(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * MINUTE
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.POLKU_SESSION_REFRESH_SECONDS == MINUTE
    middleware = settings.MIDDLEWARE
    sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert middleware[sessions + 1] == "polku.accounts.middleware.SlidingSessionMiddleware"


def test_after_29_idle_minutes_you_are_still_signed_in(clock, client, coordinator):
    http = login(client, coordinator)
    assert _signed_in(http)
    clock.advance(29 * MINUTE)
    assert _signed_in(http)
    clock.advance(29 * MINUTE)  # each visit moved the limit
    assert _signed_in(http)


def test_after_31_idle_minutes_you_are_signed_out(clock, client, coordinator):
    http = login(client, coordinator)
    assert _signed_in(http)
    clock.advance(31 * MINUTE)
    assert not _signed_in(http)
    clock.advance(-31 * MINUTE)  # the session is gone, not only out of date
    assert not _signed_in(http)


def _pages_every_half_minute(clock, http) -> None:
    """Ten pages 30 s apart (0 … 4.5 min): the session is written at 0, 1, 2, 3 and 4 min, so
    the last page (4.5 min) comes 30 s after the last write. The clock stops at the last page."""
    for page in range(10):
        if page:
            clock.advance(30)
        assert _signed_in(http)


def test_visits_less_than_a_minute_apart_still_move_the_limit(clock, client, coordinator):
    """The session is written only every minute, yet 29 minutes after the last page one is
    still signed in (the limit is up to a minute shorter), and 31 minutes after it not."""
    http = login(client, coordinator)
    _pages_every_half_minute(clock, http)
    clock.advance(29 * MINUTE)
    assert _signed_in(http)
    other = login(type(client)(), coordinator)
    _pages_every_half_minute(clock, other)
    clock.advance(31 * MINUTE)
    assert not _signed_in(other)


def test_a_page_writes_the_session_at_most_once_a_minute(clock, client, coordinator):
    http = login(client, coordinator)  # as a sign-in does, writes the session
    assert _session_writes(http) == 0
    clock.advance(20)
    assert _session_writes(http) == 0
    clock.advance(39)
    assert _session_writes(http) == 0
    clock.advance(1)
    assert _session_writes(http) == 1
    assert _session_writes(http) == 0


def test_signing_out_leaves_no_session(clock, client, coordinator):
    http = login(client, coordinator)
    assert _signed_in(http)
    clock.advance(2 * MINUTE)
    http.post("/accounts/logout/")
    assert not Session.objects.exists()
    assert not _signed_in(http)
    assert not Session.objects.exists()  # the sign-in page made none either


def test_a_portal_session_is_written_at_most_once_a_minute(clock, client_record, coordinator):
    from django.test import Client as HttpClient

    http = HttpClient()
    code = services.create_code(client=client_record, by=coordinator)
    assert http.post("/portal/sign-in/", {"code": code}).status_code == 302
    assert http.get("/portal/").status_code == 200
    seen = http.session[SEEN]
    clock.advance(30)
    with CaptureQueriesContext(connection) as queries:
        assert http.get("/portal/").status_code == 200
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert http.session[SEEN] == seen
    clock.advance(30)
    assert http.get("/portal/").status_code == 200
    assert http.session[SEEN] == seen + 60
