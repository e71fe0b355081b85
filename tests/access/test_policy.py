import datetime as dt

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from polku.access import policy
from polku.accounts.models import User
from polku.clients import services
from tests.factories import ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db


def _consent(client, by, orgs, start, end=None):
    return services.give_consent(
        client=client,
        by=by,
        organisations=orgs,
        purpose="benefits",
        given_how="phone",
        valid_from=start,
        valid_until=end,
    )


@pytest.fixture
def colleague(municipality, coordinator, client_record):
    person = ProfessionalFactory(organisation=municipality)
    services.add_member(client=client_record, by=coordinator, professional=person)
    return person


def test_consent_not_yet_valid_does_not_open_access(
    colleague, coordinator, client_record, municipality
):
    _consent(
        client_record, coordinator, [municipality], timezone.localdate() + dt.timedelta(days=1)
    )
    assert not policy.can_see(colleague, client_record.pk)
    assert policy.visible_clients(
        colleague, on=timezone.localdate() + dt.timedelta(days=1)
    ).exists()


def test_expired_consent_does_not_open_access(colleague, coordinator, client_record, municipality):
    _consent(
        client_record,
        coordinator,
        [municipality],
        timezone.localdate() - dt.timedelta(days=10),
        timezone.localdate() - dt.timedelta(days=1),
    )
    assert not policy.can_see(colleague, client_record.pk)


def test_consent_valid_through_its_last_day(colleague, coordinator, client_record, municipality):
    _consent(
        client_record,
        coordinator,
        [municipality],
        timezone.localdate() - dt.timedelta(days=10),
        timezone.localdate(),
    )
    assert policy.can_see(colleague, client_record.pk)


def test_intake_client_is_visible_only_to_the_recorder(coordinator, kela):
    intake = make_client(coordinator=coordinator, with_consent=False)
    assert intake.status == "intake"
    assert policy.can_see(coordinator, intake.pk)
    colleague = ProfessionalFactory(organisation=kela)
    services.add_member(client=intake, by=coordinator, professional=colleague)
    assert not policy.can_see(colleague, intake.pk)


def test_intake_visibility_ends_when_the_only_consent_is_withdrawn(coordinator, kela):
    intake = make_client(coordinator=coordinator, with_consent=False)
    consent = _consent(intake, coordinator, [kela], timezone.localdate())
    services.withdraw_consent(consent=consent, by=coordinator)
    assert not policy.can_see(coordinator, intake.pk)


def test_inactive_or_non_professional_users_see_nothing(coordinator, client_record):
    User.objects.filter(pk=coordinator.pk).update(is_active=False)
    coordinator.refresh_from_db()
    assert not policy.visible_clients(coordinator).exists()
    plain = User.objects.create_user("plain", password="x" * 12)
    assert not policy.visible_clients(plain).exists()


def test_client_for_answers_404_for_nonsense_ids(coordinator):
    request = RequestFactory().get("/")
    request.user = coordinator
    for bad in ("abc", None, 10**12):
        with pytest.raises(Http404):
            policy.client_for(request, bad)


def test_visible_clients_is_one_query(coordinator, django_assert_num_queries):
    for _ in range(5):
        make_client(coordinator=coordinator)
    with django_assert_num_queries(1):
        assert len(list(policy.visible_clients(coordinator))) == 5


def test_the_compiled_rule_gives_the_same_clients(
    colleague, coordinator, client_record, municipality
):
    """policy.compiled: the rule's SQL compiled once (the worklist) decides the same."""
    from polku.clients.models import Client

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    _consent(client_record, coordinator, [municipality], tomorrow)
    for user, day, seen in [
        (coordinator, None, [client_record]),
        (colleague, None, []),  # the consent covering the municipality starts tomorrow
        (colleague, tomorrow, [client_record]),
    ]:
        rule = Client.objects.visible_to(user, on=day)
        assert list(rule) == seen
        assert list(policy.compiled(rule)) == seen
        assert list(policy.compiled(rule).filter(pk=client_record.pk)) == seen
