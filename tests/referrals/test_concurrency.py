"""Two workers claiming the same referral at the same moment (PostgreSQL: real concurrent
transactions): exactly one becomes the named worker, the other is told."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from polku.referrals import services
from polku.referrals.models import Referral, ReferralEvent
from tests.factories import ProfessionalFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_claim_race_leaves_exactly_one_named_worker(referral, team, worker, colleague):
    assert connection.vendor == "postgresql"
    others = [ProfessionalFactory(organisation=worker.organisation) for _ in range(2)]
    team.members.add(*others)
    people = [worker, colleague, *others]
    start = threading.Barrier(len(people))
    won: list[int] = []
    refused: list[int] = []
    errors: list[BaseException] = []

    def take(by):
        try:
            start.wait()
            services.claim(referral=Referral.objects.get(pk=referral.pk), by=by)
            won.append(by.pk)
        except ValidationError:
            refused.append(by.pk)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(won) == 1 and len(refused) == len(people) - 1
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.named_worker_id == won[0] and stored.status == "claimed"
    assert ReferralEvent.objects.filter(referral=referral, what="claimed").count() == 1
