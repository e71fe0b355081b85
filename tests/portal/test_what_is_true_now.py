"""Issue 16, the client portal: each page says what is true now, in words the client reads —
the referral's state, the client's task on an application, the disclosure log, a consent
withdrawn only after asking once, a council proposal published only after the writer
confirms and a staff member has checked it."""

import datetime as dt
import itertools

import pytest
from django.test import Client as HttpClient
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from polku.accounts.models import User
from polku.audit.models import Action, AuditEvent
from polku.audit.services import record
from polku.clients.models import Consent
from polku.knots import services as knots
from polku.portal import disclosure, selectors, services
from polku.portal.models import Proposal, ProposalStatus
from polku.referrals import services as referrals
from polku.referrals.models import ReceivingTeam, Referral
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client
from tests.knots.factories import application
from tests.referrals.conftest import referral_data

from .conftest import portal_login

pytestmark = pytest.mark.django_db


# --- 1. the referral says what is true now ----------------------------------------------------


@pytest.fixture
def special_worker():
    kela_special = OrganisationFactory(name="Kela, erityispalvelut", kind="kela")
    return ProfessionalFactory(
        username="kela.erityis",
        organisation=kela_special,
        first_name="Leena",
        last_name="Kivelä",
        phone="040 123 4567",
    )


@pytest.fixture
def my_referral(client_record, special_worker):
    shelter = OrganisationFactory(name="Turvakoti", kind="ngo", is_public_authority=False)
    partner = ProfessionalFactory(username="turvakoti", organisation=shelter)
    team = ReceivingTeam.objects.create(
        organisation=special_worker.organisation, name="Erityispalvelut", phone="020 692 200"
    )
    team.members.add(special_worker)
    made = referrals.create_referral(by=partner, team=team, data=referral_data())
    Referral.objects.filter(pk=made.pk).update(client=client_record)
    made.refresh_from_db()
    return made


def _set(referral, **fields):
    Referral.objects.filter(pk=referral.pk).update(**fields)
    referral.refresh_from_db()


def test_a_waiting_referral_says_by_when(portal, my_referral):
    page = portal.get("/portal/referrals/").content.decode()
    deadline = (
        f"{my_referral.deadline.day}.{my_referral.deadline.month}.{my_referral.deadline.year}"
    )
    assert f"Sinuun otetaan yhteyttä viimeistään {deadline}." in page  # the client's language


def test_a_closed_contacted_referral_says_who_called_and_how_it_ended(
    portal, my_referral, special_worker
):
    contacted = timezone.make_aware(dt.datetime(2026, 12, 3, 10, 0))
    _set(
        my_referral,
        status="closed",
        named_worker=special_worker,
        contacted_at=contacted,
        closed_at=contacted + dt.timedelta(days=5),
        outcome="services_started",
    )
    page = portal.get("/portal/referrals/").content.decode()
    assert "viimeistään" not in page  # no promise of a contact that happened
    assert "Leena Kivelä otti sinuun yhteyttä 3.12.2026." in page
    assert "Ohjaus päättyi 8.12.2026." in page
    assert "Palvelusi ovat alkaneet." in page
    assert "040 123 4567" in page
    with translation.override("sv"):
        words = selectors.referral_now(my_referral)
    assert "Leena Kivelä kontaktade dig 3.12.2026." in words
    assert not any("senast" in line for line in words)


def test_every_referral_state_has_its_own_words(my_referral, special_worker):
    now = timezone.now()
    seen = set()
    for fields in (
        {"status": "received"},
        {"status": "claimed", "named_worker": special_worker},
        {"status": "contacted", "named_worker": special_worker, "contacted_at": now},
        {"status": "in_progress", "named_worker": special_worker, "contacted_at": now},
        {
            "status": "closed",
            "named_worker": special_worker,
            "contacted_at": now,
            "closed_at": now,
            "outcome": "unreachable",
        },
    ):
        _set(my_referral, **{"outcome": "", **fields})
        words = selectors.referral_now(my_referral)
        promise = any("will be contacted" in line for line in words)
        assert promise == (fields["status"] in ("received", "claimed")), fields
        seen.add(tuple(words))
    assert len(seen) == 5


# --- 2. the client's task follows from the status as well as the blockers ---------------------


def test_further_information_requested_is_a_task_even_without_a_blocker(
    portal, client_record, coordinator
):
    asked = application(client_record, coordinator, slug="ttt", name="Työttömyysturva")
    knots.set_status(application=asked, status="further_information_requested", by=coordinator)
    page = portal.get("/portal/applications/").content.decode()
    assert "sinulta ei puutu mitään" not in page
    assert "pyytää sinulta lisää tietoja" in page and "Mitä sinun pitää tehdä:" in page
    api = portal.get("/api/v1/portal/applications/").json()["results"]
    assert api[0]["task_kind"] == "send_information"
    assert "pyytää sinulta lisää tietoja" in api[0]["task"]  # page and API: one function


def test_a_pending_application_with_no_blocker_asks_nothing(client_record, coordinator):
    pending = application(client_record, coordinator, slug="ar", name="Asumistuki")
    task = selectors.client_task(pending, [])
    assert task == {"kind": "none", "task": "", "todo": [], "waits": []}


def test_the_requested_information_and_its_date_are_named(client_record, coordinator):
    asked = application(client_record, coordinator, slug="ttt", name="Työttömyysturva")
    knots.set_status(application=asked, status="further_information_requested", by=coordinator)
    blocker = knots.add_blocker(
        application=asked,
        kind="further_information",
        by=coordinator,
        what="Palkkatodistus",
        due=dt.date(2026, 12, 14),
    )
    asked.refresh_from_db()
    with translation.override("fi"):
        task = selectors.client_task(asked, [blocker])
    assert task["kind"] == "send_information"
    assert "Palkkatodistus" in task["task"] and "14.12.2026" in task["task"]
    assert task["waits"] == []  # not listed twice


# --- 3. who has looked: a disclosure log in words ---------------------------------------------


def test_the_log_names_the_person_the_object_and_the_purposes_in_words(
    portal, client_record, coordinator
):
    sickness = application(client_record, coordinator, slug="sv", name="Sairauspäiväraha")
    for _ in range(12):
        record(actor=coordinator, action=Action.LIST, client=client_record, target="client_list")
    record(
        actor=coordinator,
        action=Action.VIEW,
        client=client_record,
        target="plan",
        purpose="benefits,coordination",
    )
    record(
        actor=coordinator,
        action=Action.CREATE,
        client=client_record,
        target=f"application:{sickness.pk}",
        purpose="benefits",
    )
    page = portal.get("/portal/who-looked/").content.decode()
    assert "benefits,coordination" not in page
    assert "Etuus- ja palveluhakemukset" in page
    assert "Monialainen palvelujen yhteensovittaminen ja suunnittelu" in page
    assert coordinator.get_full_name() in page and coordinator.organisation.name in page
    assert "Hakemuksesi: Sairauspäiväraha: lisäsi" in page  # "created" names the object
    assert "Suunnitelmasi: katsoi" in page
    assert page.count("listoissa tai hakutuloksissa") == 1  # twelve lists, one line
    assert "(12 kertaa)" in page
    assert page.count('class="card disclosure-visit"') == 1


def _event(actor, at, action="view", target="plan", purpose=""):
    return AuditEvent(
        actor=actor,
        actor_organisation=actor.organisation,
        actor_profession=actor.profession,
        occurred_at=at,
        action=action,
        target=target,
        purpose=purpose,
    )


def test_a_visit_ends_after_half_an_hour_without_events(coordinator):
    other = ProfessionalFactory(username="toinen", organisation=coordinator.organisation)
    start = timezone.make_aware(dt.datetime(2026, 12, 2, 9, 0))
    events = [
        _event(coordinator, start),
        _event(other, start + dt.timedelta(minutes=5)),
        _event(coordinator, start + dt.timedelta(minutes=25)),
        _event(coordinator, start + dt.timedelta(minutes=50)),  # 25 min gap: same visit
        _event(coordinator, start + dt.timedelta(minutes=90)),  # 40 min gap: a new visit
    ]
    visits = disclosure._visits(events, {})
    mine = [v for v in visits if v.person == coordinator.get_full_name()]
    assert len(visits) == 3 and len(mine) == 2
    assert [v.lines for v in mine] == [
        ["Your plan: looked at it"],
        ["Your plan: looked at it 3 times"],
    ]


def test_the_log_is_paginated_by_days(portal, client_record, coordinator, monkeypatch):
    monkeypatch.setattr(disclosure, "DAYS_PER_PAGE", 1)
    record(actor=coordinator, action=Action.VIEW, client=client_record, target="plan")
    days, page = disclosure.log(client_record, 1)
    assert len(days) == 1 and page.paginator.num_pages == 1
    assert portal.get("/portal/who-looked/?page=9").status_code == 200


def test_the_log_never_shows_the_clients_own_acts_or_another_client(
    portal, client_record, coordinator
):
    other = make_client(coordinator=coordinator, first_names="Eero")
    record(actor=coordinator, action=Action.VIEW, client=other, target="plan")
    portal.get("/portal/plan/")
    days, _ = disclosure.log(client_record, 1)
    assert all(v.person == coordinator.get_full_name() for d in days for v in d.visits)
    assert not any("plan" in line.lower() for d in days for v in d.visits for line in v.lines)


def test_the_log_says_why_the_partner_and_the_team_looked_at_the_referral(
    portal, my_referral, special_worker
):
    """The walk: "Why: No consent purpose was recorded." for the shelter worker's views of
    her own referral, although she worked under the client's consent to the referral."""
    partner = User.objects.get(pk=my_referral.referred_by_id)
    http = login(HttpClient(), partner)
    assert http.get(f"/referrals/{my_referral.pk}/").status_code == 200
    http = login(HttpClient(), special_worker)
    assert http.get(f"/referrals/queue/{my_referral.pk}/").status_code == 200
    page = portal.get("/portal/who-looked/").content.decode()
    assert partner.get_full_name() in page and special_worker.get_full_name() in page
    assert f"Ohjauksesi {my_referral.reference}" in page
    assert page.count("Yhteydenotto organisaatiosta toiseen") == 2  # each visit says why
    with translation.override("en"):
        days, _page = disclosure.log(my_referral.client)
    visits = {v.person: v.why for day in days for v in day.visits}
    assert visits[partner.get_full_name()] == ["Referral between organisations"]
    assert visits[special_worker.get_full_name()] == ["Referral between organisations"]


def test_recording_and_withdrawing_a_consent_say_its_purpose(client_record, coordinator):
    """A visit in which a professional only records a client's consent (a new client's
    intake) said "No consent purpose was recorded" though the consent names its purpose."""
    from polku.clients import services as clients

    consent = clients.give_consent(
        client=client_record,
        by=coordinator,
        organisations=[coordinator.organisation],
        purpose="benefits",
        given_how="in_person",
        valid_from=timezone.localdate(),
    )
    clients.withdraw_consent(consent=consent, by=coordinator)
    events = AuditEvent.objects.filter(target=f"consent:{consent.pk}")
    assert sorted(events.values_list("action", "purpose")) == [
        ("create", "benefits"),
        ("update", "benefits"),
    ]


# --- 5. a consent is withdrawn after asking once ----------------------------------------------


def test_withdrawing_asks_once_and_says_what_stops(portal, client_record):
    consent = Consent.objects.get(client=client_record)
    page = portal.get(f"/portal/consents/{consent.pk}/withdraw/").content.decode()
    for organisation in consent.organisations.all():
        assert organisation.name in page
    assert str(consent.get_purpose_display()) in page
    today = timezone.localdate()
    assert f"{today.day}.{today.month}.{today.year}" in page
    assert portal.post(f"/portal/consents/{consent.pk}/withdraw/", {}).status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_at is None  # not without the confirmation
    response = portal.post(f"/portal/consents/{consent.pk}/withdraw/", {"confirm": "yes"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


# --- 6. a council proposal: preview, confirm, moderation --------------------------------------


def test_a_proposal_waits_for_the_writer_and_for_moderation(portal, client_record, coordinator):
    preview = portal.post("/portal/council/", {"text": "Iltavastaanotto"})
    assert preview.status_code == 200 and not Proposal.objects.exists()
    assert "Kuka sen näkee" in preview.content.decode()
    portal.post("/portal/council/", {"text": "Iltavastaanotto", "step": "confirm"})
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.PENDING
    assert "Iltavastaanotto" in portal.get("/portal/council/").content.decode()  # the writer
    someone = make_client(coordinator=coordinator, first_names="Eero")
    other = portal_login(someone, coordinator)
    assert "Iltavastaanotto" not in other.get("/portal/council/").content.decode()
    services.moderate(proposals=Proposal.objects.all(), publish=True)
    assert "Iltavastaanotto" in other.get("/portal/council/").content.decode()


def test_a_proposal_left_unpublished_needs_a_reason(client_record):
    services.propose(client=client_record, text="Nimi ja osoite")
    with pytest.raises(Exception, match="Say why"):
        services.moderate(proposals=Proposal.objects.all(), publish=False)
    services.moderate(
        proposals=Proposal.objects.all(), publish=False, reason="Siinä oli henkilötietoja."
    )
    assert Proposal.objects.get().status == ProposalStatus.REJECTED


# --- the visits, as a property of any trail ---------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([1, 2, 3]), st.integers(min_value=0, max_value=3 * 24 * 60)),
        max_size=40,
    )
)
def test_every_event_is_in_exactly_one_visit_and_visits_have_no_long_gaps(trail):
    people = {pk: User(pk=pk, first_name=f"P{pk}", last_name="X") for pk in (1, 2, 3)}
    start = timezone.make_aware(dt.datetime(2026, 12, 1, 0, 0))
    events = [
        AuditEvent(actor=people[pk], occurred_at=start + dt.timedelta(minutes=m), target="plan")
        for pk, m in sorted(trail, key=lambda t: t[1])
    ]
    visits = disclosure.group(events)
    assert sorted(id(e) for v in visits for e in v) == sorted(id(e) for e in events)
    for visit in visits:
        assert len({e.actor_id for e in visit}) == 1
        assert len({timezone.localtime(e.occurred_at).date() for e in visit}) == 1
        for before, after in itertools.pairwise(visit):
            assert dt.timedelta(0) <= after.occurred_at - before.occurred_at <= disclosure.VISIT_GAP
    # a person's next visit on the same day starts more than VISIT_GAP after the last ended
    for person in (1, 2, 3):
        own = sorted((v for v in visits if v[0].actor_id == person), key=lambda v: v[0].occurred_at)
        for earlier, later in itertools.pairwise(own):
            if (
                timezone.localtime(earlier[-1].occurred_at).date()
                == timezone.localtime(later[0].occurred_at).date()
            ):
                assert later[0].occurred_at - earlier[-1].occurred_at > disclosure.VISIT_GAP


def test_staff_publish_a_waiting_proposal_in_the_admin(client_record):
    from django.test import Client as HttpClient

    from tests.factories import OrganisationFactory as Org

    staff = User.objects.create_superuser("yllapito", "y@example.fi", "salasana-testi-123")
    staff.organisation = Org(name="Polku")
    staff.save()
    waiting = services.propose(client=client_record, text="Iltavastaanotto")
    http = login(HttpClient(), staff)
    listing = http.get("/admin/portal/proposal/?status__exact=pending")
    assert listing.status_code == 200 and "Iltavastaanotto" in listing.content.decode()
    http.post(
        "/admin/portal/proposal/",
        {"action": "publish", "_selected_action": [waiting.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == ProposalStatus.UNDER_CONSIDERATION and waiting.moderated_at
