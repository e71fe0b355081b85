"""Polku under load (`make loadtest`, loadtest/README.md): professionals, service managers and
portal clients of the benchmark data set, each signing in once and then reading the main pages
with think time. Requests stand where the TLS proxy would (docs/deploy.md): the server runs
the production settings behind `X-Forwarded-Proto: https`, each simulated person with an
address of its own in `X-Forwarded-For`."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, task
from requests.cookies import RequestsCookieJar

USERS = json.loads(
    (Path(__file__).resolve().parents[1] / "var" / "loadtest" / "users.json").read_text()
)
THINK = between(float(os.environ.get("LOADTEST_THINK_MIN", "2")),
                float(os.environ.get("LOADTEST_THINK_MAX", "5")))  # fmt: skip
SEARCHES = ("työkyky", "kuntoutus", "toimeentulotuki", "asunto", "velka", "mielenterveys")
_addresses = itertools.count(10)
_pools = {
    "professionals": itertools.cycle(USERS["professionals"]),
    "managers": itertools.cycle(USERS["managers"]),
}
_codes = iter(USERS["portal"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class BehindTheProxy(RequestsCookieJar):
    """Cookies kept as the browser keeps them behind the TLS proxy: the Secure ones are sent
    back over the loopback's plain http, as they would be over the proxy's https."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def totp(key_hex: str, at: float | None = None) -> str:
    """RFC 6238: six digits, 30-second steps, HMAC-SHA1 (django-otp's defaults)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class Polku(HttpUser):
    abstract = True
    wait_time = THINK

    def on_start(self) -> None:
        n = next(_addresses)
        origin = "https://" + self.host.split("://", 1)[-1].rstrip("/")
        self.client.cookies = BehindTheProxy()
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": f"127.0.{n // 250}.{n % 250 + 1}",
                "Origin": origin,
                "Referer": origin + "/",
                "Accept-Language": "fi",
            }
        )

    def _form(self, path: str, name: str, data: dict) -> bool:
        """A sign-in step: the form (GET), then the answer (POST), which must move on."""
        page = self.client.get(path, name=f"{name} (form)")
        token = CSRF.search(page.text)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        with self.client.post(path, data=data, name=name, catch_response=True) as answer:
            if answer.status_code != 200 or urlsplit(answer.url).path == path:
                answer.failure(f"{name}: {answer.status_code}, still on {answer.url}")
                return False
        return True

    def sign_in(self, person: dict) -> None:
        self._form(
            "/accounts/login/",
            "sign in: password",
            {"username": person["username"], "password": person["password"]},
        )
        verify = "/accounts/login/verify/"
        if not self._form(verify, "sign in: code", {"token": totp(person["totp_key"])}):
            # a code that aged past its 30 s window on a slow answer: the next one, as a person
            # would type it (counted as a failure above)
            time.sleep(30 - time.time() % 30 + 1)
            self._form(verify, "sign in: code", {"token": totp(person["totp_key"])})

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as answer:
            if answer.status_code != 200 or "/login/" in answer.url:
                answer.failure(f"{answer.status_code} at {answer.url}")


class Professional(Polku):
    """A coordinator going through her clients."""

    weight = 14

    def on_start(self) -> None:
        super().on_start()
        self.person = next(_pools["professionals"])
        self.sign_in(self.person)

    def _client(self) -> int:
        return random.choice(self.person["clients"])

    @task(3)
    def my_clients(self) -> None:
        self.page("/", "my clients")

    @task(4)
    def client_overview(self) -> None:
        self.page(f"/clients/{self._client()}/", "client overview")

    @task(3)
    def worklist(self) -> None:
        self.page("/worklist/", "worklist")

    @task(2)
    def meeting(self) -> None:
        if self.person["meetings"]:
            client, meeting = random.choice(self.person["meetings"])
            self.page(f"/clients/{client}/meetings/{meeting}/", "meeting")

    @task(2)
    def plan(self) -> None:
        self.page(f"/clients/{self._client()}/plan/", "plan")

    @task(2)
    def knot(self) -> None:
        self.page(f"/clients/{self._client()}/knot/", "knot")

    @task(2)
    def route_plan(self) -> None:
        self.page(f"/clients/{self._client()}/routes/", "route plan")

    @task(2)
    def map_search(self) -> None:
        self.page(f"/map/services/?q={random.choice(SEARCHES)}", "map search")


class ServiceManager(Polku):
    """A service manager: the team view and the research dashboard."""

    weight = 3

    def on_start(self) -> None:
        super().on_start()
        self.sign_in(next(_pools["managers"]))

    @task(3)
    def team(self) -> None:
        self.page("/team/", "team view")

    @task(2)
    def research(self) -> None:
        self.page("/research/", "research dashboard")


class PortalClient(Polku):
    """A client in the portal, signed in with a one-time code from her coordinator."""

    weight = 3

    def on_start(self) -> None:
        super().on_start()
        code = next(_codes, None)
        if code is None:
            self.stop()
            return
        self._form("/portal/sign-in/", "sign in: portal code", {"code": code})

    @task
    def portal(self) -> None:
        self.page("/portal/", "portal")
