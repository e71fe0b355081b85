"""Ids for the referral URLs in the authorization matrix and the audit test: a referral
attached to the client (referral_id: the team's and the partner's URLs), received by a team
the coordinator is a member of from a partner worker of a shelter, with a discharge plan
and a follow-up the coordinator makes
(clients/<client_id>/referrals/follow-ups/<follow_up_id>/done/)."""

import datetime as dt

from django.utils import timezone

from polku.accounts.models import OrganisationKind, Profession
from polku.referrals.models import DischargePlan, FollowUp, ReceivingTeam, Referral
from tests.factories import OrganisationFactory, ProfessionalFactory


def make_ids(client, coordinator) -> dict[str, int]:
    shelter = OrganisationFactory(
        name="Matriisin turvakoti", kind=OrganisationKind.NGO, is_public_authority=False
    )
    partner = ProfessionalFactory(organisation=shelter, profession=Profession.PARTNER_WORKER)
    team = ReceivingTeam.objects.create(
        organisation_id=coordinator.organisation_id, name="Matriisin tiimi"
    )
    team.members.add(coordinator)
    today = timezone.localdate()
    referral = Referral.objects.create(
        team=team,
        partner_organisation=shelter,
        referred_by=partner,
        first_names=client.first_names,
        last_name=client.last_name,
        hetu_encrypted=client.hetu_encrypted,
        hetu_hash=client.hetu_hash,
        hetu_masked=client.hetu_masked,
        identity_confirmed=True,
        situation="Tilanne",
        urgency="normal",
        consent_in_person=True,
        consent_scope="Tilanne",
        contact_channel="phone",
        deadline=today + dt.timedelta(days=7),
        status="in_progress",
        named_worker=coordinator,
        client=client,
    )
    plan = DischargePlan.objects.create(
        referral=referral,
        discharge_on=today,
        destination="Koti",
        social_services_contact="Sosiaalityö",
        created_by=coordinator,
    )
    follow_up = FollowUp.objects.create(
        plan=plan, contact_by=coordinator, due_on=today + dt.timedelta(days=2), channel="phone"
    )
    return {"referral_id": referral.pk, "follow_up_id": follow_up.pk}
