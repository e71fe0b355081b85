"""The referrals demo: NGOs refer to Kela special services, some near or past the deadline."""

import itertools

import pytest
from django.utils import timezone

from polku.demo.builders import referrals as demo
from polku.referrals import selectors
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


def test_the_demo_escalates_an_overdue_referral_and_plans_with_the_social_worker():
    """load_demo runs the daily alert scan last (polku.demo.builders.worklists): an overdue referral
    of an open case is then an alert on the service manager's worklist, and the discharge
    plan names the region's social worker, who has her follow-up on her worklist."""
    from polku.access import policy
    from polku.accounts.models import OrganisationKind, Profession
    from polku.demo.builders import worklists as worklists_demo
    from polku.referrals.models import DischargePlan
    from polku.worklists.models import Alert
    from tests.factories import OrganisationFactory, ProfessionalFactory

    social_worker = ProfessionalFactory(
        username="sosiaalityontekija",
        organisation=OrganisationFactory(
            name="Etelä-Pohjanmaan hyvinvointialue, aikuissosiaalityö",
            kind=OrganisationKind.SOCIAL,
        ),
        profession=Profession.SOCIAL_WORKER,
    )
    now = timezone.now()
    demo.build(seed=1, now=now)
    worklists_demo.build(seed=1, now=now)
    team = ReceivingTeam.objects.select_related("service_manager").get(name=demo.TEAM_NAME)
    alert = Alert.objects.get(rule="referral_overdue", resolved_on__isnull=True)
    assert alert.assigned_to_id == team.service_manager.pk
    referral = Referral.objects.get(pk=int(alert.subject.removeprefix("referral:")))
    assert referral.client_id == alert.client_id
    assert referral.deadline < timezone.localdate() and referral.waiting_for_contact
    plan = DischargePlan.objects.select_related("referral").get()
    assert plan.social_worker_id == social_worker.pk
    assert policy.can_see(social_worker, plan.referral.client_id)
    assert [f.note for f in selectors.follow_ups_due(social_worker, horizon=14)] == ["Kotikäynti"]


def test_the_demo_history_is_the_one_the_services_write():
    """The walk: L-000009 was contacted on 22.11.2026, but its history jumped from "Named
    worker assigned" to "In progress": the builder wrote no status changes. Each referral's
    history now goes through the statuses the named worker moves it along, at the dates the
    referral says, as services.change_status writes them."""
    from polku.referrals.models import ReferralStatus as S
    from polku.referrals.services import TRANSITIONS

    demo.build(seed=1, now=timezone.now())
    referrals = Referral.objects.filter(team__name=demo.TEAM_NAME).prefetch_related("events")
    assert referrals.filter(contacted_at__isnull=False).exists()
    for referral in referrals:
        moves = [e for e in referral.events.all() if e.what in ("created", "claimed", "status")]
        moves.sort(key=lambda e: (e.at, e.pk))
        assert [e.to_status for e in moves[:1]] == [S.RECEIVED]
        for before, after in itertools.pairwise(moves):
            assert after.from_status == before.to_status, referral
            if after.what == "status":
                assert after.to_status in TRANSITIONS[before.to_status], referral
                assert after.by_id == referral.named_worker_id
        assert moves[-1].to_status == referral.status, referral
        contact = [e for e in moves if e.to_status == S.CONTACTED]
        if referral.contacted_at:
            assert [e.at for e in contact] == [referral.contacted_at], referral
        else:
            assert contact == [], referral
        closing = [e for e in moves if e.to_status == S.CLOSED]
        assert [e.at for e in closing] == ([referral.closed_at] if referral.closed_at else [])
