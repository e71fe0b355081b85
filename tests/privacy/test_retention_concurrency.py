"""Two retention runs at once (PostgreSQL: real concurrent transactions): the second waits for
the first and finds nothing more, so each expired record is counted and audited once."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from polku.audit.models import AuditEvent
from polku.clients.models import Client
from polku.privacy import retention
from tests.privacy.test_retention import TODAY, closed_client

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_runs_anonymise_each_client_once(coordinator, settings, tmp_path):
    assert connection.vendor == "postgresql"
    settings.POLKU_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    settings.POLKU_RESEARCH_EXPORT_DIR = tmp_path / "exports"
    expired = [
        closed_client(coordinator, closed_on=dt.date(2013, 1, 10 + n), name=f"N{n}")
        for n in range(3)
    ]
    runs = 4
    start = threading.Barrier(runs)
    counts: list[int] = []
    errors: list[BaseException] = []

    def run():
        try:
            start.wait()
            counts.append(retention.apply_retention(TODAY).by_kind()["client_records"].count)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(counts) == [0, 0, 0, 3]
    events = AuditEvent.objects.filter(target="retention")
    assert sorted(e.details["kinds"]["client_records"]["count"] for e in events) == [0, 0, 0, 3]
    assert all(
        c.hetu_hash.startswith("anonymised:")
        for c in Client.objects.filter(pk__in=[c.pk for c in expired])
    )
