"""Sign-in: password (throttled by django-axes), then the second factor (TOTP)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.audit import services as audit
from polku.audit.models import Action
from polku.core.http import SignedInRequest
from polku.core.navigation import landing_url

from . import enrolment, throttle, totp
from .client_ip import client_ip
from .forms import EnrolPasswordForm, TokenForm
from .middleware import second_factor_done


def _limit(scope: str, limit: int) -> throttle.Limit:
    return throttle.Limit(scope, limit, settings.AXES_COOLOFF_TIME)


class LoginView(auth_views.LoginView):
    """The password step. Besides django-axes (AXES_FAILURE_LIMIT wrong passwords for one
    user name from one address), failed sign-ins are limited per client address across all
    user names and per user name across all addresses (polku.accounts.throttle: shared by
    every process, counted before the password is checked)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        # The site's front page as `next` (where signing in starts from) means no page asked
        # for: the role's main page instead (navigation.landing_url).
        url = super().get_redirect_url(request)
        return "" if url == _home() else url

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", "")).strip().lower()[:150]
        attempt = throttle.reserve(
            (
                _limit("login-address", settings.POLKU_FAILED_SIGN_INS_PER_ADDRESS),
                client_ip(request),
            ),
            (_limit("login-account", settings.POLKU_FAILED_SIGN_INS_PER_ACCOUNT), username),
        )
        if not attempt.allowed:
            audit.record(
                actor=None,
                action=Action.LOGIN_FAILED,
                request=request,
                target="session",
                details={"username": username, "refused": "limit"},
            )
            return render(request, "accounts/locked_out.html", {"by_limit": True}, status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            attempt.release()
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password ends every other session of the user (Django's session auth
    hash changes); this session stays signed in."""

    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        return landing_url(self.request.user)

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request, _("Your password was changed. Your other sessions were signed out.")
        )
        return response


def _home() -> str:
    return str(reverse_lazy(settings.LOGIN_REDIRECT_URL))


def _next_url(request: SignedInRequest) -> str:
    """The page asked for, or the main page of the user's role (navigation.landing_url) when
    none was asked for or only the site's front page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate != _home() and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, request.is_secure()
    ):
        return candidate
    return landing_url(request.user)


@login_required
@sensitive_post_parameters("token")
def verify(request: SignedInRequest) -> HttpResponse:
    if second_factor_done(request):
        return redirect(_next_url(request))
    device = totp.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:totp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _data = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Wait a moment and try again."))
        elif device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        else:
            form.add_error("token", _("The code is not correct or has expired."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def totp_setup(request: SignedInRequest) -> HttpResponse:
    """A signed-in professional without an authenticator: the password alone does not enrol
    one. The page says to ask the administrator for an enrolment link (no form)."""
    if totp.confirmed_device(request.user) is not None:
        return redirect("accounts:verify")
    return render(request, "accounts/ask_for_link.html")


_ENROL_SESSION_KEY = "polku_enrolment"


@sensitive_post_parameters("password", "token")
def enrol(request: HttpRequest, token: str) -> HttpResponse:
    """Enrolment by an administrator's one-time link: the password first, then the QR code
    and the key, confirmed with a code. Only a confirmed code uses the link up."""
    link = enrolment.find_valid(token)
    if link is None:
        enrolment.record_failure(request, "invalid_or_expired")
        request.session.pop(_ENROL_SESSION_KEY, None)
        return render(request, "accounts/enrol_invalid.html", status=404)
    user = link.user
    state = request.session.get(_ENROL_SESSION_KEY) or {}
    device = None
    if state.get("link") == link.pk:
        device = TOTPDevice.objects.filter(
            pk=state.get("device"), user=user, confirmed=False
        ).first()
    if device is None:
        form = EnrolPasswordForm(request.POST if "password" in request.POST else None)
        if form.is_bound and form.is_valid():
            authenticated = authenticate(
                request, username=user.username, password=form.cleaned_data["password"]
            )
            if authenticated is not None and authenticated.pk == user.pk:
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
                request.session[_ENROL_SESSION_KEY] = {"link": link.pk, "device": device.pk}
                return _enrol_code_page(request, device, TokenForm())
            enrolment.record_failure(request, "password", link)
            form.add_error("password", _("The password is not correct."))
        return render(request, "accounts/enrol_password.html", {"form": form, "person": user})
    code_form = TokenForm(request.POST if "token" in request.POST else None)
    if code_form.is_bound and code_form.is_valid():
        if device.verify_token(code_form.cleaned_data["token"]) and enrolment.use(link, request):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # The new authenticator replaces any earlier one (a lost or changed phone).
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            request.session.pop(_ENROL_SESSION_KEY, None)
            login(request, user, backend="polku.access.backends.UserBackend")
            otp_login(request, device)
            messages.success(request, _("The second factor is now in use."))
            return redirect(landing_url(user))
        enrolment.record_failure(request, "code", link)
        code_form.add_error("token", _("The code is not correct. Check the time on your phone."))
    return _enrol_code_page(request, device, code_form)


def _enrol_code_page(request: HttpRequest, device: TOTPDevice, form: TokenForm) -> HttpResponse:
    context = {
        "form": form,
        "qr_svg": totp.provisioning_qr_svg(device),
        "secret": totp.secret_for_manual_entry(device),
    }
    return render(request, "accounts/totp_setup.html", context)
