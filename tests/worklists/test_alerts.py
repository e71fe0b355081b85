"""Each alert rule on small hand-made data: a positive and a negative case, thresholds at the
boundary."""

import datetime as dt

import pytest

from polku.clients.models import Client, NetworkMember
from polku.worklists import alerts as rules
from polku.worklists.alerts import RULES
from tests.factories import ProfessionalFactory, make_client

from .conftest import agreement, at, handover, local_today, meeting, next_contact, plan_step

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def subjects(code, **kwargs):
    return {row["subject"]: row for row in RULES[code].matches(today=local_today(), **kwargs)}


def test_every_rule_has_a_threshold_and_a_reason():
    assert set(RULES) == {
        "no_next_contact",
        "agreement_overdue",
        "no_contact",
        "handover_pending",
        "ping_pong",
        "referral_overdue",
        "owner_cannot_see",
    }
    for rule in RULES.values():
        assert rule.reason and rule.title and isinstance(rule.threshold, int)
    assert RULES["no_contact"].threshold == 60
    assert RULES["handover_pending"].threshold == 14
    assert RULES["ping_pong"].threshold == 3


def test_thresholds_come_from_settings(settings):
    settings.POLKU_ALERT_THRESHOLDS = {"no_contact": 30}
    assert RULES["no_contact"].threshold == 30
    assert RULES["handover_pending"].threshold == 14


class TestNoFutureNextContact:
    def test_a_next_contact_due_today_counts_as_future(self, coordinator):
        client = make_client(coordinator=coordinator)
        next_contact(client, coordinator, due_on=local_today())
        assert f"client:{client.pk}" not in subjects("no_next_contact")

    def test_one_due_yesterday_or_done_does_not(self, coordinator):
        late = make_client(coordinator=coordinator)
        next_contact(late, coordinator, due_on=local_today() - DAY)
        done = make_client(coordinator=coordinator, last_name="Korhonen")
        next_contact(done, coordinator, due_on=local_today() + DAY, done_at=at(local_today()))
        found = subjects("no_next_contact")
        assert {f"client:{late.pk}", f"client:{done.pk}"} <= set(found)
        assert found[f"client:{late.pk}"]["assigned_to_id"] == coordinator.pk

    def test_intake_and_closed_clients_raise_nothing(self, coordinator):
        intake = make_client(coordinator=coordinator, with_consent=False)
        assert intake.status == "intake"
        assert f"client:{intake.pk}" not in subjects("no_next_contact")


class TestAgreementOverdue:
    def test_due_yesterday_is_overdue_and_goes_to_the_owner(self, coordinator, municipality):
        client = make_client(coordinator=coordinator)
        owner = ProfessionalFactory(organisation=municipality)
        late = agreement(client, owner, due_on=local_today() - DAY)
        found = subjects("agreement_overdue")
        assert found[f"agreement:{late.pk}"]["assigned_to_id"] == owner.pk
        assert found[f"agreement:{late.pk}"]["client_id"] == client.pk

    def test_due_today_or_done_is_not(self, coordinator):
        client = make_client(coordinator=coordinator)
        today = agreement(client, coordinator, due_on=local_today())
        done = agreement(client, coordinator, due_on=local_today() - 5 * DAY, status="done")
        found = subjects("agreement_overdue")
        assert f"agreement:{today.pk}" not in found
        assert f"agreement:{done.pk}" not in found

    def test_the_clients_own_agreement_goes_to_the_coordinator(self, coordinator):
        client = make_client(coordinator=coordinator)
        own = agreement(client, coordinator, due_on=local_today() - DAY)
        own.owner, own.owner_is_client = None, True
        own.save()
        assert subjects("agreement_overdue")[f"agreement:{own.pk}"]["assigned_to_id"] == (
            coordinator.pk
        )


class TestNoContact:
    def _long_known(self, coordinator, **data):
        client = make_client(coordinator=coordinator, **data)
        Client.objects.filter(pk=client.pk).update(created_at=at(local_today() - 200 * DAY))
        return client

    def test_a_meeting_exactly_60_days_ago_is_contact(self, coordinator):
        client = self._long_known(coordinator)
        meeting(client, coordinator, day=local_today() - 60 * DAY)
        assert f"client:{client.pk}" not in subjects("no_contact")

    def test_61_days_without_contact_raises(self, coordinator):
        client = self._long_known(coordinator)
        meeting(client, coordinator, day=local_today() - 61 * DAY)
        meeting(client, coordinator, day=local_today() - 10 * DAY, closed=False)  # planned only
        assert f"client:{client.pk}" in subjects("no_contact")

    def test_a_next_contact_done_counts_as_contact(self, coordinator):
        client = self._long_known(coordinator)
        contact = next_contact(
            client, coordinator, due_on=local_today(), day=local_today() - 100 * DAY
        )
        contact.done_at = at(local_today() - 59 * DAY)
        contact.save()
        assert f"client:{client.pk}" not in subjects("no_contact")

    def test_a_client_recorded_recently_is_not_yet_without_contact(self, coordinator):
        client = make_client(coordinator=coordinator)
        assert f"client:{client.pk}" not in subjects("no_contact")


class TestHandoverPending:
    def test_14_days_is_not_more_than_14(self, coordinator, municipality):
        client = make_client(coordinator=coordinator)
        receiver = ProfessionalFactory(organisation=municipality)
        proposed = handover(client, coordinator, receiver, proposed_on=local_today() - 14 * DAY)
        assert f"handover:{proposed.pk}" not in subjects("handover_pending")

    def test_15_days_raises_for_the_responsible_coordinator(self, coordinator, municipality):
        client = make_client(coordinator=coordinator)
        receiver = ProfessionalFactory(organisation=municipality)
        proposed = handover(client, coordinator, receiver, proposed_on=local_today() - 15 * DAY)
        row = subjects("handover_pending")[f"handover:{proposed.pk}"]
        assert row["assigned_to_id"] == coordinator.pk

    def test_a_decided_handover_is_not_pending(self, coordinator, municipality):
        client = make_client(coordinator=coordinator)
        receiver = ProfessionalFactory(organisation=municipality)
        proposed = handover(client, coordinator, receiver, proposed_on=local_today() - 30 * DAY)
        proposed.status = "declined"
        proposed.save()
        assert f"handover:{proposed.pk}" not in subjects("handover_pending")


class TestPingPong:
    """The current seat is the coordinator's (Kela) since now; earlier periods are added as
    ended coordinator rows."""

    def _period(self, client, who, days_ago, ended_days_ago):
        NetworkMember.objects.create(
            client=client,
            professional=who,
            role="coordinator",
            started_at=at(local_today() - days_ago * DAY),
            ended_at=at(local_today() - ended_days_ago * DAY),
        )

    @pytest.fixture
    def muni_worker(self, municipality):
        return ProfessionalFactory(organisation=municipality)

    def test_three_changes_in_90_days_raise(self, coordinator, muni_worker):
        client = make_client(coordinator=coordinator)
        self._period(client, muni_worker, 100, 60)  # before the window: not counted
        self._period(client, coordinator, 60, 30)  # municipality -> Kela: 1
        self._period(client, muni_worker, 30, 0)  # Kela -> municipality: 2
        # the seat (Kela, now): municipality -> Kela: 3
        changes = rules.coordinator_organisation_changes(local_today()).filter(client=client)
        assert changes.count() == 3
        assert subjects("ping_pong")[f"client:{client.pk}"]["assigned_to_id"] == coordinator.pk

    def test_two_changes_or_changes_within_one_organisation_do_not(
        self, coordinator, muni_worker, kela
    ):
        client = make_client(coordinator=coordinator)
        colleague = ProfessionalFactory(organisation=kela)
        self._period(client, muni_worker, 100, 95)
        self._period(client, coordinator, 95, 40)  # outside the window (started 95 days ago)
        self._period(client, colleague, 40, 30)  # Kela -> Kela: not a change
        self._period(client, muni_worker, 30, 0)  # Kela -> municipality: 1
        # the seat (Kela, now): 2
        assert (
            rules.coordinator_organisation_changes(local_today()).filter(client=client).count() == 2
        )
        assert f"client:{client.pk}" not in subjects("ping_pong")

    def test_the_window_starts_90_days_ago(self, coordinator, muni_worker):
        client = make_client(coordinator=coordinator)
        self._period(client, muni_worker, 120, 90)
        self._period(client, coordinator, 90, 30)  # started exactly 90 days ago: inside
        self._period(client, muni_worker, 30, 0)
        assert (
            rules.coordinator_organisation_changes(local_today()).filter(client=client).count() == 3
        )


class TestOwnerCannotSee:
    """Open work owned by someone the access rule no longer lets see the client."""

    def test_work_of_a_member_who_sees_the_client_is_fine(self, coordinator):
        client = make_client(coordinator=coordinator)
        agreement(client, coordinator, due_on=local_today())
        next_contact(client, coordinator, due_on=local_today())
        assert subjects("owner_cannot_see") == {}

    def test_an_owner_outside_the_network_or_the_consent_is_found(self, coordinator, municipality):
        client = make_client(coordinator=coordinator)
        # In the network, but no consent covers the municipality: cannot see the client.
        uncovered = ProfessionalFactory(organisation=municipality)
        NetworkMember.objects.create(
            client=client, professional=uncovered, role="member", added_by=coordinator
        )
        outside = ProfessionalFactory(organisation=coordinator.organisation)  # not in the network
        a1 = agreement(client, uncovered, due_on=local_today() + 6 * DAY)
        a2 = agreement(client, outside, due_on=local_today() + 6 * DAY)
        c1 = next_contact(client, outside, due_on=local_today() + DAY)
        found = subjects("owner_cannot_see")
        assert set(found) == {f"agreement:{a1.pk}", f"agreement:{a2.pk}", f"next_contact:{c1.pk}"}
        # The coordinator reassigns it.
        assert {row["assigned_to_id"] for row in found.values()} == {coordinator.pk}

    def test_an_open_plan_step_of_someone_who_cannot_see_is_found(self, coordinator, municipality):
        """Plan steps are open work too: the responsible professional must see the client."""
        client = make_client(coordinator=coordinator)
        uncovered = ProfessionalFactory(organisation=municipality)
        NetworkMember.objects.create(
            client=client, professional=uncovered, role="member", added_by=coordinator
        )
        outside = ProfessionalFactory(organisation=coordinator.organisation)
        later = local_today() + 30 * DAY  # whatever its date: its owner cannot see it
        s1 = plan_step(client, uncovered, target_date=later)
        s2 = plan_step(client, outside, target_date=local_today(), status="in_progress")
        # Not open work of someone who cannot see: done, cancelled, a dropped goal, the
        # coordinator's own, the client's, and one left for the coordinator to assign.
        plan_step(client, outside, target_date=local_today(), status="done")
        plan_step(client, outside, target_date=local_today(), status="cancelled")
        plan_step(client, outside, target_date=local_today(), goal_status="dropped")
        plan_step(client, coordinator, target_date=local_today())
        plan_step(client, None, target_date=local_today(), organisation=municipality)
        found = subjects("owner_cannot_see")
        assert set(found) == {f"plan_step:{s1.pk}", f"plan_step:{s2.pk}"}
        assert {row["client_id"] for row in found.values()} == {client.pk}
        assert {row["assigned_to_id"] for row in found.values()} == {coordinator.pk}

    def test_done_work_and_closed_clients_raise_nothing(self, coordinator):
        client = make_client(coordinator=coordinator)
        outside = ProfessionalFactory(organisation=coordinator.organisation)
        agreement(client, outside, due_on=local_today(), status="done")
        next_contact(client, outside, due_on=local_today(), done_at=at(local_today()))
        closed = make_client(coordinator=coordinator, last_name="Suljettu")
        agreement(closed, outside, due_on=local_today())
        Client.objects.filter(pk=closed.pk).update(status="closed")
        assert subjects("owner_cannot_see") == {}

    def test_a_consent_about_to_end_is_caught_days_ahead(self, coordinator, settings):
        from polku.clients.models import Consent

        client = make_client(coordinator=coordinator)
        agreement(client, coordinator, due_on=local_today() + 6 * DAY)
        Consent.objects.filter(client=client).update(valid_until=local_today() + 2 * DAY)
        assert subjects("owner_cannot_see") == {}
        settings.POLKU_ALERT_THRESHOLDS = {"owner_cannot_see": 3}
        assert len(subjects("owner_cannot_see")) == 1

    def test_the_condition_is_the_access_rule(self, coordinator, municipality):
        """policy.sees (used by the scan) agrees with policy.can_see for every owner."""
        from polku.access import policy
        from polku.clients import services
        from polku.meetings.models import Agreement

        client = make_client(coordinator=coordinator, consent_organisations=[municipality])
        member = ProfessionalFactory(organisation=municipality)
        services.add_member(client=client, by=coordinator, professional=member)
        left = ProfessionalFactory(organisation=municipality)
        row = services.add_member(client=client, by=coordinator, professional=left)
        services.end_membership(member=row, by=coordinator)
        inactive = ProfessionalFactory(organisation=municipality, is_active=False)
        NetworkMember.objects.create(
            client=client, professional=inactive, role="member", added_by=coordinator
        )
        intake_owner = ProfessionalFactory(organisation=municipality)
        intake = make_client(coordinator=intake_owner, with_consent=False, last_name="Uusi")
        people = [coordinator, member, left, inactive, intake_owner]
        for person in people:
            for target in (client, intake):
                agreement(target, person, due_on=local_today())
        for owned in Agreement.objects.select_related("owner"):
            by_query = Agreement.objects.filter(policy.sees("owner"), pk=owned.pk).exists()
            assert by_query == policy.can_see(owned.owner, owned.client_id), owned.owner


class TestSinceWhen:
    """Each rule says the day its problem began (`since`), from the data the rule reads —
    not the day the scan first noticed it (issue: "no contact for a long time" and "no next
    contact" counted from the first scan, so the demo's every alert read "today")."""

    def _known_since(self, coordinator, days_ago, **data):
        client = make_client(coordinator=coordinator, **data)
        Client.objects.filter(pk=client.pk).update(created_at=at(local_today() - days_ago * DAY))
        return client

    def test_no_contact_counts_from_the_last_contact(self, coordinator):
        met = self._known_since(coordinator, 200)
        meeting(met, coordinator, day=local_today() - 90 * DAY)
        meeting(met, coordinator, day=local_today() - 75 * DAY)  # the last closed meeting
        meeting(met, coordinator, day=local_today() - 10 * DAY, closed=False)  # planned only
        called = self._known_since(coordinator, 200, last_name="Korhonen")
        meeting(called, coordinator, day=local_today() - 150 * DAY)
        contact = next_contact(
            called, coordinator, due_on=local_today() - 80 * DAY, day=local_today() - 120 * DAY
        )
        contact.done_at = at(local_today() - 70 * DAY)  # a next contact done is contact too
        contact.save()
        never = self._known_since(coordinator, 100, last_name="Virtanen")  # none since recorded
        found = subjects("no_contact")
        assert found[f"client:{met.pk}"]["since"] == local_today() - 75 * DAY
        assert found[f"client:{called.pk}"]["since"] == local_today() - 70 * DAY
        assert found[f"client:{never.pk}"]["since"] == local_today() - 100 * DAY

    def test_no_next_contact_counts_from_the_last_contact_or_agreed_date(self, coordinator):
        # An agreed contact 10 days ago, never made: nothing agreed after it.
        passed = self._known_since(coordinator, 200)
        next_contact(
            passed, coordinator, due_on=local_today() - 10 * DAY, day=local_today() - 30 * DAY
        )
        # A meeting 4 days ago that agreed no next contact: nothing agreed after it.
        met = self._known_since(coordinator, 200, last_name="Korhonen")
        next_contact(
            met, coordinator, due_on=local_today() - 10 * DAY, day=local_today() - 30 * DAY
        )
        meeting(met, coordinator, day=local_today() - 4 * DAY)
        # A next contact made 3 days ago (early) and nothing agreed after it.
        done = self._known_since(coordinator, 200, last_name="Virtanen")
        next_contact(
            done,
            coordinator,
            due_on=local_today() + 5 * DAY,
            done_at=at(local_today() - 3 * DAY),
            day=local_today() - 30 * DAY,
        )
        never = self._known_since(coordinator, 40, last_name="Nieminen")
        found = subjects("no_next_contact")
        assert found[f"client:{passed.pk}"]["since"] == local_today() - 10 * DAY
        assert found[f"client:{met.pk}"]["since"] == local_today() - 4 * DAY
        assert found[f"client:{done.pk}"]["since"] == local_today() - 3 * DAY
        assert found[f"client:{never.pk}"]["since"] == local_today() - 40 * DAY

    def test_no_next_contact_reads_referral_follow_ups_too(self, coordinator):
        """The rule counts a follow-up agreed in a referral's discharge plan as a next contact
        (future_next_contact); so a follow-up's passed date is where nothing was agreed after."""
        client = self._known_since(coordinator, 200)
        _follow_up(client, coordinator, due_on=local_today() - 6 * DAY)
        assert subjects("no_next_contact")[f"client:{client.pk}"]["since"] == (
            local_today() - 6 * DAY
        )

    def test_own_dates_agreement_handover(self, coordinator, municipality):
        client = make_client(coordinator=coordinator)
        late = agreement(client, coordinator, due_on=local_today() - 5 * DAY)
        receiver = ProfessionalFactory(organisation=municipality)
        proposed = handover(client, coordinator, receiver, proposed_on=local_today() - 20 * DAY)
        assert subjects("agreement_overdue")[f"agreement:{late.pk}"]["since"] == (
            local_today() - 5 * DAY
        )
        assert subjects("handover_pending")[f"handover:{proposed.pk}"]["since"] == (
            local_today() - 20 * DAY
        )

    def test_ping_pong_counts_from_the_first_change_in_the_window(self, coordinator, municipality):
        client = make_client(coordinator=coordinator)
        worker = ProfessionalFactory(organisation=municipality)
        for who, started, ended in ((worker, 100, 60), (coordinator, 60, 30), (worker, 30, 0)):
            NetworkMember.objects.create(
                client=client,
                professional=who,
                role="coordinator",
                started_at=at(local_today() - started * DAY),
                ended_at=at(local_today() - ended * DAY),
            )
        assert subjects("ping_pong")[f"client:{client.pk}"]["since"] == local_today() - 60 * DAY

    def test_work_owned_by_someone_who_cannot_see_has_no_day_of_its_own(self, coordinator):
        client = make_client(coordinator=coordinator)
        outside = ProfessionalFactory(organisation=coordinator.organisation)
        agreement(client, outside, due_on=local_today() + 6 * DAY)
        assert [row["since"] for row in subjects("owner_cannot_see").values()] == [None]


def _follow_up(client, coordinator, *, due_on):
    """A follow-up contact agreed in a discharge plan of a referral attached to `client`."""
    from polku.clients import crypto, hetu
    from polku.referrals.models import DischargePlan, FollowUp, ReceivingTeam, Referral
    from tests.factories import OrganisationFactory

    shelter = OrganisationFactory(name="Ensikoti Testi", kind="ngo", is_public_authority=False)
    partner = ProfessionalFactory(organisation=shelter, profession="partner_worker")
    team, _ = ReceivingTeam.objects.get_or_create(
        organisation=coordinator.organisation, name="Erityispalvelut"
    )
    parsed = hetu.parse(client.reveal_hetu())
    referral = Referral.objects.create(
        team=team,
        partner_organisation=shelter,
        referred_by=partner,
        first_names="Aino",
        last_name="Virtanen",
        identity_confirmed=True,
        situation="Asunto lähtee alta",
        urgency="soon",
        consent_in_person=True,
        consent_scope="Tilanne ja yhteystiedot",
        contact_channel="phone",
        deadline=due_on,
        client=client,
        hetu_encrypted=crypto.encrypt(parsed.value),
        hetu_hash=crypto.search_hash(parsed.value),
        hetu_masked=parsed.masked,
    )
    plan = DischargePlan.objects.create(
        referral=referral,
        discharge_on=due_on,
        destination="Oma vuokra-asunto",
        social_services_contact="Sosiaalitoimisto",
        created_by=partner,
    )
    return FollowUp.objects.create(
        plan=plan, contact_by=coordinator, due_on=due_on, channel="phone"
    )
