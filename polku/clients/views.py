"""Client pages. Thin: every client comes through polku.access.policy (which audits it), and
every change through polku.clients.services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from polku.access import policy, resolver
from polku.accounts.models import User
from polku.audit.models import Action
from polku.core import hooks
from polku.core.forms import apply_service_errors as _apply_errors
from polku.core.formviews import handle_form
from polku.core.http import SignedInRequest
from polku.core.locking import StaleEdit
from polku.core.navigation import landing_url

from . import selectors, services
from .forms import (
    AccessDecisionForm,
    AddMemberForm,
    ClientEditForm,
    ConsentForm,
    NewClientForm,
    RevealHetuForm,
    SearchForm,
    WithdrawConsentForm,
)
from .models import Client, NetworkMember

PAGE_SIZE = 25


def _back_url(request: SignedInRequest, client: Client) -> str:
    """To the client's page, or to my clients if the change just ended my access."""
    if policy.can_see(request.user, client.pk):
        return reverse("clients:detail", args=[client.pk])
    return reverse("clients:my_clients")


@login_required
def my_clients(request: SignedInRequest) -> HttpResponse:
    if not resolver.works_with_clients(request.user):
        # The site's front page: those without clients of their own go to their role's page.
        return redirect(landing_url(request.user))
    form = SearchForm(request.GET or None)
    clients = selectors.with_coordinator(Client.objects.visible_to(request.user))
    text = ""
    if form.is_valid():
        text = form.cleaned_data["q"]
        clients = selectors.search(clients, text, services.find_by_hetu_hash(text))
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    policy.audit_listed(request, page, action=Action.SEARCH if text else Action.LIST)
    # Only the count and the clients' ids (no names): each opens through the access rule.
    waiting = list(services.access_requests_for_coordinator(request.user))
    return render(
        request,
        "clients/my_clients.html",
        {"form": form, "page": page, "query": text, "access_requests": waiting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def client_new(request: SignedInRequest) -> HttpResponse:
    if not resolver.can_record_client(request.user):
        raise PermissionDenied
    form = NewClientForm(request.POST or None)
    consent_form = ConsentForm(request.POST or None, prefix="consent")
    give_now = request.POST.get("give_consent") == "on"
    # The same answer whether or not the person is a client already (finding 2 of issue 18):
    # a match becomes an access request to the client's coordinator.
    if response := handle_form(
        request,
        form,
        lambda: services.record_or_request(
            by=request.user,
            hetu=form.cleaned_data["hetu"],
            data={k: v for k, v in form.cleaned_data.items() if k != "hetu"},
            consent=consent_form.service_arguments() if give_now else None,
            request=request,
        ),
        also=[consent_form] if give_now else [],
        success_url=reverse("clients:my_clients"),
        message=services.recorded_message(),
        creates=True,
    ):
        return response
    return render(
        request,
        "clients/client_new.html",
        {"form": form, "consent_form": consent_form, "give_consent": give_now},
    )


@login_required
def client_detail(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id)
    consents = list(selectors.consents(client))
    # The network, its history and whether I coordinate from the client's memberships, read
    # once (the sections' coordinator periods and seat come from the same rows).
    coordinating = selectors.coordinator_id(client) == request.user.pk
    context = {
        "client": client,
        "network": selectors.active_members(client),
        "network_history": selectors.ended_members(client),
        "consents": consents,
        "reveal_form": RevealHetuForm(),
        "access_requests": list(services.pending_access_requests(client)) if coordinating else [],
        **hooks.client_section_context(request, client),
    }
    return render(request, "clients/client_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id)
    form = ClientEditForm(request.POST or None, instance=client)
    theirs: list[tuple[str, object]] = []

    def show_errors(form: ClientEditForm, error: ValidationError) -> None:
        if not isinstance(error, StaleEdit):
            _apply_errors(form, error)
            return
        # Keep what the user typed; show what was saved meanwhile, and let a second save
        # (now from the current version) replace it knowingly.
        stored = type(client).objects.get(pk=client.pk)
        theirs.extend(
            (str(form.fields[name].label), _shown(stored, name))
            for name in form.changed_fields_against(stored)
        )
        form.add_error(None, error)
        form.add_error(
            None,
            _(
                "Your input is kept below. Check the details saved meanwhile; if you save "
                "again, your input replaces them."
            ),
        )
        typed = request.POST.copy()  # the form's data, made mutable
        typed["version"] = str(stored.version)
        form.data = typed

    if response := handle_form(
        request,
        form,
        lambda: services.update_client(
            client=client,
            by=request.user,
            data=form.cleaned_data,
            expected_version=form.cleaned_data["version"],
            request=request,
        ),
        success_url=reverse("clients:detail", args=[client.pk]),
        message=_("The client's details were saved."),
        on_error=show_errors,
    ):
        return response
    return render(
        request, "clients/client_edit.html", {"client": client, "form": form, "theirs": theirs}
    )


def _shown(client: Client, name: str) -> object:
    display = getattr(client, f"get_{name}_display", None)
    value = display() if display else getattr(client, name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value or "–"


def _is_coordinator(user: User, client: Client) -> bool:
    return NetworkMember.objects.coordinators().includes(client, user)


@login_required
@require_http_methods(["GET", "POST"])
def access_request_decide(
    request: SignedInRequest, client_id: int, request_id: int
) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"access_request:{int(request_id)}")
    if not _is_coordinator(request.user, client):
        raise PermissionDenied(_("Only the client's personal coordinator can decide this."))
    access_request = get_object_or_404(services.pending_access_requests(client), pk=request_id)
    form = AccessDecisionForm(request.POST or None)

    def grant() -> bool:
        return form.cleaned_data["decision"] == AccessDecisionForm.GRANT

    if response := handle_form(
        request,
        form,
        lambda: services.decide_access_request(
            access_request=access_request,
            by=request.user,
            grant=grant(),
            note=form.cleaned_data["note"],
            request=request,
        ),
        success_url=reverse("clients:detail", args=[client.pk]),
        message=lambda _decided: (
            _("The professional was added to the network.")
            if grant()
            else _("The request was declined.")
        ),
    ):
        return response
    asker = access_request.requested_by
    return render(
        request,
        "clients/access_request_decide.html",
        {
            "client": client,
            "access_request": access_request,
            "asker": asker,
            "covered": services.consent_covers(client, asker.organisation_id),
            "form": form,
        },
    )


@login_required
@require_http_methods(["POST"])
def reveal_hetu(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id)
    form = RevealHetuForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you need the full personal identity code."))
        return redirect("clients:detail", client_id=client.pk)
    full = services.reveal_hetu(
        client=client, by=request.user, purpose=form.cleaned_data["purpose"], request=request
    )
    return render(request, "clients/hetu_revealed.html", {"client": client, "hetu": full})


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id)
    form = ConsentForm(request.POST or None)
    if response := handle_form(
        request,
        form,
        lambda: services.give_consent(
            client=client, by=request.user, request=request, **form.service_arguments()
        ),
        success_url=reverse("clients:detail", args=[client.pk]),
        message=_("The consent was recorded."),
        creates=True,
    ):
        return response
    return render(request, "clients/consent_form.html", {"client": client, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: SignedInRequest, client_id: int, consent_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id)
    consent = get_object_or_404(selectors.consents(client), pk=consent_id)
    form = WithdrawConsentForm(request.POST or None)
    if response := handle_form(
        request,
        form,
        lambda: services.withdraw_consent(
            consent=consent,
            by=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        ),
        success_url=lambda _consent: _back_url(request, client),
        message=_("The consent was withdrawn. It no longer applies."),
    ):
        return response
    return render(
        request,
        "clients/consent_withdraw.html",
        {"client": client, "consent": consent, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id)
    form = AddMemberForm(request.POST or None, client=client)
    if response := handle_form(
        request,
        form,
        lambda: services.add_member(
            client=client,
            by=request.user,
            professional=form.cleaned_data["professional"],
            responsibility=form.cleaned_data["responsibility"],
            request=request,
        ),
        success_url=reverse("clients:detail", args=[client.pk]),
        message=_("The professional was added to the network."),
        creates=True,
    ):
        return response
    return render(request, "clients/member_add.html", {"client": client, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: SignedInRequest, client_id: int, member_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id)
    member = get_object_or_404(selectors.network(client), pk=member_id)
    errors: list[str] = []
    if response := handle_form(
        request,
        forms.Form(request.POST),  # a confirmation: nothing to fill in
        lambda: services.end_membership(member=member, by=request.user, request=request),
        # after the service: ending my own membership may have ended my access
        success_url=lambda _ended: _back_url(request, client),
        message=_("The membership ended."),
        on_error=lambda _form, error: errors.extend(error.messages),
    ):
        return response
    return render(
        request,
        "clients/member_end.html",
        {"client": client, "member": member, "error": " ".join(errors) or None},
    )
