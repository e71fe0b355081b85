"""The per-professional recording limit under concurrent attempts (PostgreSQL: real concurrent
transactions): the professional's row is locked while counting, so exactly the limit passes."""

import threading

import pytest
from django.db import connection, connections

from polku.clients import services
from polku.clients.models import Client, RecordAttempt
from tests.factories import ProfessionalFactory, synthetic_hetu

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_attempts_never_pass_the_limit(kela, settings):
    assert connection.vendor == "postgresql"
    settings.POLKU_CLIENT_RECORD_LIMIT = 3
    asker = ProfessionalFactory(organisation=kela)
    tries = 8
    start = threading.Barrier(tries)
    passed: list[int] = []
    refused: list[int] = []
    errors: list[BaseException] = []

    def attempt(n):
        try:
            start.wait()
            services.record_or_request(
                by=asker, hetu=synthetic_hetu(), data={"first_names": "A", "last_name": f"K{n}"}
            )
            passed.append(n)
        except services.RecordLimitReached:
            refused.append(n)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(passed) == 3 and len(refused) == tries - 3
    assert RecordAttempt.objects.filter(professional=asker).count() == 3
    assert Client.objects.filter(created_by=asker).count() == 3
