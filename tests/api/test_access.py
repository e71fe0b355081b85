"""The access rule and the audit trail at the API: 404 outside the rule (never 403),
403 without a signed-in professional with the second factor, every read audited."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.audit.models import AuditEvent
from polku.clients import services
from tests.api.conftest import API, events, post_json
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(coordinator, client_record, kela):
    member = services.add_member(
        client=client_record, by=coordinator, professional=ProfessionalFactory(organisation=kela)
    )
    return {
        "client_id": client_record.pk,
        "consent_id": client_record.consents.get().pk,
        "member_id": member.pk,
    }


def client_urls(ids):
    """(method, url) of every client-data operation, each called with an empty body."""
    base = f"{API}/clients/{ids['client_id']}"
    return [
        ("get", f"{base}/"),
        ("patch", f"{base}/"),
        ("post", f"{base}/hetu/"),
        ("get", f"{base}/consents/"),
        ("post", f"{base}/consents/"),
        ("get", f"{base}/network/"),
        ("post", f"{base}/network/"),
        ("post", f"{base}/network/{ids['member_id']}/end/"),
        # Last: withdrawing the only consent ends the caller's access at once.
        ("post", f"{base}/consents/{ids['consent_id']}/withdraw/"),
    ]


def call(http, method, url):
    return getattr(http, method)(url, {}, content_type="application/json")


def assert_all_404(http, ids):
    for method, url in client_urls(ids):
        response = call(http, method, url)
        assert response.status_code == 404, f"{method.upper()} {url}"
        assert response.json() == {"detail": response.json()["detail"]}


def test_a_professional_outside_the_network_gets_404_everywhere(client, ids, kela):
    login(client, ProfessionalFactory(organisation=kela))  # same organisation, not a member
    assert_all_404(client, ids)


def test_a_member_whose_organisation_lacks_consent_gets_404(
    client, coordinator, client_record, ids
):
    health = OrganisationFactory(name="Työterveys", kind="health")
    doctor = ProfessionalFactory(organisation=health, profession="doctor")
    services.add_member(client=client_record, by=coordinator, professional=doctor)
    login(client, doctor)
    assert_all_404(client, ids)
    assert client.get(f"{API}/clients/").json()["count"] == 0


def test_a_member_after_consent_withdrawn_gets_404(
    client, coordinator, client_record, ids, municipality
):
    worker = ProfessionalFactory(organisation=municipality)
    consent = services.give_consent(
        client=client_record,
        by=coordinator,
        organisations=[municipality],
        purpose="coordination",
        given_how="in_person",
        valid_from=timezone.localdate() - dt.timedelta(days=1),
    )
    services.add_member(client=client_record, by=coordinator, professional=worker)
    login(client, worker)
    assert client.get(f"{API}/clients/{client_record.pk}/").status_code == 200

    services.withdraw_consent(consent=consent, by=coordinator)

    assert_all_404(client, ids)


def test_a_member_after_the_membership_ended_gets_404(
    client, coordinator, client_record, ids, kela
):
    nurse = ProfessionalFactory(organisation=kela, profession="nurse")
    member = services.add_member(client=client_record, by=coordinator, professional=nurse)
    services.end_membership(member=member, by=coordinator)
    login(client, nurse)
    assert_all_404(client, ids)


def test_the_404_outside_the_rule_equals_the_404_of_a_missing_client(client, ids, kela):
    login(client, ProfessionalFactory(organisation=kela))
    outside = client.get(f"{API}/clients/{ids['client_id']}/")
    missing = client.get(f"{API}/clients/999999/")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()


def test_a_404_writes_no_audit_event_for_the_client(client, ids, kela):
    outsider = ProfessionalFactory(organisation=kela)
    login(client, outsider)
    client.get(f"{API}/clients/{ids['client_id']}/")
    assert not AuditEvent.objects.filter(actor=outsider, client_id=ids["client_id"]).exists()


def test_writes_outside_the_rule_change_nothing(client, client_record, ids, kela):
    login(client, ProfessionalFactory(organisation=kela))
    response = client.patch(
        f"{API}/clients/{client_record.pk}/",
        {"last_name": "Muutettu"},
        content_type="application/json",
    )
    assert response.status_code == 404
    client_record.refresh_from_db()
    assert client_record.last_name == "Virtanen"


def test_a_colleague_in_the_network_under_consent_gets_in(client, coordinator, client_record, kela):
    nurse = ProfessionalFactory(organisation=kela, profession="nurse")
    services.add_member(client=client_record, by=coordinator, professional=nurse)
    login(client, nurse)
    assert client.get(f"{API}/clients/{client_record.pk}/").status_code == 200
    assert events(client_record, action="view", actor=nurse).count() == 1


def test_intake_client_is_visible_to_the_recorder_only(client, coordinator, kela):
    intake = make_client(coordinator=coordinator, with_consent=False)
    colleague = ProfessionalFactory(organisation=kela)
    services.add_member(client=intake, by=coordinator, professional=colleague)
    login(client, colleague)
    assert client.get(f"{API}/clients/{intake.pk}/").status_code == 404
    client.logout()
    login(client, coordinator)
    assert client.get(f"{API}/clients/{intake.pk}/").status_code == 200


# --- who may call the API at all ---------------------------------------------------------------


def test_anonymous_gets_403(client, ids):
    for method, url in [
        *client_urls(ids),
        ("get", f"{API}/clients/"),
        ("post", f"{API}/clients/"),
        ("get", f"{API}/organisations/"),
    ]:
        response = call(client, method, url)
        assert response.status_code == 403, f"{method.upper()} {url}"
    assert not AuditEvent.objects.filter(action__in=["view", "list"]).exists()


def test_password_without_second_factor_gets_403(client, coordinator, ids):
    client.force_login(coordinator)  # no verified OTP device in this session
    for method, url in [
        *client_urls(ids),
        ("get", f"{API}/clients/"),
        ("get", f"{API}/organisations/"),
    ]:
        response = call(client, method, url)
        assert response.status_code == 403, f"{method.upper()} {url}"
    assert not AuditEvent.objects.filter(action__in=["view", "list"]).exists()


def test_permission_class_checks_the_second_factor(rf, coordinator):
    from polku.api.permissions import IsVerifiedProfessional

    request = rf.get("/api/v1/clients/")
    request.user = coordinator
    coordinator.is_verified = lambda: False
    assert not IsVerifiedProfessional().has_permission(request, None)
    coordinator.is_verified = lambda: True
    assert IsVerifiedProfessional().has_permission(request, None)


def test_a_signed_in_user_who_is_not_a_professional_gets_403(client):
    plain = ProfessionalFactory(profession="", organisation=None)
    login(client, plain)
    assert client.get(f"{API}/clients/").status_code == 403
    assert client.get(f"{API}/organisations/").status_code == 403


def test_an_inactive_user_gets_403(rf, coordinator):
    from polku.api.permissions import IsVerifiedProfessional

    coordinator.is_active = False
    coordinator.is_verified = lambda: True
    request = rf.get("/api/v1/clients/")
    request.user = coordinator
    assert not IsVerifiedProfessional().has_permission(request, None)


# --- every read is audited ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "target"),
    [("/", "client"), ("/consents/", "consents"), ("/network/", "network")],
)
def test_every_read_writes_a_view_event(api, coordinator, client_record, path, target):
    before = events(client_record).count()
    response = api.get(f"{API}/clients/{client_record.pk}{path}")
    assert response.status_code == 200
    new = list(events(client_record)[before:])
    assert [(e.action, e.target) for e in new] == [("view", target)]
    assert new[0].actor_id == coordinator.pk
    assert new[0].purpose == "coordination"
    assert new[0].path == f"{API}/clients/{client_record.pk}{path}"


def test_every_client_operation_writes_an_event_for_the_client(api, coordinator, ids):
    for method, url in client_urls(ids):
        before = AuditEvent.objects.filter(client_id=ids["client_id"]).count()
        response = call(api, method, url)
        assert response.status_code < 500, f"{method.upper()} {url}"
        after = AuditEvent.objects.filter(client_id=ids["client_id"]).count()
        assert after > before, f"{method.upper()} {url} wrote no audit event"


def test_organisations_are_listed_for_professionals_without_audit(api, kela, municipality):
    before = AuditEvent.objects.count()
    response = api.get(f"{API}/organisations/")
    assert response.status_code == 200
    names = [row["name"] for row in response.json()["results"]]
    assert names == sorted(names)
    assert {kela.name, municipality.name} <= set(names)
    assert AuditEvent.objects.count() == before


def test_api_errors_are_json_with_a_detail(api):
    response = post_json(api, f"{API}/clients/999999/hetu/", {"purpose": "x"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]
