"""The referrals demo: NGOs refer to Kela special services, some near or past the deadline."""

import pytest
from django.utils import timezone

from polku.referrals import demo, selectors
from polku.referrals.models import ReceivingTeam, Referral

pytestmark = pytest.mark.django_db


def test_build_is_idempotent_and_has_overdue_and_near_referrals():
    now = timezone.now()
    demo.build(seed=1, now=now)
    demo.build(seed=1, now=now)
    team = ReceivingTeam.objects.select_related("service_manager").get(name=demo.TEAM_NAME)
    assert team.service_manager.username == "kela.erityis.esimies"
    referrals = Referral.objects.filter(team=team)
    assert referrals.count() == len(demo.PLAN)
    partners = set(referrals.values_list("partner_organisation__name", flat=True))
    assert partners == {"Seinäjoen turvakoti", "Ensikoti Lakeus", "Vanajan vankilan perheosasto"}
    assert selectors.overdue().filter(team=team).exists()
    line = demo.summary()
    assert "past the deadline" in line and "ensikoti.ohjaaja" in line
    manager = team.service_manager
    assert selectors.escalated_to(manager).exists()
