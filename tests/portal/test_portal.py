"""The client portal: sign-in with a one-time code, short sessions, the client's own pages
only, consents that take effect at once, who has looked, what the client writes, feedback
(anonymous), the client council."""

import datetime as dt
import time

import pytest
from django.test import Client as HttpClient
from django.utils import timezone, translation

from polku.audit.models import AuditEvent
from polku.clients.models import Consent
from polku.knots import services as knots
from polku.portal import services
from polku.portal.models import Contribution, Feedback, FeedbackAsked, Proposal, ProposalStatus
from polku.portal.session import SEEN
from tests.factories import make_client
from tests.knots.factories import application
from tests.meetings.helpers import complete, plan

from .conftest import portal_login

pytestmark = pytest.mark.django_db


def test_a_professional_makes_a_code_and_the_client_signs_in_once(
    signed_in, client_record, coordinator
):
    page = signed_in.post(f"/clients/{client_record.pk}/portal-code/").content.decode()
    code = page.split('data-testid="portal-code">')[1].split("<")[0]
    assert len(code) == 9
    http = HttpClient()
    response = http.post("/portal/sign-in/", {"code": code.lower()})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    home = http.get("/portal/").content.decode()
    assert coordinator.get_full_name() in home
    assert AuditEvent.objects.filter(client=client_record, action="login", target="portal").exists()
    again = HttpClient().post("/portal/sign-in/", {"code": code})
    assert again.status_code == 400 and 'role="alert"' in again.content.decode()


def test_wrong_codes_are_limited(client_record, coordinator):
    http = HttpClient()
    for _ in range(10):
        assert http.post("/portal/sign-in/", {"code": "AAAA-AAAA"}).status_code == 400
    code = services.create_code(client=client_record, by=coordinator)
    blocked = http.post("/portal/sign-in/", {"code": code})
    assert blocked.status_code == 400
    assert "Liian monta väärää koodia" in blocked.content.decode()  # the default language


def test_sessions_are_short_and_separate_from_professionals(
    portal, signed_in, settings, client_record, coordinator
):
    assert portal.get("/portal/").status_code == 200
    session = portal.session
    session[SEEN] = int(time.time()) - settings.POLKU_PORTAL_IDLE_SECONDS - 1
    session.save()
    response = portal.get("/portal/")
    assert response.status_code == 302 and response["Location"].startswith("/portal/sign-in/")
    # a professional's sign-in is not a portal sign-in
    assert signed_in.get("/portal/plan/")["Location"].startswith("/portal/sign-in/")
    # and a portal session is not a professional's
    again = portal_login(client_record, coordinator)
    assert again.get("/portal/").status_code == 200
    response = again.get(f"/clients/{client_record.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_my_own_objects(portal, client_record, coordinator):
    # A name the factories never make (a professional named Eero once made this fail).
    other = make_client(coordinator=coordinator, first_names="Toinenasiakas")
    theirs = Consent.objects.get(client=other)
    meeting = plan(other, coordinator)
    assert portal.post(f"/portal/consents/{theirs.pk}/withdraw/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None
    assert portal.get(f"/portal/meetings/{meeting.pk}/calendar.ics").status_code == 404
    assert portal.get(f"/portal/meetings/{meeting.pk}/agenda/").status_code == 404
    mine = plan(client_record, coordinator)
    ics = portal.get(f"/portal/meetings/{mine.pk}/calendar.ics")
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content
    assert b"Virtanen" not in ics.content  # the invitation names no client


def test_withdrawing_a_consent_takes_effect_for_professionals_at_once(
    portal, signed_in, client_record
):
    assert signed_in.get(f"/clients/{client_record.pk}/").status_code == 200
    consent = Consent.objects.get(client=client_record)
    response = portal.post(f"/portal/consents/{consent.pk}/withdraw/", {"confirm": "yes"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by_client
    assert signed_in.get(f"/clients/{client_record.pk}/").status_code == 404


def test_giving_a_consent_in_the_portal(portal, client_record, coordinator):
    organisation = coordinator.organisation
    response = portal.post(
        "/portal/consents/", {"purpose": "benefits", "organisations": [organisation.pk]}
    )
    assert response.status_code == 302
    given = Consent.objects.filter(client=client_record, given_how="portal").get()
    assert list(given.organisations.all()) == [organisation] and given.recorded_by is None


def test_who_has_looked_at_my_information(portal, signed_in, client_record, coordinator):
    # A name the factories never make (a professional named Eero once made this fail).
    other = make_client(coordinator=coordinator, first_names="Toinenasiakas")
    signed_in.get(f"/clients/{client_record.pk}/")
    signed_in.get(f"/clients/{other.pk}/")
    page = portal.get("/portal/who-looked/").content.decode()
    log = page.split('class="disclosure-day"')[1]
    assert coordinator.organisation.name in log and coordinator.get_full_name() in log
    with translation.override(client_record.preferred_language):
        assert str(coordinator.get_profession_display()) in log
    assert "Perustietosi: katsoi" in log  # in words, in the client's language
    assert "Toinenasiakas" not in page


def test_my_plan_and_my_own_words(portal, signed_in, client_record):
    response = portal.post(
        "/portal/plan/", {"form": "goal", "goal-text": "Haluan töihin kahvilaan"}
    )
    assert response.status_code == 302
    assert Contribution.objects.get().text == "Haluan töihin kahvilaan"
    refused = portal.post("/portal/plan/", {"form": "goal", "goal-text": ""})
    assert refused.status_code == 400
    overview = signed_in.get(f"/clients/{client_record.pk}/").content.decode()
    assert "Haluan töihin kahvilaan" in overview


def test_my_applications_in_plain_words(portal, client_record, coordinator):
    sickness = application(client_record, coordinator, slug="sv", name="Sairauspäiväraha")
    knots.add_blocker(
        application=sickness, kind="client_action", by=coordinator, what="Lääkärintodistus"
    )
    page = portal.get("/portal/applications/").content.decode()
    assert (
        "Sairauspäiväraha" in page and "Työntekijän sanoin: <q>Lääkärintodistus</q>" in page
    )  # the client's language
    assert "noin 30 päivässä" in page  # the catalogue's typical processing time, in plain words


def test_feedback_is_anonymous_and_asked_once(portal, client_record, coordinator):
    meeting = plan(
        client_record,
        coordinator,
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    complete(meeting, coordinator)
    from polku.meetings import services as meetings

    meetings.close_meeting(meeting=meeting, by=coordinator)
    page = portal.get("/portal/feedback/").content.decode()
    key = f"meeting-{meeting.pk}"
    assert f'value="{key}"' in page
    answer = {
        "about": key,
        f"{key}-sorted_out": "yes",
        f"{key}-heard": "5",
        f"{key}-overall": "4",
        f"{key}-text": "Kaikki asiat kerralla",
        f"{key}-anonymous": "on",
    }
    assert portal.post("/portal/feedback/", answer).status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.client is None and feedback.heard == 5
    assert feedback.organisation_id == coordinator.organisation_id
    assert FeedbackAsked.objects.filter(client=client_record, object_id=meeting.pk).exists()
    assert portal.post("/portal/feedback/", answer).status_code == 302
    assert Feedback.objects.count() == 1
    bad = portal.post("/portal/feedback/", {**answer, "about": key})
    assert Feedback.objects.count() == 1 and bad.status_code == 302


def test_the_client_council(portal, client_record):
    portal.post("/portal/council/", {"opt_in": "yes"})
    assert client_record.council_membership
    portal.post("/portal/council/", {"text": "Iltavastaanotto kerran viikossa", "step": "confirm"})
    proposal = Proposal.objects.get()
    assert proposal.raised_by_id == client_record.pk
    proposal.status, proposal.reason = ProposalStatus.DONE, "Aloitettu tiistai-iltaisin."
    proposal.save()
    page = portal.get("/portal/council/").content.decode()
    assert "Iltavastaanotto kerran viikossa" in page and "Aloitettu tiistai-iltaisin." in page


def test_professionals_see_feedback_only_as_monthly_aggregates(signed_in, coordinator):
    month = timezone.localdate().replace(day=1)
    for heard in (5, 5, 4, 4, 2):
        Feedback.objects.create(
            context="meeting",
            organisation=coordinator.organisation,
            month=month,
            sorted_out="yes",
            heard=heard,
            overall=4,
            text="Tämä ei saa näkyä",
        )
    page = signed_in.get("/feedback/").content.decode()
    assert "<td>5</td>" in page and "<td>4,0</td>" in page  # five answers, heard 4,0
    assert "Tämä ei saa näkyä" not in page
    Feedback.objects.filter(heard=2).delete()
    assert "<td>4</td>" not in signed_in.get("/feedback/").content.decode()  # 4 < 5: hidden


def test_the_feedback_page_says_which_months_it_covers(signed_in, coordinator):
    """This month so far and the twelve before it (thirteen rows at most), and it says so:
    not "the last year"."""
    this_month = timezone.localdate().replace(day=1)
    year_ago = this_month.replace(year=this_month.year - 1)
    before = (year_ago - dt.timedelta(days=1)).replace(day=1)
    for month in (this_month, year_ago, before):
        for _ in range(5):
            Feedback.objects.create(
                context="meeting",
                organisation=coordinator.organisation,
                month=month,
                sorted_out="yes",
                heard=4,
                overall=4,
            )
    page = signed_in.get("/feedback/").content.decode()
    assert page.count("<td>5</td>") == 2  # this month and the same month a year ago
    assert "kuluva kuukausi tähän mennessä ja sitä edeltävät kaksitoista kuukautta" in page
    assert "(kesken)" in page and "viimeisen vuoden" not in page


def test_a_topic_for_the_meeting_and_feedback_on_a_step(
    portal, signed_in, client_record, coordinator
):
    from polku.plans.models import Goal, Plan, Step

    meeting = plan(client_record, coordinator)
    response = portal.post(f"/portal/meetings/{meeting.pk}/agenda/", {"text": "Asumistuki"})
    assert response.status_code == 302
    page = signed_in.get(f"/clients/{client_record.pk}/meetings/{meeting.pk}/").content.decode()
    assert 'id="client-topics-heading"' in page and "Asumistuki" in page
    own = Plan.objects.create(client=client_record, created_by=coordinator)
    goal = Goal.objects.create(plan=own, text="Töihin", created_by=coordinator)
    step = Step.objects.create(
        goal=goal,
        what="Työkokeilu",
        responsible=coordinator,
        target_date=timezone.localdate(),
        status="done",
        done_on=timezone.localdate(),
    )
    page = portal.get("/portal/feedback/").content.decode()
    assert f'value="step-{step.pk}"' in page


def test_official_terms_open_to_a_plain_explanation(portal, client_record, coordinator):
    plan(client_record, coordinator)  # a first joint meeting ahead
    home = portal.get("/portal/").content.decode()
    consents = portal.get("/portal/consents/").content.decode()
    assert home.count('<details class="term">') == 1
    assert (
        consents.count('<details class="term">')
        == Consent.objects.filter(client=client_record).count()
    )
