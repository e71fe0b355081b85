"""The right-of-access export is complete: every model that refers to a client is either in
the export or declared as not the client's data, and a client with a row in every exported
model gets every one of those rows back — and nothing of another client."""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.utils import timezone, translation

from polku.assessment.models import Assessment, DomainAssessment
from polku.audit.services import record
from polku.clients.models import AccessRequest, Client
from polku.handover.models import Handover, Settlement
from polku.knots.models import Application, Blocker, KnotOpening, KnotStep
from polku.meetings.models import Agreement, Meeting, MeetingParticipant, NextContact
from polku.plans.models import Goal, Plan, Step
from polku.portal.models import (
    Contribution,
    CouncilMembership,
    CouncilSession,
    Feedback,
    FeedbackAsked,
    Proposal,
    SignInCode,
)
from polku.privacy import export
from polku.referrals.models import (
    DischargePlan,
    FollowUp,
    ReceivingTeam,
    Referral,
    ReferralEvent,
)
from polku.research.models import Cohort, OutcomeEvent
from polku.route_plans.models import ClientFacts, RouteChoice, ScreeningFlag
from polku.worklists.models import Alert
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client, synthetic_hetu
from tests.knots.factories import catalogue_service

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()


def _referral(*, team, partner, client=None, hetu_text=None, situation="Asunto lähtee alta"):
    referral = Referral(
        team=team,
        partner_organisation=partner.organisation,
        referred_by=partner,
        first_names="Aino",
        last_name="Virtanen",
        identity_confirmed=True,
        situation=situation,
        urgency="soon",
        consent_in_person=True,
        consent_scope="Tilanne ja yhteystiedot",
        contact_channel="phone",
        deadline=TODAY + dt.timedelta(days=3),
        client=client,
    )
    code = hetu_text or client.reveal_hetu()
    from polku.clients import crypto, hetu

    parsed = hetu.parse(code)
    referral.hetu_encrypted = crypto.encrypt(parsed.value)
    referral.hetu_hash = crypto.search_hash(parsed.value)
    referral.hetu_masked = parsed.masked
    referral.save()
    return referral


def full_client(coordinator) -> Client:
    """A client with at least one row in every model the export reads (made directly, the
    services' own tests cover how they are made)."""
    client = make_client(coordinator=coordinator, phone="040 123 4567")
    other = ProfessionalFactory(organisation=coordinator.organisation)
    AccessRequest.objects.create(client=client, requested_by=other)
    assessment = Assessment.objects.create(
        client=client, version=1, assessed_on=TODAY, assessed_by=coordinator, work_ability_score=6
    )
    DomainAssessment.objects.create(
        assessment=assessment,
        domain="housing",
        client_status=2,
        client_view="Vuokra on liian suuri",
        professional_view="Asumistuki selvitettävä",
    )
    plan = Plan.objects.create(client=client, created_by=coordinator)
    goal = Goal.objects.create(plan=plan, text="Haluan töihin keittiöön", created_by=coordinator)
    service = catalogue_service()
    Step.objects.create(
        goal=goal,
        what="Työkokeilu lounasravintolassa",
        responsible=coordinator,
        service=service,
        target_date=TODAY + dt.timedelta(days=14),
    )
    meeting = Meeting.objects.create(
        client=client,
        kind="first_joint",
        mode="in_person",
        starts_at=NOW - dt.timedelta(days=2),
        ends_at=NOW - dt.timedelta(days=2) + dt.timedelta(hours=1),
        notes="Asiakas kertoi tilanteestaan",
        organiser=coordinator,
    )
    MeetingParticipant.objects.create(meeting=meeting, professional=other)
    agreement = Agreement.objects.create(
        meeting=meeting, client=client, owner=coordinator, what="Soittaa Kelaan", due_on=TODAY
    )
    NextContact.objects.create(
        meeting=meeting, client=client, contact_by=coordinator, due_on=TODAY, channel="phone"
    )
    handover = Handover.objects.create(
        client=client,
        from_coordinator=coordinator,
        to_professional=other,
        reason="Kuntoutus on nyt ensisijainen",
        summary="Yhteenveto",
    )
    Settlement.objects.create(
        handover=handover, agreement=agreement, keep=True, decided_by=coordinator
    )
    application = Application.objects.create(
        client=client, service=service, status="pending", created_by=coordinator
    )
    blocker = Blocker.objects.create(
        application=application, kind="further_information", what="Lääkärinlausunto"
    )
    opening = KnotOpening.objects.create(
        meeting=meeting,
        client=client,
        started_by=coordinator,
        blockers_at_start=1,
        deadlocks_at_start=0,
        pending_at_start=1,
    )
    KnotStep.objects.create(opening=opening, blocker=blocker, position=1)
    facts = ClientFacts.objects.create(client=client, adults_in_household=1, updated_by=coordinator)
    facts.children_in_household = 2
    facts.save()  # a second historical version
    RouteChoice.objects.create(
        client=client, route="work_trial", starts_on=TODAY, goal=goal, chosen_by=coordinator
    )
    ScreeningFlag.objects.create(
        client=client, coordinator=coordinator, rule="housing_allowance", month="2026-12"
    )
    shelter = OrganisationFactory(name="Ensikoti Testi", kind="ngo", is_public_authority=False)
    partner = ProfessionalFactory(organisation=shelter, profession="partner_worker")
    team, _ = ReceivingTeam.objects.get_or_create(
        organisation=coordinator.organisation, name="Erityispalvelut"
    )
    referral = _referral(team=team, partner=partner, client=client)
    ReferralEvent.objects.create(referral=referral, by=partner, what="created")
    discharge = DischargePlan.objects.create(
        referral=referral,
        discharge_on=TODAY,
        destination="Oma vuokra-asunto",
        social_services_contact="Sosiaalitoimisto",
        created_by=partner,
    )
    FollowUp.objects.create(plan=discharge, contact_by=coordinator, due_on=TODAY, channel="phone")
    SignInCode.objects.create(
        client=client, code_hash=f"{client.pk:064d}", created_by=coordinator, expires_at=NOW
    )
    Contribution.objects.create(client=client, kind="goal", text="Oma tavoite omin sanoin")
    Feedback.objects.create(
        context="meeting",
        month=TODAY.replace(day=1),
        sorted_out="yes",
        heard=5,
        overall=5,
        text="Hyvä tapaaminen",
        client=client,
    )
    FeedbackAsked.objects.create(client=client, context="meeting", object_id=meeting.pk)
    CouncilMembership.objects.create(client=client)
    session = CouncilSession.objects.create(starts_at=NOW, theme="Palvelupolku")
    session.invited.add(client)
    Proposal.objects.create(text="Enemmän iltavastaanottoja", raised_by=client)
    Alert.objects.create(
        client=client, rule="no_next_contact", subject=f"client:{client.pk}", raised_on=TODAY
    )
    OutcomeEvent.objects.create(
        client=client, kind="education", date=TODAY, recorded_by=coordinator
    )
    cohort, _ = Cohort.objects.get_or_create(name="Etelä-Savon pilotti")
    cohort.clients.add(client)
    record(actor=coordinator, action="view", client=client, target="client", purpose="coordination")
    return client


def test_every_model_that_refers_to_a_client_is_exported_or_declared():
    """Fails when a model with a key to Client (or to a client's record) is added without
    being put in export.SECTIONS or export.NOT_EXPORTED."""
    related = export.models_related_to_client()
    declared = set(export.exported_models()) | set(export.NOT_EXPORTED)
    assert related - declared == set(), "add these models to polku.privacy.export.SECTIONS"
    assert declared - related == set(), "these declared models no longer refer to a client"
    assert "clients.Client" in related and "audit.AuditEvent" in related


def test_the_completeness_check_sees_a_new_model_with_a_key_to_client():
    """The check itself works: a model it did not know about makes the difference non-empty."""
    from django.apps import apps
    from django.db import models

    class ExtraNote(models.Model):
        client = models.ForeignKey(Client, on_delete=models.CASCADE)

        class Meta:
            app_label = "privacy"

        def __str__(self) -> str:
            return str(self.pk)

    try:
        assert "privacy.ExtraNote" in export.models_related_to_client()
    finally:
        del apps.all_models["privacy"]["extranote"]
        apps.clear_cache()


def test_a_full_client_gets_a_row_of_every_exported_model(coordinator):
    client = full_client(coordinator)
    with translation.override("fi"):
        found = export.build_access_export(client, recipient="client", full_hetu=True)
    empty = sorted(label for label, count in found.counts.items() if count == 0)
    assert empty == []
    assert set(found.counts) == set(export.exported_models())


def test_nothing_of_another_client_is_exported(coordinator):
    client = full_client(coordinator)
    other = full_client(coordinator)
    with translation.override("fi"):
        found = export.build_access_export(client, recipient="client", full_hetu=True)
    data = export.as_json(found)
    text = str(data)
    assert other.reveal_hetu() not in text
    assert found.counts["clients.Client"] == 1
    assert found.counts["audit.AuditEvent"] == client.audit_events.count()
    # The council session is exported without its list of invited clients.
    session = next(s for s in data["sections"] if s["key"] == "portal")
    council = [r for r in session["records"] if r["model"] == "portal.CouncilSession"]
    assert council and "invited" not in council[0]["fields"]


def test_a_referral_made_before_the_case_was_opened_is_found_by_the_code(coordinator):
    client = make_client(coordinator=coordinator)
    shelter = OrganisationFactory(name="Turvakoti Testi", kind="ngo", is_public_authority=False)
    partner = ProfessionalFactory(organisation=shelter, profession="partner_worker")
    team = ReceivingTeam.objects.create(organisation=coordinator.organisation, name="Tiimi")
    unlinked = _referral(team=team, partner=partner, hetu_text=client.reveal_hetu())
    _referral(team=team, partner=partner, hetu_text=synthetic_hetu(), situation="Joku muu")
    found = export.build_access_export(client, recipient="client", full_hetu=True)
    referrals = next(s for s in found.sections if s.key == "referrals")
    assert [r.pk for r in referrals.records if r.model == "referrals.Referral"] == [unlinked.pk]


def test_the_export_has_no_keys_hashes_or_ciphertext(coordinator):
    client = full_client(coordinator)
    data = export.as_json(export.build_access_export(client, recipient="client", full_hetu=True))
    names = {name for s in data["sections"] for r in s["records"] for name in r["fields"]}
    assert names.isdisjoint(export.SECRET_FIELDS)
    assert client.hetu_encrypted not in str(data) and client.hetu_hash not in str(data)


def test_full_code_only_when_entitled(coordinator):
    client = make_client(coordinator=coordinator)
    code = client.reveal_hetu()
    shown = export.as_json(export.build_access_export(client, recipient="client", full_hetu=True))
    hidden = export.as_json(export.build_access_export(client, recipient="client", full_hetu=False))
    assert code in str(shown)
    assert code not in str(hidden) and client.hetu_masked in str(hidden)


def test_labels_and_values_in_finnish(coordinator):
    client = full_client(coordinator)
    with translation.override("fi"):
        found = export.build_access_export(client, recipient="client", full_hetu=True)
    titles = [s.title for s in found.sections]
    assert "Suostumuksesi" in titles
    meetings = next(s for s in found.sections if s.key == "meetings")
    first = meetings.records[0]
    labels = {i.name: i.label for i in first.items}
    texts = {i.name: i.text for i in first.items}
    assert labels["created_at"] == "kirjattu"
    assert texts["kind"] == "Ensimmäinen yhteinen tapaaminen"
    day = timezone.localtime(Meeting.objects.get(client=client).starts_at)
    assert texts["starts_at"].startswith(f"{day.day}.{day.month}.{day.year}")
    information = dict(found.information)
    assert "Oikeutesi" in information
    referrals = next(s for s in found.sections if s.key == "referrals")
    event = next(r for r in referrals.records if r.model == "referrals.ReferralEvent")
    assert {i.name: i.text for i in event.items}["what"] == "Lähete tehty"
    route = next(s for s in found.sections if s.key == "route")
    kinds = {r.kind for r in route.records}
    assert "aiempi versio sääntöjen tiedoista" in kinds
    assert not any(kind.startswith("Historical") for kind in kinds)
    client_items = [i.name for i in found.sections[0].records[0].items]
    assert "hetu" in client_items and "hetu_masked" not in client_items


def test_a_client_without_a_stored_code_is_exported_without_one(coordinator):
    """An anonymised client (retention) has no ciphertext left: the export still works and
    matches no referral by an empty code."""
    client = make_client(coordinator=coordinator)
    Client.objects.filter(pk=client.pk).update(hetu_encrypted="", hetu_masked="")
    client.refresh_from_db()
    found = export.build_access_export(client, recipient="client", full_hetu=True)
    assert found.full_hetu == ""
    assert found.counts["clients.Client"] == 1 and found.counts["referrals.Referral"] == 0


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_a_finnish_reader_sees_no_iso_dates_code_names_or_english_kinds(coordinator):
    client = full_client(coordinator)
    rule = ScreeningFlag.objects.get(client=client).rule
    with translation.override("fi"):
        found = export.build_access_export(client, recipient="client", full_hetu=True)
    with translation.override("en"):
        english_kinds = {str(m._meta.verbose_name) for m in apps.get_models()}
    records = [r for s in found.sections for r in s.records]
    texts = [i.text for r in records for i in r.items if i.name not in ("hetu", "text")]
    assert [t for t in texts if ISO_DATE.search(t)] == []
    assert rule not in texts
    assert {r.kind for r in records} & english_kinds == set()
