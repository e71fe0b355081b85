"""The demo casework (polku.demo.casework): assessments, plans, meetings, agreements, next
contacts and handovers in realistic states, keeping every invariant the real data keeps."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from polku.accounts.models import User
from polku.assessment.models import Assessment, Domain, DomainAssessment
from polku.clients.models import Client, ClientStatus, NetworkMember, NetworkRole
from polku.demo import casework, generator
from polku.handover.models import Handover, HandoverStatus
from polku.meetings.models import (
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingKind,
    MeetingParticipant,
    MeetingStatus,
    NextContact,
)
from polku.plans.models import Goal, Plan, Step, StepStatus

pytestmark = pytest.mark.django_db

CLIENTS = 80


@pytest.fixture(scope="class")
def region(django_db_setup, django_db_blocker):
    """The demo region with its casework, loaded once for TestRegion (one transaction,
    rolled back after it: the tests outside the class start from an empty database); each test
    runs in its own savepoint, so what one changes is rolled back before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        stats = generator.load_demo(clients=CLIENTS, seed=11)
        assert stats is not None
        yield stats
        transaction.set_rollback(True)


def _active_ids() -> set[int]:
    return set(Client.objects.filter(status=ClientStatus.ACTIVE).values_list("id", flat=True))


def _network() -> dict[int, set[int]]:
    """client id → active network professionals (coordinator included)."""
    rows = NetworkMember.objects.filter(ended_at__isnull=True).values_list(
        "client_id", "professional_id"
    )
    network: dict[int, set[int]] = {}
    for client_id, professional_id in rows:
        network.setdefault(client_id, set()).add(professional_id)
    return network


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Assessment, DomainAssessment, Plan, Goal, Step, Meeting, MeetingParticipant,
            Agreement, NextContact, Handover,
        )
    )  # fmt: skip


class TestRegion:
    """The demo casework, loaded once for the class (see `region`)."""

    def test_most_active_clients_have_casework(self, region):
        active = _active_ids()
        assessed = set(Assessment.objects.values_list("client_id", flat=True))
        planned = set(Plan.objects.values_list("client_id", flat=True))
        met = set(
            Meeting.objects.filter(kind=MeetingKind.FIRST_JOINT, status=MeetingStatus.CLOSED)
            .values_list("client_id", flat=True)
        )  # fmt: skip
        assert assessed <= active and planned <= active
        assert len(assessed) > 0.7 * len(active)
        assert len(planned) > 0.7 * len(active)
        assert len(met) > 0.8 * len(active)
        assert Agreement.objects.count() > 2 * len(met)
        # Intake and closed clients get none of it.
        assert not Meeting.objects.exclude(client_id__in=active).exists()

    def test_some_clients_start_with_a_first_contact_then_the_network_call(self, region):
        """Seed 001: the municipality's worker (a work-ability coordinator, nurse or social worker)
        makes the first contact alone with the client, by phone or face to face; the network's
        first joint meeting follows by phone (the network call) with the client."""
        contacts = Meeting.objects.filter(kind=MeetingKind.FIRST_CONTACT).select_related(
            "organiser"
        )
        assert contacts.exists()
        municipal = set(casework.FIRST_CONTACT_PROFESSIONS)
        for contact in contacts:
            assert contact.status == MeetingStatus.CLOSED
            assert contact.organiser.profession in municipal
            assert contact.client_present and contact.mode in ("phone", "in_person")
            assert set(contact.participants.values_list("professional_id", flat=True)) <= {
                contact.organiser_id
            }
            first_joint = (
                Meeting.objects.filter(client_id=contact.client_id, kind=MeetingKind.FIRST_JOINT)
                .order_by("starts_at")
                .first()
            )
            assert first_joint is not None and first_joint.starts_at > contact.ends_at
            assert first_joint.mode == "phone" and first_joint.client_present
            # Nothing else came before the first contact.
            assert not Meeting.objects.filter(
                client_id=contact.client_id, starts_at__lt=contact.starts_at
            ).exists()
        # Only some clients: the others meet the network first.
        firsts = Meeting.objects.filter(kind=MeetingKind.FIRST_JOINT, status=MeetingStatus.CLOSED)
        assert contacts.count() < firsts.count()

    def test_assessments_are_versioned_with_every_domain(self, region):
        today = timezone.localdate()
        versions: dict[int, list[int]] = {}
        for client_id, version in Assessment.objects.order_by("client_id", "version").values_list(
            "client_id", "version"
        ):
            versions.setdefault(client_id, []).append(version)
        assert all(v == list(range(1, len(v) + 1)) for v in versions.values())
        assert max(len(v) for v in versions.values()) >= 2
        assert not Assessment.objects.filter(assessed_on__gt=today).exists()
        assert not Assessment.objects.filter(
            assessed_on__lt=today - dt.timedelta(days=366)
        ).exists()
        per_assessment = Counter(DomainAssessment.objects.values_list("assessment_id", flat=True))
        assert set(per_assessment.values()) == {len(Domain)}
        assert not DomainAssessment.objects.filter(client_status__isnull=True).exists()
        assert not DomainAssessment.objects.filter(professional_status__isnull=True).exists()
        assert not DomainAssessment.objects.filter(client_view="").exists()
        assert not DomainAssessment.objects.filter(professional_view="").exists()
        # The early-warning signposts have something to show: low scores, drops, long absence.
        series: dict[int, list[tuple[int, int]]] = {}
        for client_id, score, absence in Assessment.objects.order_by(
            "client_id", "version"
        ).values_list("client_id", "work_ability_score", "sickness_absence_days"):
            series.setdefault(client_id, []).append((score, absence))
        latest = [s[-1] for s in series.values()]
        assert all(0 <= score <= 10 for score, _a in latest)
        assert 0 < sum(score <= 5 for score, _a in latest) < len(latest)
        assert 0 < sum(absence >= 30 for _s, absence in latest) < len(latest)
        assert any(len(s) >= 2 and s[-2][0] - s[-1][0] >= 2 for s in series.values())

    def test_plans_have_goals_and_steps_owned_in_the_network(self, region):
        network = _network()
        today = timezone.localdate()
        assert not Plan.objects.filter(~Exists(Goal.objects.filter(plan=OuterRef("pk")))).exists()
        assert not Goal.objects.filter(~Exists(Step.objects.filter(goal=OuterRef("pk")))).exists()
        for client_id, responsible, organisation in Step.objects.filter(
            responsible__isnull=False
        ).values_list("goal__plan__client_id", "responsible_id", "organisation_id"):
            assert responsible in network[client_id]
            assert organisation == User.objects.get(pk=responsible).organisation_id
        assert Step.objects.filter(target_date__lt=today).exists()
        assert Step.objects.filter(target_date__gte=today).exists()
        assert set(Step.objects.values_list("status", flat=True)) >= {
            StepStatus.DONE,
            StepStatus.PLANNED,
            StepStatus.IN_PROGRESS,
        }
        assert Step.objects.filter(service_name="Työttömän terveystarkastus").exists() or (
            Step.objects.exclude(service_name="").exists()
        )

    def test_every_closed_meeting_has_agreements_and_a_next_contact(self, region):
        network = _network()
        org_of = dict(User.objects.values_list("id", "organisation_id"))
        closed = Meeting.objects.filter(status=MeetingStatus.CLOSED)
        assert closed.exists()
        assert not closed.filter(~Exists(Agreement.objects.filter(meeting=OuterRef("pk")))).exists()
        assert not closed.filter(next_contact__isnull=True).exists()
        assert not closed.filter(closed_at__isnull=True).exists()
        # Nothing is closed or done in the future; planned meetings are ahead.
        now = timezone.now()
        assert not closed.filter(closed_at__gt=now).exists()
        assert not Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__lt=now).exists()
        assert not NextContact.objects.filter(done_at__gt=now).exists()
        assert not Step.objects.filter(done_on__gt=timezone.localdate()).exists()
        # Only closed meetings carry agreements and next contacts.
        assert not Agreement.objects.exclude(meeting__status=MeetingStatus.CLOSED).exists()
        assert not NextContact.objects.exclude(meeting__status=MeetingStatus.CLOSED).exists()
        # Everyone at the table, every owner and contacter is in the client's network.
        participants: dict[int, set[int]] = {}
        for meeting_id, client_id, professional_id in MeetingParticipant.objects.values_list(
            "meeting_id", "meeting__client_id", "professional_id"
        ):
            assert professional_id in network[client_id]
            participants.setdefault(meeting_id, set()).add(professional_id)
        for meeting_id in closed.filter(kind=MeetingKind.FIRST_JOINT).values_list("id", flat=True):
            orgs = {org_of[p] for p in participants[meeting_id]}
            meeting = Meeting.objects.get(pk=meeting_id)
            # The network as it was at the meeting (later demo modules add members today).
            then = NetworkMember.objects.filter(
                client_id=meeting.client_id, started_at__lte=meeting.starts_at
            ).exclude(ended_at__lte=meeting.starts_at)
            orgs_then = {org_of[p] for p in then.values_list("professional_id", flat=True)}
            assert 2 <= len(orgs) <= 4 or len(orgs_then) == 1
        for client_id, owner in Agreement.objects.filter(owner__isnull=False).values_list(
            "client_id", "owner_id"
        ):
            assert owner in network[client_id]
        for client_id, contacter in NextContact.objects.filter(
            contact_by__isnull=False
        ).values_list("client_id", "contact_by_id"):
            assert contacter in network[client_id]
        assert Agreement.objects.filter(owner_is_client=True).exists()
        # Modes with their place or link.
        assert not Meeting.objects.filter(mode="in_person", place="").exists()
        assert not Meeting.objects.filter(mode="video", video_link="").exists()
        assert Meeting.objects.filter(
            status=MeetingStatus.PLANNED, starts_at__gt=timezone.now()
        ).exists()

    def test_realistic_states_for_the_worklists(self, region):
        today = timezone.localdate()
        active = _active_ids()
        with_future = set(
            NextContact.objects.filter(done_at__isnull=True, due_on__gte=today).values_list(
                "client_id", flat=True
            )
        )
        without = active - with_future
        assert 0.02 * len(active) <= len(without) <= 0.25 * len(active)
        overdue = set(
            Agreement.objects.filter(status=AgreementStatus.OPEN, due_on__lt=today).values_list(
                "client_id", flat=True
            )
        )
        assert 0.05 * len(active) <= len(overdue) <= 0.35 * len(active)
        assert Agreement.objects.filter(status=AgreementStatus.DONE).exists()
        assert not Agreement.objects.filter(
            status=AgreementStatus.DONE, done_at__isnull=True
        ).exists()
        assert not Agreement.objects.filter(done_at__gt=timezone.now()).exists()

        # The alert scan finds them.
        from polku.worklists.models import Alert
        from polku.worklists.scan import run_scan

        run_scan(today=today)
        rules = Counter(
            Alert.objects.filter(resolved_on__isnull=True).values_list("rule", flat=True)
        )
        assert rules["no_next_contact"] == len(without)
        assert rules["agreement_overdue"] > 0

    def test_demo_users_have_a_full_worklist(self, region):
        """Every client of a demo user gets casework, and the demo users own agreements."""
        demo_clients = set(
            NetworkMember.objects.filter(
                professional__is_demo=True,
                ended_at__isnull=True,
                client__status=ClientStatus.ACTIVE,
                client__created_at__lt=timezone.now() - dt.timedelta(days=30),
            ).values_list("client_id", flat=True)
        )
        assert demo_clients
        closed = set(
            Meeting.objects.filter(status=MeetingStatus.CLOSED).values_list("client_id", flat=True)
        )
        assert demo_clients <= closed
        assert Agreement.objects.filter(owner__is_demo=True, status=AgreementStatus.OPEN).exists()
        kela = User.objects.get(username="kela.asiantuntija")
        if NetworkMember.objects.filter(professional=kela, client_id__in=demo_clients).exists():
            assert MeetingParticipant.objects.filter(professional=kela).exists()

    def test_handovers_keep_the_coordinator_invariant(self, region):
        seats = Counter(
            NetworkMember.objects.filter(
                role=NetworkRole.COORDINATOR, ended_at__isnull=True
            ).values_list("client_id", flat=True)
        )
        assert all(seats[client_id] == 1 for client_id in _active_ids())
        coordinator = dict(
            NetworkMember.objects.filter(
                role=NetworkRole.COORDINATOR, ended_at__isnull=True
            ).values_list("client_id", "professional_id")
        )
        network = _network()
        # Accepted handovers (polku.demo.builders.handover): the seat went to the receiver at the
        # decision, after a closed joint meeting, and the giver's period as coordinator ended then.
        accepted = (
            Handover.objects.filter(status=HandoverStatus.ACCEPTED)
            .select_related("meeting")
            .order_by("decided_at")
        )
        assert accepted.exists()
        last_receiver = {h.client_id: h.to_professional_id for h in accepted}
        for handover in accepted:
            assert handover.meeting.status == MeetingStatus.CLOSED
            assert handover.meeting.starts_at < handover.decided_at <= timezone.now()
            assert NetworkMember.objects.filter(
                client_id=handover.client_id,
                professional_id=handover.from_coordinator_id,
                role=NetworkRole.COORDINATOR,
                ended_at=handover.decided_at,
            ).exists()
        assert all(coordinator[c] == p for c, p in last_receiver.items())
        open_per_client = (
            Handover.objects.filter(status=HandoverStatus.PROPOSED)
            .values("client_id")
            .annotate(n=Count("id"))
        )
        assert all(row["n"] == 1 for row in open_per_client)
        for handover in Handover.objects.exclude(status=HandoverStatus.ACCEPTED):
            assert handover.from_coordinator_id == coordinator[handover.client_id]
            assert handover.to_professional_id != handover.from_coordinator_id
            assert handover.to_professional_id in network[handover.client_id]
            assert handover.proposed_at <= timezone.now()
            decided = handover.status in (HandoverStatus.DECLINED, HandoverStatus.WITHDRAWN)
            assert decided == (handover.decided_at is not None)
        # At least one is waiting for a demo user.
        assert Handover.objects.filter(
            status=HandoverStatus.PROPOSED, to_professional__is_demo=True
        ).exists()

    def test_handovers_in_every_state_and_the_met_ones_can_be_accepted(self, region):
        from polku.handover import services as handovers

        states = set(Handover.objects.values_list("status", flat=True))
        assert states == {s.value for s in HandoverStatus}
        met = Handover.objects.filter(
            status=HandoverStatus.PROPOSED, meeting__status=MeetingStatus.CLOSED
        ).select_related("client", "to_professional")
        assert met.count() >= 3
        # A demo login finds a met handover waiting for their acceptance.
        assert met.filter(to_professional__is_demo=True).exists()
        for handover in met:
            # The leaving coordinator's open work is settled: the receiver only accepts.
            assert handovers.unsettled(handover) == []
        handover = met.first()
        handovers.accept_handover(
            client=handover.client, handover=handover, by=handover.to_professional
        )
        assert Handover.objects.get(pk=handover.pk).status == HandoverStatus.ACCEPTED

    def test_the_alert_scan_ran_so_the_team_view_shows_clients_at_risk(self, region):
        from polku.access import policy
        from polku.worklists import selectors
        from polku.worklists.models import Alert

        open_alerts = Alert.objects.filter(resolved_on__isnull=True)
        rules = set(open_alerts.values_list("rule", flat=True))
        assert {"agreement_overdue", "handover_pending"} <= rules
        manager = User.objects.get(username="palveluesimies")
        at_risk = selectors.at_risk(manager.organisation_id)
        assert at_risk.exists()
        caseload = selectors.caseload(manager.organisation_id)
        assert sum(row["open_alerts"] for row in caseload) > 0
        # Every open alert is on the worklist of someone who may see the client, or shown to the
        # team view (a client's coordinator is assigned). An overdue referral is escalated to the
        # receiving team's service manager, who reads it from the team's referral queue.
        from polku.referrals.models import Referral

        for alert in open_alerts.select_related("assigned_to")[:200]:
            assert alert.assigned_to is not None
            if alert.rule == "referral_overdue":
                manager_id = Referral.objects.values_list(
                    "team__service_manager_id", flat=True
                ).get(pk=int(alert.subject.split(":")[1]))
                assert alert.assigned_to_id == manager_id
                continue
            assert (
                policy.can_see(alert.assigned_to, alert.client_id)
                or alert.rule == "owner_cannot_see"
            )
        # The demo orphans no work: every open agreement's owner sees the client.
        assert not open_alerts.filter(rule="owner_cannot_see").exists()
        # Each alert tells the day its problem began from the demo's own data, not the day of
        # the demo's one scan: never later than today, and most began days before it.
        today = timezone.localdate()
        assert not open_alerts.filter(since__isnull=True).exists()
        assert not open_alerts.filter(since__gt=today).exists()
        by_rule = {
            rule: (
                open_alerts.filter(rule=rule).count(),
                open_alerts.filter(rule=rule, since__lt=today).count(),
            )
            for rule in rules
        }
        for rule, (n, older) in by_rule.items():
            assert older > n // 2, (rule, n, older)

    def test_loading_twice_does_not_duplicate(self, region):
        before = _counts()
        assert before[0] > 0
        assert generator.load_demo(clients=CLIENTS, seed=11) is None
        assert casework.build_casework(seed=11).clients == 0
        assert _counts() == before

    def test_casework_is_deterministic(self, region):
        now = timezone.now()

        def fingerprint():
            return (
                _counts(),
                list(
                    Meeting.objects.order_by("client_id", "starts_at", "kind").values_list(
                        "client_id", "kind", "status", "starts_at"
                    )
                ),
                list(
                    Agreement.objects.order_by("client_id", "due_on", "what").values_list(
                        "client_id", "what", "due_on", "status"
                    )
                ),
            )

        def wipe():
            from polku.knots.models import Blocker, KnotOpening
            from polku.portal.models import Contribution

            Blocker.objects.update(agreement=None)
            for model in (
                KnotOpening, Contribution, Handover, NextContact, Agreement, MeetingParticipant,
                Meeting, Step, Goal, Plan, DomainAssessment, Assessment,
            ):  # fmt: skip
                model.objects.all().delete()

        wipe()
        first = casework.build_casework(seed=3, now=now)
        fp = fingerprint()
        wipe()
        again = casework.build_casework(seed=3, now=now)
        assert first == again
        assert fingerprint() == fp


def test_load_demo_command_reports_the_casework(settings):
    settings.POLKU_DEMO_MODE = True
    out = io.StringIO()
    call_command("load_demo", "--clients", "30", stdout=out)
    assert "Casework:" in out.getvalue()
    assert Meeting.objects.exists()
