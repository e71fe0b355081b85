"""The same code on several machines: two application processes (gunicorn, production settings,
DEBUG off) and two task workers (`manage.py db_worker`) against one PostgreSQL database (this
test's) and one Redis (database 8). Shown: a session made on one application process is valid
on the other; failed sign-ins counted on both add up to one lock-out; N enqueued tasks each run
exactly once, shared by the two workers; the research figures a worker computes are in the
Redis every process reads.

The processes see only what this test commits (a transactional test). The requests stand where
the TLS proxy would (docs/deploy.md): `X-Forwarded-Proto: https` and the client's address in
`X-Forwarded-For`, so the secure cookies are sent back over the loopback's plain HTTP."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.urls import reverse

from tests.child_process import ROOT
from tests.factories import ProfessionalFactory, make_client

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PASSWORD = "monta-konetta-2026"
TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, hex
TASKS = 24
PUBLIC_HOST = "127.0.0.1:8443"
# Production's hasher (the test settings' fast MD5 is not among production's PASSWORD_HASHERS).
ARGON2 = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return (
        f"postgres://{s.get('USER') or 'postgres'}{password}@{s.get('HOST') or '127.0.0.1'}:"
        f"{s.get('PORT') or 5432}/{s['NAME']}"
    )


def _environment(redis_url: str) -> dict[str, str]:
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.deploy.production_like",
        DATABASE_URL=_database_url(),
        POLKU_REDIS_URL=redis_url,
        SECRET_KEY=settings.SECRET_KEY,  # the throttle's hashed keys, as this process makes them
        POLKU_DATA_KEY=settings.POLKU_DATA_KEY,
        POLKU_AUDIT_KEY=settings.POLKU_AUDIT_KEY,  # the same chain as this process writes
        ALLOWED_HOSTS="127.0.0.1",
        POLKU_BASE_URL="https://127.0.0.1",
        POLKU_AUDIT_ANCHOR_DIR=str(settings.POLKU_AUDIT_ANCHOR_DIR),
        POLKU_TRUSTED_PROXIES="1",
        SECURE_SSL_REDIRECT="false",
        PYTHONUNBUFFERED="1",
    )
    return env


class Fleet:
    """Child processes with their output in files; all stopped at the end."""

    def __init__(self, directory: Path, env: dict[str, str]):
        self.directory, self.env = directory, env
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, *args: str) -> None:
        log = (self.directory / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, *args], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append((name, process))

    def log(self, name: str) -> str:
        return (self.directory / f"{name}.log").read_text(errors="replace")

    def logs(self) -> str:
        return "\n".join(f"--- {name}\n{self.log(name)[-3000:]}" for name, _ in self.processes)

    def wait_for(self, check, what: str, seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for name, process in self.processes:
                if process.poll() is not None:
                    pytest.fail(f"{name} stopped ({process.returncode})\n{self.logs()}")
            with contextlib.suppress(requests.RequestException):
                if check():
                    return
            time.sleep(0.3)
        pytest.fail(f"timed out waiting for {what}\n{self.logs()}")

    def stop(self) -> None:
        for _name, process in self.processes:
            process.terminate()
        for _name, process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def fleet(tmp_path, redis_url, database_task_backend, as_owner):
    """The operator's view: the servers are other processes (connecting as the role that
    runs them), and the test reads their table of task runs as the owner who made it."""
    from redis import Redis

    redis = Redis.from_url(redis_url)
    for key in redis.scan_iter("polku:*"):  # what production's prefix left from an earlier run
        redis.delete(key)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE deploy_task_runs (number integer NOT NULL, pid integer)")
    running = Fleet(tmp_path, _environment(redis_url))
    running.ports = [_free_port(), _free_port()]  # type: ignore[attr-defined]
    for n, port in enumerate(running.ports, 1):  # type: ignore[attr-defined]
        running.start(
            f"app{n}", "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
            "--no-control-socket",
            "--workers", "1", "--timeout", "120",
        )  # fmt: skip
    for n in (1, 2):
        running.start(
            f"worker{n}", "manage.py", "db_worker", "--no-reload", "--interval", "0.2",
            "--worker-id", f"worker{n}",
        )  # fmt: skip
    try:
        yield running
    finally:
        running.stop()
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS deploy_task_runs")


class BehindTheProxy(requests.cookies.RequestsCookieJar):
    """Cookies kept as the browser keeps them behind the TLS proxy: the Secure ones are sent
    back here over the loopback's plain http, as they would be over the proxy's https."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def browser(port: int, address: str) -> tuple[requests.Session, str]:
    """A session that talks to one application process as the proxy would pass it on."""
    web = requests.Session()
    web.cookies = BehindTheProxy()
    web.headers.update(
        {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": address,
            # the proxy's one public address, whichever application process answers
            "Host": PUBLIC_HOST,
            "Origin": f"https://{PUBLIC_HOST}",
            "Accept-Language": "en",
        }
    )
    return web, f"http://127.0.0.1:{port}"


def csrf_of(page: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def post(web, base: str, path: str, data: dict) -> requests.Response:
    """A form sent as the browser would: with its token, from the page's own https address."""
    referer = web.headers["Origin"] + path
    return web.post(base + path, data=data, headers={"Referer": referer}, allow_redirects=False)


def sign_in_password(web, base, username, password) -> requests.Response:
    page = web.get(base + reverse("accounts:login"))
    data = {"username": username, "password": password, "csrfmiddlewaretoken": csrf_of(page)}
    return post(web, base, reverse("accounts:login"), data)


def test_two_app_servers_and_two_workers_share_one_state(fleet, redis_url):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tasks_db.models import DBTaskResult
    from redis import Redis

    from polku.accounts.models import User
    from polku.research import selectors
    from polku.research.tasks import default_filters, precompute_indicators
    from tests.deploy.tasks import record_run

    worker = ProfessionalFactory(username="kaksi.konetta")
    locked = ProfessionalFactory(username="lukittu")
    User.objects.filter(pk__in=[worker.pk, locked.pk]).update(password=ARGON2)
    TOTPDevice.objects.create(user=worker, name="phone", key=TOTP_KEY, confirmed=True)
    client = make_client(coordinator=worker)

    port1, port2 = fleet.ports
    for port in (port1, port2):
        fleet.wait_for(
            lambda p=port: requests.get(f"http://127.0.0.1:{p}/healthz", timeout=5).ok,
            f"the application process on port {port}",
        )

    # 1. A session made on process 1 is valid on process 2.
    web, base1 = browser(port1, "127.0.0.21")
    signed = sign_in_password(web, base1, worker.username, PASSWORD)
    assert signed.status_code == 302, signed.text[:500]
    verify = web.get(base1 + reverse("accounts:verify"))
    code = totp(bytes.fromhex(TOTP_KEY), step=30, t0=0, digits=6)
    verified = post(
        web,
        base1,
        reverse("accounts:verify"),
        {"token": f"{code:06d}", "csrfmiddlewaretoken": csrf_of(verify)},
    )
    assert verified.status_code == 302, verified.text[:500]
    base2 = f"http://127.0.0.1:{port2}"
    mine = web.get(base2 + reverse("clients:my_clients"), allow_redirects=False)
    assert mine.status_code == 200, (mine.status_code, mine.headers.get("Location"))
    assert client.last_name in mine.text
    session_key = web.cookies.get("sessionid")
    assert session_key
    redis = Redis.from_url(redis_url)
    assert redis.keys(f"polku:*cached_db*{session_key}"), "the session is not in Redis"
    # signing out on process 2 ends it on process 1 too (the origin is the proxy's: one host)
    out = post(web, base2, reverse("accounts:logout"), {"csrfmiddlewaretoken": csrf_of(mine)})
    assert out.status_code == 302
    after = web.get(base1 + reverse("clients:my_clients"), allow_redirects=False)
    assert after.status_code == 302
    assert reverse("accounts:login") in after.headers["Location"]

    # 2. Wrong passwords on both processes add up: 3 on process 1 and 2 on process 2 reach the
    # limit of 5 (AXES_FAILURE_LIMIT; per process neither would): the fifth is answered with
    # the lock-out, and then the right password is refused on both.
    address = "127.0.0.22"
    answers = []
    for port, times in ((port1, 3), (port2, 2)):
        attacker, base = browser(port, address)
        for _ in range(times):
            wrong = sign_in_password(attacker, base, locked.username, "wrong-password-123")
            answers.append(wrong.status_code)
    assert answers == [200, 200, 200, 200, 429]  # the form again with its error, then locked
    for port in (port1, port2):
        attacker, base = browser(port, address)
        refused = sign_in_password(attacker, base, locked.username, PASSWORD)
        assert refused.status_code in (403, 429), refused.status_code
        assert "sessionid" not in attacker.cookies
    # another address is not locked out (the limit is per user name and address)
    other, base = browser(port2, "127.0.0.23")
    assert sign_in_password(other, base, locked.username, PASSWORD).status_code == 302

    # 3. N tasks, two workers: each task runs exactly once, and both workers take part.
    for line in ("worker1", "worker2"):
        fleet.wait_for(lambda n=line: "Starting worker" in fleet.log(n), f"{line} to start")
    results = [record_run.enqueue(number) for number in range(TASKS)]
    results.append(precompute_indicators.enqueue())
    ids = [result.id for result in results]
    fleet.wait_for(
        lambda: DBTaskResult.objects.filter(id__in=ids, status="SUCCESSFUL").count() == len(ids),
        f"{len(ids)} tasks to finish",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT number, count(*) FROM deploy_task_runs GROUP BY number")
        runs = dict(cursor.fetchall())
        cursor.execute("SELECT count(DISTINCT pid) FROM deploy_task_runs")
        workers = cursor.fetchone()[0]
    assert runs == dict.fromkeys(range(TASKS), 1)
    assert workers == 2
    claimed_by = DBTaskResult.objects.filter(id__in=ids).values_list("worker_ids", flat=True)
    assert all(len(ids_) == 1 for ids_ in claimed_by)
    assert {w for ids_ in claimed_by for w in ids_} == {"worker1", "worker2"}

    # 4. The research figures a worker computed are in the one Redis the web processes read.
    key = selectors._key(default_filters()[0])
    assert redis.keys(f"polku:*:{key}"), "the worker's research figures are not in Redis"
