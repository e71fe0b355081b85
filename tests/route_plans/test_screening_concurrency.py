"""Issue #18, finding 13: eight screening starts at the same moment (PostgreSQL: real
concurrent transactions) queue exactly one run; the others are refused, none fails."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from polku.route_plans import services
from polku.route_plans.models import ScreeningRun
from tests.factories import ProfessionalFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_starts_queue_exactly_one_run(kela):
    assert connection.vendor == "postgresql"
    people = [ProfessionalFactory(organisation=kela) for _ in range(8)]
    start = threading.Barrier(len(people))
    started: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def press(by):
        try:
            start.wait()
            started.append(services.create_run(by=by).pk)
        except ValidationError as error:
            refused.append(error.code or "")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(started) == 1 and refused == ["under_way"] * (len(people) - 1)
    assert list(ScreeningRun.objects.values_list("pk", flat=True)) == started
