"""Warm handover pages. Thin: the client comes through polku.access.policy first (which audits
it), handovers and meetings only within that client, every change through services."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polku.access import policy
from polku.clients.models import Client
from polku.core.formviews import handle_form, run_action
from polku.core.http import SignedInRequest

from . import selectors, services
from .forms import LinkMeetingForm, NoteForm, ProposeForm, SettleForm
from .models import Handover, HandoverStatus


def _back_url(request: SignedInRequest, client: Client, handover: Handover) -> str:
    """To the handover page, or to my clients if the decision ended my access."""
    if policy.can_see(request.user, client.pk):
        return reverse("handover:detail", args=[client.pk, handover.pk])
    return reverse("clients:my_clients")


def _page_errors(errors: list[str]) -> Callable[[Any, ValidationError], None]:
    """on_error for a form whose service refusal is shown at the top of the handover page."""
    return lambda _form, error: errors.extend(error.messages)


def _page(
    request: SignedInRequest, client: Client, handover: Handover, *, status: int = 200, **forms: Any
) -> HttpResponse:
    user_id = request.user.pk
    meetings = selectors.handover_meetings(client)
    first = meetings.values_list("pk", flat=True).first()
    chosen = handover.meeting_id or first
    is_open = handover.status == HandoverStatus.PROPOSED
    items = services.open_items(handover) if is_open else []
    settle_form = forms.get("settle_form") or SettleForm(
        items=items,
        candidates=services.settlement_candidates(handover) if items else [],
        receiver_id=handover.to_professional_id,
    )
    context = {
        "client": client,
        "handover": handover,
        "is_open": is_open,
        "open_items": items,
        "unsettled_count": sum(1 for item in items if item.settlement is None),
        "settle_form": settle_form,
        "settled": []
        if is_open
        else list(
            handover.settlements.select_related(
                "agreement", "next_contact", "step", "to_professional"
            )
        ),
        "is_receiver": handover.to_professional_id == user_id,
        "is_proposer": handover.from_coordinator_id == user_id,
        "link_form": forms.get("link_form")
        or LinkMeetingForm(meetings=meetings, initial={"meeting": chosen}),
        "decline_form": forms.get("decline_form") or NoteForm(prefix="decline"),
        "withdraw_form": forms.get("withdraw_form") or NoteForm(prefix="withdraw"),
        "errors": forms.get("errors", []),
    }
    return render(request, "handover/handover_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def handover_new(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="handover")
    form = ProposeForm(request.POST or None, exclude_id=request.user.pk, client=client)
    if response := handle_form(
        request,
        form,
        lambda: services.propose_handover(
            client=client,
            by=request.user,
            to=form.cleaned_data["to_professional"],
            reason=form.cleaned_data["reason"],
            summary=form.cleaned_data["summary"],
            request=request,
        ),
        success_url=lambda handover: reverse("handover:detail", args=[client.pk, handover.pk]),
        message=_("The handover was proposed. Plan the joint meeting with the client next."),
        creates=True,
    ):
        return response
    return render(
        request,
        "handover/handover_form.html",
        {
            "client": client,
            "form": form,
            "can_propose": services.current_coordinator_id(client) == request.user.pk,
        },
    )


@login_required
@require_GET
def handover_detail(request: SignedInRequest, client_id: int, handover_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"handover:{int(handover_id)}")
    return _page(request, client, selectors.handover(client, handover_id))


@login_required
@require_POST
def handover_link_meeting(
    request: SignedInRequest, client_id: int, handover_id: int
) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"handover:{int(handover_id)}")
    handover = selectors.handover(client, handover_id)
    form = LinkMeetingForm(request.POST, meetings=selectors.handover_meetings(client))
    if response := handle_form(
        request,
        form,
        lambda: services.link_meeting(
            handover=handover,
            meeting=form.cleaned_data["meeting"],
            by=request.user,
            request=request,
        ),
        success_url=reverse("handover:detail", args=[client.pk, handover.pk]),
        message=_("The joint meeting was chosen."),
    ):
        return response
    return _page(request, client, handover, status=400, link_form=form)


@login_required
@require_POST
def handover_settle(request: SignedInRequest, client_id: int, handover_id: int) -> HttpResponse:
    """The leaving coordinator settles her open agreements and next contacts."""
    client = policy.client_for(request, client_id, target=f"handover:{int(handover_id)}")
    handover = selectors.handover(client, handover_id)
    items = services.open_items(handover) if handover.status == HandoverStatus.PROPOSED else []
    form = SettleForm(
        request.POST,
        items=items,
        candidates=services.settlement_candidates(handover) if items else [],
        receiver_id=handover.to_professional_id,
    )
    errors: list[str] = []
    if response := handle_form(
        request,
        form,
        lambda: services.settle(
            handover=handover, by=request.user, decisions=form.cleaned_data, request=request
        ),
        success_url=reverse("handover:detail", args=[client.pk, handover.pk]),
        message=_("The settlement of your open work was saved."),
        on_error=_page_errors(errors),
    ):
        return response
    if errors:
        return _page(request, client, handover, status=400, errors=errors)
    return _page(request, client, handover, status=400, settle_form=form)


@login_required
@require_POST
def handover_accept(request: SignedInRequest, client_id: int, handover_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"handover:{int(handover_id)}")
    handover = selectors.handover(client, handover_id)
    return run_action(
        request,
        lambda: services.accept_handover(
            client=client, handover=handover, by=request.user, request=request
        ),
        success_url=reverse("handover:detail", args=[client.pk, handover.pk]),
        message=_("You are now the client's personal coordinator."),
        on_error=lambda error: _page(request, client, handover, status=400, errors=error.messages),
    )


@login_required
@require_POST
def handover_decline(request: SignedInRequest, client_id: int, handover_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"handover:{int(handover_id)}")
    handover = selectors.handover(client, handover_id)
    form = NoteForm(request.POST, prefix="decline")
    errors: list[str] = []

    def show(form: NoteForm, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            form.add_error("note", error.messages)
        else:
            errors.extend(error.messages)

    if response := handle_form(
        request,
        form,
        lambda: services.decline_handover(
            handover=handover, by=request.user, note=form.cleaned_data["note"], request=request
        ),
        success_url=lambda _declined: _back_url(request, client, handover),
        message=_("The handover was declined. The coordinator stays."),
        on_error=show,
    ):
        return response
    if errors:
        return _page(request, client, handover, status=400, errors=errors)
    return _page(request, client, handover, status=400, decline_form=form)


@login_required
@require_POST
def handover_withdraw(request: SignedInRequest, client_id: int, handover_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"handover:{int(handover_id)}")
    handover = selectors.handover(client, handover_id)
    form = NoteForm(request.POST, prefix="withdraw")
    errors: list[str] = []
    if response := handle_form(
        request,
        form,
        lambda: services.withdraw_handover(
            handover=handover, by=request.user, note=form.cleaned_data["note"], request=request
        ),
        success_url=reverse("handover:detail", args=[client.pk, handover.pk]),
        message=_("The handover proposal was withdrawn."),
        on_error=_page_errors(errors),
    ):
        return response
    if errors:
        return _page(request, client, handover, status=400, errors=errors)
    return _page(request, client, handover, status=400, withdraw_form=form)
