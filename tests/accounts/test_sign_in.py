import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client as HttpClient
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.accounts import enrolment
from polku.audit.models import AuditEvent
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db
PASSWORD = "salasana-testi-123"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _password_step(http, user, next_url="/"):
    return http.post(
        f"/accounts/login/?next={next_url}", {"username": user.username, "password": PASSWORD}
    )


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_first_sign_in_needs_an_enrolment_link_then_lets_in(client, coordinator):
    response = _password_step(client, coordinator)
    assert response.status_code == 302
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/authenticator/")
    assert "<svg" not in response.content.decode()  # the password alone enrols nothing
    _link, path = enrolment.create_link(coordinator)
    assert "<svg" in client.post(path, {"password": PASSWORD}).content.decode()  # the QR code
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert client.post(path, {"token": "000000"}).status_code == 200
    response = client.post(path, {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_wrong_code_keeps_the_door_shut(client, coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    _password_step(client, coordinator)
    response = client.post("/accounts/login/verify/", {"token": "123456"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302
    response = client.post("/accounts/login/verify/", {"token": _code(device), "next": "/"})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_codes_slow_down_further_attempts(client, coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    _password_step(client, coordinator)
    client.post("/accounts/login/verify/", {"token": "123456"})
    response = client.post("/accounts/login/verify/", {"token": _code(device)})
    assert response.status_code == 200  # the right code, but too soon after a wrong one
    assert client.get("/").status_code == 302


def test_the_api_refuses_a_session_without_the_second_factor(client, coordinator):
    _password_step(client, coordinator)
    assert client.get("/api/v1/clients/").status_code == 403


def test_failed_sign_ins_are_throttled_and_audited(client, coordinator):
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"username": coordinator.username, "password": "wrong"}
        )
    assert response.status_code == 429
    # even the right password is refused while locked out
    response = client.post(
        "/accounts/login/", {"username": coordinator.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action="login_failed").count() >= 5


def test_changing_the_password_signs_out_every_other_session(coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    sessions = [HttpClient(), HttpClient()]
    for http in sessions:
        _password_step(http, coordinator)
        http.post("/accounts/login/verify/", {"token": _code(device)})
        device.refresh_from_db()
        device.last_t = -1  # allow the same time step again in this test
        device.save()
        assert http.get("/").status_code == 200
    this, other = sessions
    response = this.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "uusi-pitkä-salasana-42",
            "new_password2": "uusi-pitkä-salasana-42",
        },
    )
    assert response.status_code == 302
    assert this.get("/").status_code == 200
    assert other.get("/")["Location"].startswith("/accounts/login/")


@override_settings(POLKU_DEMO_MODE=True)
def test_demo_users_skip_the_second_factor_only_in_demo_mode(client, kela):
    demo = ProfessionalFactory(organisation=kela, is_demo=True)
    real = ProfessionalFactory(organisation=kela)
    page = client.get("/accounts/login/").content.decode()
    assert "Demo" in page or "demo" in page
    _password_step(client, demo)
    assert client.get("/").status_code == 200
    client.logout()
    _password_step(client, real)
    assert client.get("/").status_code == 302


def test_demo_users_need_the_second_factor_outside_demo_mode(client, kela):
    demo = ProfessionalFactory(organisation=kela, is_demo=True)
    _password_step(client, demo)
    assert client.get("/").status_code == 302


def test_sign_in_and_out_are_audited(client, coordinator):
    _password_step(client, coordinator)
    client.post("/accounts/logout/")
    actions = list(AuditEvent.objects.filter(actor=coordinator).values_list("action", flat=True))
    assert actions == ["login", "logout"]
