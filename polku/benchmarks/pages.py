"""Measure the main pages one request at a time on one database (DATABASE_URL); print JSON.

Run by `python -m polku.benchmarks` for each database (see that module). Each page is asked
for once to warm up, then REPEAT times through Django's test client as a signed-in user of the
benchmark data set: wall time p50, the number of SQL queries, and the application's CPU time
(this process only, not the database server's) p50. Under load, `make loadtest` measures the
same pages through gunicorn (loadtest/README.md)."""

import json
import statistics
import sys
import time

REPEAT = 5


def _signed_in(user):
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


def _measure(browser, path: str) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    answer = browser.get(path)
    if answer.status_code != 200:
        return f"HTTP {answer.status_code}"
    walls, cpus, queries = [], [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            browser.get(path)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        queries = len(captured)
    return (
        f"{statistics.median(walls) * 1000:.0f} / {queries} / {statistics.median(cpus) * 1000:.0f}"
    )


def main(clients: int) -> None:
    import django

    django.setup()
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
    pages = {
        "my clients": (coordinator, "/"),
        "client overview": (coordinator, f"/clients/{client.pk}/"),
        "worklist": (coordinator, "/worklist/"),
        "plan": (coordinator, f"/clients/{client.pk}/plan/"),
        "knot": (coordinator, f"/clients/{client.pk}/knot/"),
        "route plan": (coordinator, f"/clients/{client.pk}/routes/"),
        "map search": (coordinator, "/map/services/?q=työkyky"),
        "team view": (manager, "/team/"),
        "research dashboard": (manager, "/research/"),
    }
    meeting = Meeting.objects.filter(client=client).order_by("pk").first()
    if meeting is not None:
        pages["meeting"] = (coordinator, f"/clients/{client.pk}/meetings/{meeting.pk}/")
    browsers = {user.pk: _signed_in(user) for user, _path in pages.values() if user}
    result = {}
    for name, (user, path) in pages.items():
        label = f"page {name}: ms / queries / CPU ms"
        result[label] = _measure(browsers[user.pk], path) if user else "no such user"
    # the portal: the client signs in with a one-time code from her coordinator
    from django.test import Client as Browser

    browser = Browser(HTTP_HOST="127.0.0.1")
    code = portal.create_code(client=client, by=coordinator)
    browser.post("/portal/sign-in/", {"code": code})
    result["page portal: ms / queries / CPU ms"] = _measure(browser, "/portal/")
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
