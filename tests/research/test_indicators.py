"""Each indicator against values computed by hand on a small, exact fixture (period: March
2026; "today" 2026-11-24)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from polku.accounts.models import OrganisationKind, Profession
from polku.clients.models import Client, NetworkMember
from polku.handover.models import Handover
from polku.meetings.models import Agreement, Meeting, MeetingParticipant, NextContact
from polku.plans.models import Plan
from polku.referrals import services as referrals
from polku.referrals.models import ReceivingTeam, Referral
from polku.research import indicators
from polku.research.frames import Filters
from polku.research.models import OutcomeEvent
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client
from tests.referrals.conftest import referral_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


HKI = ZoneInfo("Europe/Helsinki")
MARCH = Filters(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
TODAY = dt.date(2026, 11, 24)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HKI)


def entered(client: Client, day: dt.date) -> Client:
    Client.objects.filter(pk=client.pk).update(created_at=at(day, 9))
    return client


def meeting(client, organiser, day, *, kind="first_joint", status="closed", participants=()):
    found = Meeting.objects.create(
        client=client,
        kind=kind,
        mode="in_person",
        starts_at=at(day),
        ends_at=at(day, 11),
        status=status,
        organiser=organiser,
        closed_at=at(day, 11) if status == "closed" else None,
        closed_by=organiser if status == "closed" else None,
    )
    for person in participants:
        MeetingParticipant.objects.create(meeting=found, professional=person)
    return found


def result(indicator_id, filters=MARCH):
    return indicators.compute_all(filters, TODAY)[indicator_id]


@pytest.fixture
def three(coordinator):
    """Three clients who entered in March 2026 and one who entered in February."""
    return [
        entered(make_client(coordinator=coordinator, first_names=name), day)
        for name, day in (
            ("Aino", dt.date(2026, 3, 1)),
            ("Eero", dt.date(2026, 3, 10)),
            ("Ville", dt.date(2026, 3, 20)),
            ("Outi", dt.date(2026, 2, 10)),
        )
    ]


def test_first_meeting_and_plan_days(three, coordinator):
    aino, eero, ville, outi = three
    meeting(aino, coordinator, dt.date(2026, 3, 6))  # 5 days
    meeting(aino, coordinator, dt.date(2026, 3, 30), kind="follow_up")
    meeting(eero, coordinator, dt.date(2026, 3, 30))  # 20 days
    meeting(outi, coordinator, dt.date(2026, 2, 11))  # entered in February: not counted
    found = result("first_meeting_days")
    assert (found.value, found.cases) == (12.5, 2)
    assert [row[1] for row in found.rows] == [1, 0, 1, 0, 0, 1]  # … and Ville not yet
    for client, day in ((aino, dt.date(2026, 3, 4)), (ville, dt.date(2026, 4, 30))):
        plan = Plan.objects.create(client=client, created_by=coordinator)
        Plan.objects.filter(pk=plan.pk).update(created_at=at(day))
    found = result("plan_days")
    assert (found.value, found.cases) == (22.0, 2)  # 3 and 41 days
    assert [row[1] for row in found.rows] == [1, 0, 0, 1, 0, 1]


def test_first_meetings_with_three_organisations(three, coordinator):
    aino, eero, *_ = three
    second = OrganisationFactory(name="Työllisyyspalvelut")
    third = OrganisationFactory(name="Seurakunta", kind=OrganisationKind.NGO)
    meeting(
        aino,
        coordinator,
        dt.date(2026, 3, 6),
        participants=[
            ProfessionalFactory(organisation=second),
            ProfessionalFactory(organisation=third),
        ],
    )
    meeting(eero, coordinator, dt.date(2026, 3, 12), participants=[coordinator])
    meeting(eero, coordinator, dt.date(2026, 3, 28), status="planned")  # not held yet
    found = result("three_organisations")
    assert (found.value, found.cases) == (50.0, 2)
    assert dict(map(tuple, found.rows)) == {"1": 1, "2": 0, "3": 1, "4+": 0}


def test_agreements_on_time(three, coordinator):
    aino = three[0]
    held = meeting(aino, coordinator, dt.date(2026, 3, 2))

    def agreement(due, done=None, status="open"):
        Agreement.objects.create(
            meeting=held,
            client=aino,
            owner=coordinator,
            what="x",
            due_on=due,
            status=status,
            done_at=at(done) if done else None,
        )

    agreement(dt.date(2026, 3, 10), dt.date(2026, 3, 10), "done")  # on time
    agreement(dt.date(2026, 3, 15), dt.date(2026, 3, 20), "done")  # late
    agreement(dt.date(2026, 3, 20))  # never done
    agreement(dt.date(2026, 3, 25), status="cancelled")  # not counted
    agreement(dt.date(2026, 4, 2), dt.date(2026, 4, 1), "done")  # due in April
    found = result("agreements_on_time")
    assert (found.value, found.cases) == (33.3, 3)
    assert found.rows == [["3/2026", 3, 1, 33.3]]
    # in a period reaching past "today" (24.11.), an open agreement due 30.11. is not late
    agreement(dt.date(2026, 11, 30))
    november = Filters(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert (
        result("agreements_on_time", november).cases,
        result("agreements_on_time", november).value,
    ) == (0, None)


def test_clients_without_next_contact_and_drop_offs(three, coordinator):
    aino, eero, *_ = three
    held = meeting(aino, coordinator, dt.date(2026, 3, 30))
    NextContact.objects.create(
        meeting=held,
        client=aino,
        contact_by=coordinator,
        due_on=dt.date(2026, 12, 1),
        channel="phone",
    )
    meeting(eero, coordinator, dt.date(2026, 3, 25))
    found = result("without_next_contact")
    assert (found.value, found.cases) == (3.0, 4)
    # drop-offs at the end of June: no closed meeting in the 90 days before 30.6. and no
    # next contact: Ville and Outi (no meetings, entered long before), Eero (last 25.3.);
    # Aino has a next contact
    june = Filters(start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30))
    found = result("drop_offs", june)
    assert (found.value, found.cases) == (3.0, 4)
    march = result("drop_offs")  # at 31.3. everyone entered or met within 90 days
    assert march.value == 0.0


def test_an_overdue_next_contact_is_no_agreed_one_as_on_the_worklist(three, coordinator):
    """Issue: the dashboard counted 165 clients without a next contact, the worklists and the
    alert scan 226 — an open contact whose day has passed is not an agreed next contact."""
    from polku.worklists.alerts import RULES
    from polku.worklists.selectors import clients_without_next_contact

    aino, eero, ville, outi = three
    for client, due in (
        (aino, TODAY + dt.timedelta(days=7)),  # ahead: agreed
        (eero, TODAY),  # today: agreed
        (ville, TODAY - dt.timedelta(days=30)),  # left undone past its day: not agreed
    ):
        NextContact.objects.create(
            meeting=meeting(client, coordinator, dt.date(2026, 3, 30)),
            client=client,
            contact_by=coordinator,
            due_on=due,
            channel="phone",
        )
    found = result("without_next_contact")
    assert (found.value, found.cases) == (2, 4)  # Ville and Outi
    assert dict(found.rows)["without a next contact"] == 2
    worklist = clients_without_next_contact(coordinator, today=TODAY)
    assert set(worklist) == {ville, outi}
    assert {r["client_id"] for r in RULES["no_next_contact"].matches(today=TODAY)} == {
        ville.pk,
        outi.pk,
    }
    # drop-offs: "no agreed next contact" is the same rule (Ville's stale contact is none)
    june = Filters(start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30))
    assert result("drop_offs", june).value == 2  # Ville and Outi; Aino and Eero agreed


def test_handovers_and_ping_pong(three, coordinator):
    aino, eero, *_ = three
    other = ProfessionalFactory(organisation=coordinator.organisation)

    def handover(client, giver, taker, proposed, decided, status="accepted"):
        Handover.objects.create(
            client=client,
            from_coordinator=giver,
            to_professional=taker,
            reason="x",
            summary="x",
            status=status,
            proposed_at=at(proposed),
            decided_at=at(decided) if decided else None,
        )

    handover(aino, coordinator, other, dt.date(2026, 2, 1), dt.date(2026, 2, 5))
    handover(aino, other, coordinator, dt.date(2026, 3, 1), dt.date(2026, 3, 3))  # back: 26 d
    handover(eero, coordinator, other, dt.date(2026, 3, 10), dt.date(2026, 3, 20))
    handover(eero, other, coordinator, dt.date(2026, 3, 25), None, status="proposed")
    found = result("handovers")
    assert found.cases == 3  # proposed in March
    assert found.value == 6.0  # accepted in March: 2 and 10 days → median 6
    with translation.override("sv"):  # the status in the reader's words, not a code
        assert {str(label): n for label, n in found.rows} == {"Godkänd": 2, "Föreslagen": 1}
    found = result("ping_pong")
    assert (found.value, found.cases) == (1.0, 2)


def test_referrals_first_contact_in_time(coordinator, kela):
    shelter = OrganisationFactory(
        name="Turvakoti", kind=OrganisationKind.NGO, is_public_authority=False
    )
    partner = ProfessionalFactory(organisation=shelter, profession=Profession.PARTNER_WORKER)
    team = ReceivingTeam.objects.create(organisation=kela, name="Erityispalvelut")

    def referral(urgency, received, deadline, contacted):
        found = referrals.create_referral(
            by=partner, team=team, data=referral_data(urgency=urgency)
        )
        Referral.objects.filter(pk=found.pk).update(
            received_at=at(received),
            deadline=deadline,
            contacted_at=at(contacted) if contacted else None,
        )

    referral("soon", dt.date(2026, 3, 2), dt.date(2026, 3, 6), dt.date(2026, 3, 5))
    referral("soon", dt.date(2026, 3, 9), dt.date(2026, 3, 13), dt.date(2026, 3, 16))
    referral("urgent", dt.date(2026, 3, 9), dt.date(2026, 3, 10), None)
    referral("urgent", dt.date(2026, 4, 1), dt.date(2026, 4, 2), dt.date(2026, 4, 1))
    # received in March, not contacted yet, its deadline after "today" (24.11.): pending,
    # neither on time nor late (the L-000002 case of issue 16)
    referral("soon", dt.date(2026, 3, 30), dt.date(2026, 12, 4), None)
    found = result("referrals_on_time")
    assert (found.value, found.cases) == (33.3, 3)
    with translation.override("en"):  # most urgent first, in words
        assert [[str(c) if i == 1 else c for i, c in enumerate(r)] for r in found.rows] == [
            ["Turvakoti", "Urgent", 1, 0, 0.0, 0],
            ["Turvakoti", "Soon", 2, 1, 50.0, 1],
        ]


def test_a_pending_referral_not_yet_due_is_neither_on_time_nor_late(coordinator, kela):
    shelter = OrganisationFactory(
        name="Turvakoti", kind=OrganisationKind.NGO, is_public_authority=False
    )
    partner = ProfessionalFactory(organisation=shelter, profession=Profession.PARTNER_WORKER)
    team = ReceivingTeam.objects.create(organisation=kela, name="Erityispalvelut")
    found = referrals.create_referral(by=partner, team=team, data=referral_data())
    Referral.objects.filter(pk=found.pk).update(
        received_at=at(dt.date(2026, 11, 23)), deadline=dt.date(2026, 12, 4), contacted_at=None
    )
    november = Filters(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    pending = result("referrals_on_time", november)
    assert (pending.value, pending.cases) == (None, 0)  # not "0 of 1, 0 %"
    assert pending.rows[0][2:] == [0, 0, None, 1]
    # the same referral once its deadline has passed uncontacted: late
    late = indicators.compute_all(november, dt.date(2026, 12, 5))["referrals_on_time"]
    assert (late.value, late.cases) == (0.0, 1)


def test_outcomes_at_3_6_and_12_months(coordinator):
    year = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
    first = entered(make_client(coordinator=coordinator), dt.date(2025, 1, 10))
    second = entered(make_client(coordinator=coordinator, first_names="Eero"), dt.date(2025, 1, 20))
    for client, kind, day in (
        (first, "rehabilitation", dt.date(2025, 3, 1)),
        (first, "open_market_work", dt.date(2025, 9, 1)),
        (second, "education", dt.date(2026, 5, 1)),  # after all horizons
    ):
        OutcomeEvent.objects.create(client=client, kind=kind, date=day, recorded_by=coordinator)
    found = result("outcomes", year)
    table = {row[0]: row[1:] for row in found.rows}
    assert table["Rehabilitation"] == [1, 1, 0]
    assert table["Work in the open labour market"] == [0, 0, 1]
    assert table["Unknown"] == [1, 1, 1]
    assert (found.value, found.cases) == (50.0, 2)


def test_coordinator_capacity(three, coordinator, settings):
    settings.POLKU_CASELOAD_TARGET = 2
    outi = three[3]
    # Outi's case closed on 31.3.: 49 days in service ≈ 1.6 months
    Client.objects.filter(pk=outi.pk).update(status="closed")
    NetworkMember.objects.filter(client=outi).update(
        started_at=at(dt.date(2026, 2, 10)), ended_at=at(dt.date(2026, 3, 31))
    )
    found = result("capacity")
    assert found.value == 3.0 and found.cases == 3  # rests on the three active clients
    values = [row[1] for row in found.rows]
    assert values[:6] == [2, 1, 3, 3, 1, 2]  # target, coordinators, active, max, over, needed
    assert values[6] == 3.0  # 3 entered in March (a period of at least a month)
    assert values[7] == round(49 / 30.44, 1)
    assert values[8] == 3  # ceil(2.96 × 1.61 / 2)


def test_filters_narrow_the_population(three, coordinator):
    aino, eero, *_ = three
    Client.objects.filter(pk=aino.pk).update(municipality="Seinäjoki", preferred_language="sv")
    meeting(aino, coordinator, dt.date(2026, 3, 6))
    meeting(eero, coordinator, dt.date(2026, 3, 30))
    region = Filters(start=MARCH.start, end=MARCH.end, region="seinäjoki")
    assert (
        result("first_meeting_days", region).value,
        result("first_meeting_days", region).cases,
    ) == (5.0, 1)
    swedish = Filters(start=MARCH.start, end=MARCH.end, language="sv")
    assert result("first_meeting_days", swedish).cases == 1
    nobody = Filters(start=MARCH.start, end=MARCH.end, organisation=OrganisationFactory().pk)
    assert result("first_meeting_days", nobody).value is None


def test_client_experience_hides_small_months(coordinator):
    from polku.portal.models import Feedback

    def answers(month, count, sorted_out, heard, overall):
        for _ in range(count):
            Feedback.objects.create(
                context="meeting",
                organisation=coordinator.organisation,
                month=month,
                sorted_out=sorted_out,
                heard=heard,
                overall=overall,
            )

    answers(dt.date(2026, 3, 1), 4, "yes", 5, 4)
    answers(dt.date(2026, 3, 1), 1, "no", 2, 2)  # March: 5 answers, 80 % sorted at once
    answers(dt.date(2026, 4, 1), 3, "yes", 5, 5)  # April: 3 answers: not shown
    spring = Filters(start=dt.date(2026, 3, 1), end=dt.date(2026, 4, 30))
    found = result("client_experience", spring)
    assert found.rows == [["3/2026", 5, 80.0, 4.4, 3.6]]
    assert (found.value, found.cases) == (80.0, 5)


def test_the_pathway_funnel(three, coordinator):
    aino, eero, ville, _outi = three
    meeting(aino, coordinator, dt.date(2026, 3, 6))
    meeting(eero, coordinator, dt.date(2026, 3, 20))
    Plan.objects.create(client=aino, created_by=coordinator)
    Plan.objects.create(client=ville, created_by=coordinator)  # a plan without a meeting
    OutcomeEvent.objects.create(
        client=aino, kind="education", date=dt.date(2026, 5, 1), recorded_by=coordinator
    )
    found = result("pathway")
    assert [row[1] for row in found.rows] == [3, 2, 1, 0, 0]  # no agreement done yet
    # the headline is the last stage (in work, education or rehabilitation), not the plans
    assert (found.value, found.cases, found.value_count) == (0.0, 3, 0)
    Agreement.objects.create(
        meeting=Meeting.objects.get(client=aino),
        client=aino,
        owner=coordinator,
        what="x",
        due_on=dt.date(2026, 3, 10),
        status="done",
        done_at=at(dt.date(2026, 3, 9)),
    )
    found = result("pathway")
    assert [row[1] for row in found.rows] == [3, 2, 1, 1, 1]
    assert (found.value, found.value_count) == (33.3, 1)
    assert "work, education or rehabilitation" in str(indicators.REGISTRY["pathway"].headline)
