"""The first authenticator is enrolled only through an administrator's one-time link
(issue #18, finding 16): the link proves the channel, the password the person."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.accounts import enrolment
from polku.accounts.models import EnrolmentLink
from polku.audit.models import AuditEvent
from tests.conftest import login
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db
PASSWORD = "salasana-testi-123"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _events(reason: str) -> int:
    return AuditEvent.objects.filter(action="login_failed", details__refused=reason).count()


def test_password_alone_shows_no_enrolment_form(client, coordinator):
    client.post("/accounts/login/", {"username": coordinator.username, "password": PASSWORD})
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/authenticator/")
    page = response.content.decode()
    assert "Pyydä ylläpitäjältä" in page  # Finnish by default
    assert "<svg" not in page
    assert 'name="token"' not in page
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    response = client.post("/accounts/login/authenticator/", {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert client.get("/").status_code == 302


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_enrolment_by_link_password_then_code(client, coordinator):
    out = StringIO()
    call_command("enrolment_link", coordinator.username, stdout=out)
    path = re.search(r"/accounts/enrol/\S+/", out.getvalue()).group(0)
    link = EnrolmentLink.objects.get(user=coordinator)
    assert path.split("/")[-2] not in link.token_hash  # only the hash is stored
    assert AuditEvent.objects.filter(action="create", target=f"enrolment_link:{link.pk}").exists()

    page = client.get(path).content.decode()
    assert 'name="password"' in page and "<svg" not in page
    response = client.post(path, {"password": "väärä"})
    assert "<svg" not in response.content.decode()
    assert _events("password") == 1
    page = client.post(path, {"password": PASSWORD}).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    client.post(path, {"token": "000000"})
    assert _events("code") == 1
    response = client.post(path, {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200  # signed in with both factors
    link.refresh_from_db()
    assert link.used_at is not None
    assert AuditEvent.objects.filter(action="update", target=f"enrolment_link:{link.pk}").exists()

    other = Client()
    assert other.get(path).status_code == 404  # single use
    assert _events("invalid_or_expired") == 1


def test_expired_or_unknown_links_do_not_work(client, coordinator, settings):
    settings.POLKU_ENROLMENT_LINK_HOURS = 72
    link, path = enrolment.create_link(coordinator)
    assert link.expires_at - link.created_at == timedelta(hours=72)
    EnrolmentLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    response = client.get(path)
    assert response.status_code == 404
    assert "ylläpitäjältä uusi" in response.content.decode()
    assert client.get("/accounts/enrol/arvattu-tunniste/").status_code == 404
    assert _events("invalid_or_expired") == 2


def test_the_link_is_bound_to_its_user(client, coordinator, kela):
    someone = ProfessionalFactory(organisation=kela)
    someone.set_password("toisen-oma-salasana-456")
    someone.save()
    _link, path = enrolment.create_link(coordinator)
    # Someone else's password does not open the link: it is checked against its own user.
    response = client.post(path, {"password": "toisen-oma-salasana-456"})
    assert "<svg" not in response.content.decode()
    assert not TOTPDevice.objects.exists()
    response = client.post(path, {"password": PASSWORD})
    assert "<svg" in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=False).count() == 1


def test_a_new_link_retires_the_earlier_one(client, coordinator):
    _first, first_path = enrolment.create_link(coordinator)
    enrolment.create_link(coordinator)
    assert client.get(first_path).status_code == 404


def test_admin_action_makes_a_link(client, coordinator, kela):
    administrator = ProfessionalFactory(
        organisation=kela, profession="administrator", is_staff=True, is_superuser=True
    )
    response = login(client, administrator).post(
        "/admin/accounts/user/",
        {"action": "make_enrolment_link", "_selected_action": [coordinator.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert EnrolmentLink.objects.filter(user=coordinator).count() == 1
    link = EnrolmentLink.objects.get(user=coordinator)
    assert link.created_by == administrator
    assert "/accounts/enrol/" in response.content.decode()
    assert "/accounts/enrol/" not in str(response.cookies)  # shown on the page, not stored
    assert AuditEvent.objects.filter(
        actor=administrator, action="create", target=f"enrolment_link:{link.pk}"
    ).exists()
