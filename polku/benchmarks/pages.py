"""Measure the main pages one request at a time on one database (DATABASE_URL); print JSON.

Run by `python -m polku.benchmarks` for each database (see that module). Each page is asked
for once to warm up, then REPEAT times through Django's test client as a signed-in user of the
benchmark data set: wall time p50, the number of SQL queries, and the application's CPU time
(this process only, not the database server's) p50. Under load, `make loadtest` measures the
same pages through gunicorn (loadtest/README.md).

    python -m polku.benchmarks.pages 20000                      # every page
    python -m polku.benchmarks.pages 20000 --only "route plan" --profile
        # the named pages only; --profile prints where one request's time goes (cProfile,
        # on stderr, by cumulative time) after measuring each page
    python -m polku.benchmarks.pages 20000 --case
        # first give the measured client a case as the demo has them (plan, meetings,
        # assessment, a knot of four applications with a deadlock, the household's facts),
        # once: the benchmark data set has none, and an empty knot or route plan costs little

"route plan (first view)" empties the cache (CACHES) before each measured request, untimed:
the plans are computed, the charts drawn and the page rendered, as on the first view after
the client's facts change. Without POLKU_REDIS_URL the cache is this process's own; with it
the whole Redis database is emptied, so don't point it at a Redis in use."""

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models load only after django.setup() in main()
    from polku.accounts.models import User

REPEAT = 5


def _signed_in(user: "User"):
    from django.test import Client as Browser
    from django_otp.plugins.otp_totp.models import TOTPDevice

    browser = Browser(HTTP_HOST="127.0.0.1")
    browser.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="benchmark", defaults={"confirmed": True}
    )
    session = browser.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return browser


def _profile(browser, path: str, name: str, lines: int = 40) -> None:
    """One request under cProfile; the functions with most cumulative time on stderr."""
    profile = cProfile.Profile()
    profile.enable()
    browser.get(path)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(lines)
    print(f"--- profile of page {name} ({path})\n{out.getvalue()}", file=sys.stderr)


def _give_case(client, coordinator) -> None:
    """The measured client's case, as the demo builds them (polku.demo): casework, the
    knot of the demo's story clients, and a working couple's household facts. Idempotent."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from polku.catalogue.models import Service
    from polku.demo import casework
    from polku.demo.builders import knots as demo_knots
    from polku.demo.builders import route_plans as demo_routes
    from polku.knots.models import Application, Blocker
    from polku.route_plans.models import ClientFacts

    casework.build_casework(client_ids=[client.pk])
    services = {s.slug: s for s in Service.objects.filter(slug__in=demo_knots.SLUGS)}
    today = timezone.localdate()
    if not Application.objects.filter(client=client).exists() and len(services) == len(
        demo_knots.SLUGS
    ):

        def add(slug: str, status: str, days_ago: int) -> Application:
            return Application.objects.create(
                client=client,
                service=services[slug],
                status=status,
                submitted=today - dt.timedelta(days=days_ago),
                created_by=coordinator,
            )

        sickness = add("kelan-sairauspaivaraha", "further_information_requested", 41)
        housing = add("yleinen-asumistuki", "pending", 24)
        rehab = add("kuntoutusraha", "pending", 12)
        unemployment = add("yleistuki", "pending", 12)
        Blocker.objects.bulk_create(
            [
                Blocker(
                    application=sickness,
                    kind="further_information",
                    what="Palkkatodistus",
                    from_whom="Entinen työnantaja",
                    owner=coordinator,
                    due=today + dt.timedelta(7),
                ),
                Blocker(application=housing, kind="decision", waits_for=sickness),
                Blocker(application=rehab, kind="decision", waits_for=unemployment),
                Blocker(application=unemployment, kind="decision", waits_for=rehab),
            ]
        )
    ClientFacts.objects.get_or_create(
        client=client,
        defaults={
            "updated_by": coordinator,
            **demo_routes.PROFILES[0][1],
            **demo_routes.COUPLE,
            "annual_earned_income": Decimal("24000"),
            "adults_in_household": 2,
            "children_in_household": 2,
        },
    )


def _measure(browser, path: str, *, cold: bool = False) -> str:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    answer = browser.get(path)
    if answer.status_code != 200:
        return f"HTTP {answer.status_code}"
    walls, cpus, queries = [], [], 0
    for _ in range(REPEAT):
        if cold:  # a first view: nothing kept from the request before
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            browser.get(path)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        queries = len(captured)
    return (
        f"{statistics.median(walls) * 1000:.0f} / {queries} / {statistics.median(cpus) * 1000:.0f}"
    )


def main(
    clients: int, only: list[str] | None = None, profile: bool = False, case: bool = False
) -> None:
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db.models import Count

    from polku.accounts.models import Profession, User
    from polku.clients.models import Client, NetworkMember, NetworkRole
    from polku.meetings.models import Meeting
    from polku.portal import services as portal

    call_command("migrate", verbosity=0)
    if Client.objects.count() < clients:
        call_command("build_benchmark_data", clients=clients, verbosity=0)
    busiest_id = (
        NetworkMember.objects.active()
        .filter(role=NetworkRole.COORDINATOR)
        .values("professional_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("professional_id", flat=True)
        .first()
    )
    assert busiest_id is not None, "the benchmark data set has no coordinators"
    coordinator = User.objects.get(pk=busiest_id)
    manager = (
        User.objects.filter(profession=Profession.SERVICE_MANAGER, is_active=True)
        .filter(organisation=coordinator.organisation)
        .first()
    ) or User.objects.filter(profession=Profession.SERVICE_MANAGER, is_active=True).first()
    seats = NetworkMember.objects.active().filter(
        professional=coordinator, role=NetworkRole.COORDINATOR
    )
    client = (
        Client.objects.visible_to(coordinator)
        .filter(pk__in=seats.values("client_id"))
        .order_by("pk")
        .first()
    )
    assert client is not None, "the busiest coordinator sees none of her clients"
    if case:
        _give_case(client, coordinator)
    pages = {
        "my clients": (coordinator, "/"),
        "client overview": (coordinator, f"/clients/{client.pk}/"),
        "worklist": (coordinator, "/worklist/"),
        "plan": (coordinator, f"/clients/{client.pk}/plan/"),
        "knot": (coordinator, f"/clients/{client.pk}/knot/"),
        "route plan": (coordinator, f"/clients/{client.pk}/routes/"),
        "route plan (first view)": (coordinator, f"/clients/{client.pk}/routes/"),
        "map search": (coordinator, "/map/services/?q=työkyky"),
        "team view": (manager, "/team/"),
        "research dashboard": (manager, "/research/"),
    }
    meeting = Meeting.objects.filter(client=client).order_by("pk").first()
    if meeting is not None:
        pages["meeting"] = (coordinator, f"/clients/{client.pk}/meetings/{meeting.pk}/")
    if only:
        pages = {name: page for name, page in pages.items() if name in only}
    browsers = {user.pk: _signed_in(user) for user, _path in pages.values() if user}
    result = {}
    for name, (user, path) in pages.items():
        label = f"page {name}: ms / queries / CPU ms"
        cold = name.endswith("(first view)")
        result[label] = _measure(browsers[user.pk], path, cold=cold) if user else "no such user"
        if profile and user:
            if cold:
                cache.clear()
            _profile(browsers[user.pk], path, name)
    if only and "portal" not in only:
        print(json.dumps(result))
        return
    # the portal: the client signs in with a one-time code from her coordinator
    from django.test import Client as Browser

    browser = Browser(HTTP_HOST="127.0.0.1")
    code = portal.create_code(client=client, by=coordinator)
    browser.post("/portal/sign-in/", {"code": code})
    result["page portal: ms / queries / CPU ms"] = _measure(browser, "/portal/")
    if profile:
        _profile(browser, "/portal/", "portal")
    print(json.dumps(result))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clients", type=int, nargs="?", default=100000)
    parser.add_argument("--only", action="append", help="a page's name (repeatable)")
    parser.add_argument("--profile", action="store_true", help="cProfile one request of each")
    parser.add_argument("--case", action="store_true", help="give the measured client a case")
    arguments = parser.parse_args()
    main(arguments.clients, only=arguments.only, profile=arguments.profile, case=arguments.case)
