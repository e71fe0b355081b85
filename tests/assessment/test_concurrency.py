"""Two professionals saving an assessment of the same client at the same moment (PostgreSQL:
real concurrent transactions) get consecutive versions, never a clash or a lost version."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from polku.assessment import services
from polku.assessment.models import Assessment
from tests.factories import ProfessionalFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_assessments_get_consecutive_versions(client_record, coordinator, kela):
    assert connection.vendor == "postgresql"
    others = [ProfessionalFactory(organisation=kela) for _ in range(3)]
    start = threading.Barrier(len(others) + 1)
    errors: list[BaseException] = []

    def save(by):
        try:
            start.wait()
            services.record_assessment(
                client=client_record,
                by=by,
                assessed_on=timezone.localdate(),
                work_ability_score=6,
                sickness_absence_days=None,
                domains={},
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(p,)) for p in [coordinator, *others]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = sorted(
        Assessment.objects.filter(client=client_record).values_list("version", flat=True)
    )
    assert versions == [1, 2, 3, 4]
