"""Measure the access rule and the audit trail on one database (DATABASE_URL); print JSON.

Run by `python -m polku.benchmarks` for each database; see that module."""

import json
import statistics
import sys
import time


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return round(statistics.median(ordered) * 1000, 2), round(p95 * 1000, 2)


def _timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def main(clients: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import RequestFactory

    from polku.access import policy
    from polku.accounts.models import User
    from polku.audit import services as audit
    from polku.audit.models import Action
    from polku.clients import selectors
    from polku.clients.models import Client, NetworkMember

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if Client.objects.count() < clients:
        call_command("build_benchmark_data", clients=clients, verbosity=0)  # fills up to N
    build_s = time.perf_counter() - started

    busiest_id = (
        NetworkMember.objects.active()
        .values("professional_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("professional_id", flat=True)
        .first()
    )
    assert busiest_id is not None, "the benchmark data set has no network members"
    busiest = User.objects.get(pk=busiest_id)
    visible = Client.objects.visible_to(busiest)
    ids = list(visible.values_list("pk", flat=True)[:200])
    request = RequestFactory().get("/")
    request.user = busiest  # type: ignore[assignment]

    count_p50, count_p95 = _ms(_timed(lambda: visible.count(), 20))
    page_p50, page_p95 = _ms(
        _timed(
            lambda: list(selectors.with_coordinator(Client.objects.visible_to(busiest))[:25]), 20
        )
    )
    position = iter(ids * 2)
    get_p50, get_p95 = _ms(_timed(lambda: policy.client_for(request, next(position)), 200))
    batch = 2000
    start = time.perf_counter()
    for client_id in ids * (batch // max(len(ids), 1)):
        audit.record(actor=busiest, action=Action.VIEW, client=client_id)
    audit_rate = batch / (time.perf_counter() - start)
    result = {
        "clients in database": Client.objects.count(),
        "data build (s)": round(build_s, 1),
        "clients visible to busiest": len(ids) if len(ids) < 200 else visible.count(),
        "rule count p50 (ms)": count_p50,
        "rule count p95 (ms)": count_p95,
        "my clients page p50 (ms)": page_p50,
        "my clients page p95 (ms)": page_p95,
        "client_for+audit p50 (ms)": get_p50,
        "client_for+audit p95 (ms)": get_p95,
        "audit events/s": round(audit_rate),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
