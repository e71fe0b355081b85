"""Meeting pages. Thin: the client comes through polku.access.policy first (which audits it),
meetings only within that client, and every change through polku.meetings.services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polku.access import policy
from polku.audit.models import Action
from polku.clients import selectors as client_selectors
from polku.clients.models import Client
from polku.core import hooks
from polku.core.formviews import handle_form, run_action
from polku.core.http import SignedInRequest
from polku.core.pdf import pdf_response, render_pdf

from . import ics, selectors, services
from .forms import AgreementForm, MeetingEditForm, MeetingForm, NextContactForm, VersionForm
from .models import MeetingKind, MeetingStatus


def _meeting_page(
    request: SignedInRequest, client: Client, meeting, *, status: int = 200, **forms: Any
) -> HttpResponse:
    professionals = list(client_selectors.network_professionals(client))
    context = {
        "client": client,
        "meeting": meeting,
        "is_open": meeting.status == MeetingStatus.PLANNED,
        "missing": services.missing_for_closing(meeting)
        if meeting.status == MeetingStatus.PLANNED
        else [],
        "agreement_form": forms.get("agreement_form") or AgreementForm(professionals=professionals),
        "contact_form": forms.get("contact_form")
        or NextContactForm(
            professionals=professionals,
            initial=NextContactForm.initial_for(meeting.the_next_contact),
        ),
        "close_errors": forms.get("close_errors", []),
        "sections": hooks.meeting_page_sections(request, client, meeting),
    }
    return render(request, "meetings/meeting_detail.html", context, status=status)


@login_required
@require_GET
def meeting_list(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="meetings")
    return render(
        request,
        "meetings/meeting_list.html",
        {"client": client, "meetings": selectors.meetings(client)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="meetings")
    professionals = client_selectors.network_professionals(client).exclude(pk=request.user.pk)
    initial = {"client_present": True, "mode": "in_person"}
    if request.GET.get("kind") in MeetingKind.values:
        initial["kind"] = request.GET["kind"]
    form = MeetingForm(request.POST or None, professionals=professionals, initial=initial)
    if response := handle_form(
        request,
        form,
        lambda: services.plan_meeting(
            client=client,
            by=request.user,
            participants=form.cleaned_data["participants"],
            request=request,
            **form.service_arguments(),
        ),
        success_url=lambda meeting: reverse("meetings:detail", args=[client.pk, meeting.pk]),
        message=_("The meeting was planned."),
        creates=True,
    ):
        return response
    return render(request, "meetings/meeting_form.html", {"client": client, "form": form})


@login_required
@require_GET
def meeting_detail(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"meeting:{int(meeting_id)}")
    meeting = selectors.meeting(client, meeting_id)
    return _meeting_page(request, client, meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"meeting:{int(meeting_id)}")
    meeting = selectors.meeting(client, meeting_id)
    if meeting.status != MeetingStatus.PLANNED:
        messages.error(request, _("This meeting has been closed: it can no longer be changed."))
        return redirect("meetings:detail", client_id=client.pk, meeting_id=meeting.pk)
    professionals = client_selectors.network_professionals(client).exclude(pk=meeting.organiser_id)
    initial = {
        **MeetingEditForm.initial_for(meeting),
        "participants": [
            p.professional_id
            for p in meeting.participant_list  # type: ignore[attr-defined]  # Prefetch(to_attr=...) in the selector
            if p.professional_id != meeting.organiser_id
        ],
    }
    form = MeetingEditForm(request.POST or None, professionals=professionals, initial=initial)
    if response := handle_form(
        request,
        form,
        lambda: services.update_meeting(
            meeting=meeting,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            data=form.service_arguments(),
            participants=form.cleaned_data["participants"],
            request=request,
        ),
        success_url=reverse("meetings:detail", args=[client.pk, meeting.pk]),
        message=_("The meeting was saved."),
    ):
        return response
    return render(
        request,
        "meetings/meeting_form.html",
        {"client": client, "form": form, "meeting": meeting},
    )


@login_required
@require_POST
def agreement_add(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"meeting:{int(meeting_id)}")
    meeting = selectors.meeting(client, meeting_id)
    form = AgreementForm(request.POST, professionals=client_selectors.network_professionals(client))
    if response := handle_form(
        request,
        form,
        lambda: services.add_agreement(
            meeting=meeting, by=request.user, request=request, **form.service_arguments()
        ),
        success_url=reverse("meetings:detail", args=[client.pk, meeting.pk]),
        message=_("The agreement was recorded."),
        creates=True,
    ):
        return response
    return _meeting_page(request, client, meeting, status=400, agreement_form=form)


@login_required
@require_POST
def agreement_done(
    request: SignedInRequest, client_id: int, meeting_id: int, agreement_id: int
) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"agreement:{int(agreement_id)}")
    agreement = selectors.agreement(client, meeting_id, agreement_id)
    meeting_url = reverse("meetings:detail", args=[client.pk, agreement.meeting_id])
    return run_action(
        request,
        lambda: services.mark_agreement_done(agreement=agreement, by=request.user, request=request),
        success_url=meeting_url,
        message=_("The agreement was marked done."),
        on_error=meeting_url,
    )


@login_required
@require_POST
def next_contact_set(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"meeting:{int(meeting_id)}")
    meeting = selectors.meeting(client, meeting_id)
    form = NextContactForm(
        request.POST, professionals=client_selectors.network_professionals(client)
    )
    if response := handle_form(
        request,
        form,
        lambda: services.set_next_contact(
            meeting=meeting, by=request.user, request=request, **form.service_arguments()
        ),
        success_url=reverse("meetings:detail", args=[client.pk, meeting.pk]),
        message=_("The next contact was recorded."),
    ):
        return response
    return _meeting_page(request, client, meeting, status=400, contact_form=form)


@login_required
@require_POST
def meeting_close(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"meeting:{int(meeting_id)}")
    meeting = selectors.meeting(client, meeting_id)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    return run_action(
        request,
        lambda: services.close_meeting(
            meeting=meeting, by=request.user, expected_version=version, request=request
        ),
        success_url=reverse("meetings:detail", args=[client.pk, meeting.pk]),
        message=_("The meeting was closed."),
        on_error=lambda error: _meeting_page(
            request, client, meeting, status=400, close_errors=error.messages
        ),
    )


@login_required
@require_GET
def meeting_invite(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client = policy.client_for(
        request, client_id, action=Action.EXPORT, target=f"meeting:{int(meeting_id)}:ics"
    )
    meeting = selectors.meeting(client, meeting_id)
    page_url = request.build_absolute_uri(
        reverse("meetings:detail", kwargs={"client_id": client.pk, "meeting_id": meeting.pk})
    )
    response = HttpResponse(
        ics.invitation(meeting, page_url=page_url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="polku-meeting-{meeting.pk}.ics"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_GET
def meeting_summary(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client = policy.client_for(
        request, client_id, action=Action.EXPORT, target=f"meeting:{int(meeting_id)}:summary"
    )
    meeting = selectors.meeting(client, meeting_id)
    # the tasks are told in words when the context is made: in the client's language too
    with translation.override(client.preferred_language):
        data = render_pdf(
            "meetings/summary_pdf.html",
            selectors.summary_context(client, meeting),
            language=client.preferred_language,
        )
    return pdf_response(data, f"polku-summary-{meeting.pk}.pdf")
