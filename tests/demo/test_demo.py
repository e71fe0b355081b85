"""The synthetic demo region keeps every invariant the real data keeps."""

import datetime as dt
import io
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from polku.access.policy import visible_clients
from polku.accounts.models import Organisation, OrganisationKind, Profession, User
from polku.clients import hetu
from polku.clients.models import (
    Client,
    ClientStatus,
    Consent,
    Language,
    NetworkMember,
    NetworkRole,
)
from polku.demo import generator

pytestmark = pytest.mark.django_db

CLIENTS = 60


@pytest.fixture(scope="class")
def region(django_db_setup, django_db_blocker):
    """The demo region, loaded once for TestRegion (one transaction, rolled back after
    it: the tests outside the class start from an empty database); each test runs in its own
    savepoint, so what one changes is rolled back before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        stats = generator.load_demo(clients=CLIENTS, seed=7)
        assert stats is not None
        yield stats
        transaction.set_rollback(True)


def _active_coordinators() -> dict[int, int]:
    """client id → professional id of the active coordinator seat."""
    rows = NetworkMember.objects.filter(role=NetworkRole.COORDINATOR, ended_at__isnull=True)
    return dict(rows.values_list("client_id", "professional_id"))


class TestRegion:
    """The demo region, loaded once for the class (see `region`)."""

    def test_the_region_has_the_requested_clients_in_every_status(self, region):
        assert Client.objects.count() == CLIENTS
        assert region.clients == CLIENTS
        assert set(Client.objects.values_list("status", flat=True)) <= set(ClientStatus.values)
        assert Client.objects.filter(status=ClientStatus.ACTIVE).count() > CLIENTS * 0.8

    def test_every_active_client_has_exactly_one_active_coordinator(self, region):
        per_client = Counter(
            NetworkMember.objects.filter(
                role=NetworkRole.COORDINATOR, ended_at__isnull=True
            ).values_list("client_id", flat=True)
        )
        active = set(Client.objects.filter(status=ClientStatus.ACTIVE).values_list("id", flat=True))
        assert active
        assert all(per_client[client_id] == 1 for client_id in active)
        # Intake clients have their recorder as coordinator, and nobody else.
        for client_id, created_by in Client.objects.filter(status=ClientStatus.INTAKE).values_list(
            "id", "created_by_id"
        ):
            rows = list(NetworkMember.objects.filter(client_id=client_id).values_list(
                "professional_id", "role", "ended_at"
            ))  # fmt: skip
            assert rows == [(created_by, NetworkRole.COORDINATOR, None)]
            assert not Consent.objects.filter(client_id=client_id).exists()

    def test_active_networks_are_one_to_four_members_besides_the_coordinator(self, region):
        counts = dict(
            NetworkMember.objects.filter(
                ended_at__isnull=True,
                role=NetworkRole.MEMBER,
                client__status=ClientStatus.ACTIVE,
            )
            .values("client_id")
            .annotate(n=Count("id"))
            .values_list("client_id", "n")
        )
        active = Client.objects.filter(status=ClientStatus.ACTIVE).values_list("id", flat=True)
        assert all(1 <= counts.get(client_id, 0) <= 4 for client_id in active)
        # Networks draw on several organisations.
        orgs = NetworkMember.objects.filter(ended_at__isnull=True).values_list(
            "professional__organisation_id", flat=True
        )
        assert len(set(orgs)) >= 10

    def test_active_clients_have_a_valid_consent_covering_the_coordinator(self, region):
        today = timezone.localdate()
        org_of = dict(User.objects.values_list("id", "organisation_id"))
        seats = _active_coordinators()
        for client_id in Client.objects.filter(status=ClientStatus.ACTIVE).values_list(
            "id", flat=True
        ):
            coordinator_org = org_of[seats[client_id]]
            assert (
                Consent.objects.valid_on(today)
                .filter(client_id=client_id, organisations=coordinator_org)
                .exists()
            ), client_id

    def test_coordinators_and_members_see_their_clients_through_the_access_rule(self, region):
        seats = _active_coordinators()
        by_coordinator: dict[int, set[int]] = {}
        for client_id, professional_id in seats.items():
            by_coordinator.setdefault(professional_id, set()).add(client_id)
        open_clients = set(
            Client.objects.exclude(status=ClientStatus.CLOSED).values_list("id", flat=True)
        )
        for user in User.objects.filter(pk__in=by_coordinator):
            visible = set(visible_clients(user).values_list("id", flat=True))
            assert by_coordinator[user.pk] & open_clients <= visible
        # Every active member of an active client sees the client too.
        members = NetworkMember.objects.filter(
            ended_at__isnull=True, client__status=ClientStatus.ACTIVE
        ).values_list("professional_id", "client_id")
        by_member: dict[int, set[int]] = {}
        for professional_id, client_id in members:
            by_member.setdefault(professional_id, set()).add(client_id)
        for user in User.objects.filter(pk__in=by_member):
            assert by_member[user.pk] <= set(visible_clients(user).values_list("id", flat=True))
        # Closed clients are seen by nobody: every membership ended.
        assert not NetworkMember.objects.filter(
            client__status=ClientStatus.CLOSED, ended_at__isnull=True
        ).exists()

    def test_history_rows_are_in_order(self, region):
        assert not NetworkMember.objects.filter(ended_at__lt=F("started_at")).exists()
        assert NetworkMember.objects.filter(ended_at__isnull=False).exists()
        assert not Consent.objects.filter(valid_until__lt=F("valid_from")).exists()
        assert not Consent.objects.filter(valid_from__gt=timezone.localdate()).exists()
        assert not Consent.objects.filter(
            withdrawn_at__isnull=False, withdrawn_by__isnull=True
        ).exists()

    def test_every_hetu_is_valid_unique_and_in_the_test_range(self, region):
        rows = list(
            Client.objects.values_list("hetu_encrypted", "hetu_hash", "hetu_masked", "birth_date")
        )
        assert len({row[1] for row in rows}) == len(rows)
        for encrypted, _hash, masked, birth_date in rows:
            client = Client(hetu_encrypted=encrypted)
            parsed = hetu.parse(client.reveal_hetu())
            assert 900 <= parsed.individual_number <= 999
            assert parsed.is_temporary
            assert parsed.birth_date == birth_date
            assert dt.date(1960, 1, 1) <= birth_date <= dt.date(2006, 12, 31)
            assert masked == parsed.masked

    def test_every_organisation_kind_and_profession_is_present(self, region):
        assert 15 <= Organisation.objects.count() <= 25
        kinds = set(Organisation.objects.values_list("kind", flat=True))
        assert kinds == set(OrganisationKind.values)
        assert not Organisation.objects.filter(
            kind=OrganisationKind.NGO, is_public_authority=True
        ).exists()
        public_kinds = [k for k in OrganisationKind.values if k not in ("ngo", "other")]
        assert not Organisation.objects.filter(
            kind__in=public_kinds, is_public_authority=False
        ).exists()
        professionals = User.objects.exclude(profession="")
        assert professionals.count() >= 60
        assert set(professionals.values_list("profession", flat=True)) == set(Profession.values)
        usernames = list(User.objects.values_list("username", flat=True))
        assert all(name.isascii() and name == name.lower() for name in usernames)
        # Kela experts work at Kela, nurses and doctors in health care.
        assert set(
            professionals.filter(profession=Profession.KELA_BENEFIT_EXPERT).values_list(
                "organisation__kind", flat=True
            )
        ) == {OrganisationKind.KELA}
        assert set(
            professionals.filter(profession__in=[Profession.NURSE, Profession.DOCTOR]).values_list(
                "organisation__kind", flat=True
            )
        ) == {OrganisationKind.HEALTH}

    def test_demo_users_exist_with_the_known_password(self, region):
        users = {
            u.username: u
            for u in User.objects.filter(username__in=generator.DEMO_USERNAMES).select_related(
                "organisation"
            )
        }
        assert set(users) == set(generator.DEMO_USERNAMES)
        for user in users.values():
            assert user.is_demo
            assert user.is_professional
            assert user.check_password(generator.DEMO_PASSWORD)
        assert users["admin"].is_staff and users["admin"].is_superuser
        assert users["kela.asiantuntija"].organisation.kind == OrganisationKind.KELA
        assert users["turvakoti.ohjaaja"].organisation.kind == OrganisationKind.NGO
        # Capability demos (polku.demo.extensions) may add their own logins: DEMO_USERNAMES.
        from polku.demo import extensions

        extra = {n for m in extensions.modules() for n in getattr(m, "DEMO_USERNAMES", ())}
        assert User.objects.filter(is_demo=True).count() == len(
            set(generator.DEMO_USERNAMES) | extra
        )
        rows = {row.username: row for row in generator.demo_user_rows()}
        assert rows["kela.asiantuntija"].clients > 0
        assert rows["tyokyky.koordinaattori"].clients > 0
        table = generator.format_demo_users(list(rows.values()))
        assert "kela.asiantuntija" in table and generator.DEMO_PASSWORD in table

    def test_loading_twice_does_not_duplicate(self, region):
        def counts():
            return (
                Organisation.objects.count(),
                User.objects.count(),
                Client.objects.count(),
                NetworkMember.objects.count(),
                Consent.objects.count(),
            )

        before = counts()
        assert generator.load_demo(clients=CLIENTS, seed=7) is None
        assert counts() == before

    def test_planning_is_deterministic_and_realistic(self, region):
        now = timezone.now()
        staff = generator.load_staff()

        def plans(seed, n):
            gen = generator.ClientGenerator(staff, rng=random.Random(seed), now=now)
            return [gen.plan() for _ in range(n)]

        first = [(p.client.full_name, p.client.hetu_hash, p.status) for p in plans(1, 50)]
        again = [(p.client.full_name, p.client.hetu_hash, p.status) for p in plans(1, 50)]
        assert first == again

        many = [p.client for p in plans(2, 3000)]
        languages = Counter(c.preferred_language for c in many)
        assert languages[Language.FINNISH] > 0.8 * len(many)
        assert 0.03 * len(many) < languages[Language.SWEDISH] < 0.15 * len(many)
        assert languages[Language.ENGLISH] > 0
        assert any(c.needs_interpreter and c.interpreter_language for c in many)
        assert not any(c.interpreter_language and not c.needs_interpreter for c in many)
        without_credentials = sum(not c.has_online_credentials for c in many)
        assert 0.08 * len(many) < without_credentials < 0.25 * len(many)
        assert any(c.has_online_credentials and not c.can_read_kela_messages for c in many)
        assert all(c.email.endswith("@example.fi") for c in many if c.email)
        assert len({c.hetu_hash for c in many}) == len(many)


def test_load_demo_command_refuses_outside_demo_mode_and_prints_the_users(settings):
    settings.POLKU_DEMO_MODE = False
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", "--clients", "10")
    assert not Client.objects.exists()

    settings.POLKU_DEMO_MODE = True
    out = io.StringIO()
    call_command("load_demo", "--clients", "20", stdout=out)
    text = out.getvalue()
    assert Client.objects.count() == 20
    assert "http://127.0.0.1:8000/" in text
    assert "second factor" in text
    for username in generator.DEMO_USERNAMES:
        assert username in text

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Client.objects.count() == 20


def test_build_benchmark_data_tops_up_to_the_target(settings):
    settings.POLKU_DEMO_MODE = True
    out = io.StringIO()
    call_command("build_benchmark_data", "--clients", "40", "--batch-size", "15", stdout=out)
    assert Client.objects.count() == 40
    assert "40 / 40" in out.getvalue()
    call_command("build_benchmark_data", "--clients", "40", stdout=io.StringIO())
    assert Client.objects.count() == 40
    call_command("build_benchmark_data", "--clients", "55", stdout=io.StringIO())
    assert Client.objects.count() == 55
    assert len(set(Client.objects.values_list("hetu_hash", flat=True))) == 55
