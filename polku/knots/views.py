"""The knot page: applications and blockers as a graph and as tables, the analysis, and the
forms to add and resolve. The client comes through the access rule (audited)."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from polku.access import policy
from polku.audit.models import Action
from polku.clients import selectors as client_selectors
from polku.clients.models import Client
from polku.core.formhtml import fields_by_prefix, fields_html, remembered_fields
from polku.core.forms import apply_service_errors
from polku.core.formviews import handle_form, run_action
from polku.core.http import SignedInRequest
from polku.core.pdf import pdf_response, render_pdf
from polku.meetings.forms import AgreementForm
from polku.meetings.models import Meeting, MeetingStatus

from . import graph, plain, selectors, services
from . import opening as opening_services
from .forms import ApplicationForm, BlockerForm, StatusForm, current_services, offered
from .models import Application, Blocker, KnotOpening, StepOutcome

# The code the knot page's forms' fields come from (polku.core.formhtml).
KNOT_FORM_SOURCES = ("polku/knots/forms.py", "polku/knots/models.py")


@dataclass(frozen=True)
class ApplicationRow:
    """An application of the knot page with what the page says of its wait."""

    app: Application
    waited_days: int | None  # how long it has waited (while awaiting its decision)
    overdue: dict[str, Any] | None  # its row of the analysis's overdue list, if overdue
    fallback: selectors.Fallback | None  # the stated yardstick, where the target is not known
    status_form: StatusForm  # "Change the status", and its fields' HTML
    status_fields: SafeString


@dataclass(frozen=True)
class BlockerFormRow:
    """An open application's "What it waits for" form, and its fields' HTML."""

    app: Application
    form: BlockerForm
    fields: SafeString


def _forms_with_fields[F: BlockerForm | StatusForm](
    sent: dict[str, Any], name: str, prefix: str, keys: list[Any], make: Any, inputs: Any
) -> dict[Any, tuple[F, SafeString]]:
    """Each key's form (the one sent back with errors as `{name}_{key}`, else a new one by
    `make(prefix)`) and its fields' HTML: the new forms, the same but for their prefixes,
    are rendered once and kept under `inputs`, what they show (polku.core.formhtml)."""
    found: dict[Any, tuple[F, SafeString]] = {}
    fresh = [key for key in keys if sent.get(f"{name}_{key}") is None]
    html = fields_by_prefix(
        make,
        [f"{prefix}{key}" for key in fresh],
        remember=(f"knots:{name}", KNOT_FORM_SOURCES, inputs),
    )
    for key in keys:
        form = sent.get(f"{name}_{key}")
        if form is None:
            found[key] = (make(f"{prefix}{key}"), html[f"{prefix}{key}"])
        else:
            found[key] = (form, fields_html(form))
    return found


def _page(
    request: SignedInRequest, client: Client, *, status: int = 200, **forms: Any
) -> HttpResponse:
    knot = selectors.knot(client)
    by_id = {str(a.pk): a for a in knot.applications}
    blockers = {str(b.pk): b for b in knot.blockers}
    order = [
        {**row, "blocker_obj": blockers[row["blocker"]], "app": by_id[row["application"]]}
        for row in knot.result.order
    ]
    today = timezone.localdate()
    overdue = {row["application"]: row for row in knot.result.overdue}
    status_forms: dict[Any, tuple[StatusForm, SafeString]] = {}
    for current in {a.status for a in knot.applications}:  # one rendering per status shown
        status_forms |= _forms_with_fields(
            forms,
            "status_form",
            "s",
            [a.pk for a in knot.applications if a.status == current],
            lambda prefix, current=current: StatusForm(prefix=prefix, initial={"status": current}),
            inputs=current,
        )
    rows = [
        ApplicationRow(
            application,
            waited_days=(
                (today - application.submitted).days
                if application.submitted and application.awaits_decision
                else None
            ),
            overdue=overdue.get(str(application.pk)),
            fallback=knot.fallbacks.get(application.pk),
            status_form=status_forms[application.pk][0],
            status_fields=status_forms[application.pk][1],
        )
        for application in knot.applications
    ]
    open_applications = [a for a in knot.applications if a.is_open]
    application_form = forms.get("application_form")
    if application_form is None:
        # A select of every current benefit offered where the client lives, kept rendered.
        services = offered(current_services().select_related("provider"), client.municipality)
        application_form = ApplicationForm(prefix="app", services=services)
        application_fields = remembered_fields(
            application_form,
            namespace="knots:application_fields",
            sources=KNOT_FORM_SOURCES,
            inputs=[[s.pk, getattr(s, "choice_label", s.name)] for s in services],
        )
    else:
        application_fields = fields_html(application_form)
    blocker_forms: dict[Any, tuple[BlockerForm, SafeString]] = _forms_with_fields(
        forms,
        "blocker_form",
        "b",
        [a.pk for a in open_applications],
        lambda prefix: BlockerForm(prefix=prefix, client=client, applications=knot.applications),
        inputs=[[a.pk, a.service.name] for a in knot.applications],
    )
    context = {
        "client": client,
        "knot": knot,
        "application_rows": rows,
        "order": order,
        "deadlocks": [[by_id[a] for a in group] for group in knot.result.deadlocks],
        "critical_path": [by_id[a] for a in knot.result.critical_path],
        "overdue": [{**row, "app": by_id[row["application"]]} for row in knot.result.overdue],
        "graph_svg": graph.svg(knot) if knot.applications else "",
        "application_form": application_form,
        "application_fields": application_fields,
        "blocker_rows": [BlockerFormRow(a, *blocker_forms[a.pk]) for a in open_applications],
    }
    return render(request, "knots/knot.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def knot_view(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="knot")
    return _page(request, client)


@login_required
@require_POST
def application_add(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="knot")
    form = ApplicationForm(request.POST, prefix="app")
    if response := handle_form(
        request,
        form,
        lambda: services.add_application(
            client=client, by=request.user, request=request, **form.cleaned_data
        ),
        success_url=reverse("knots:knot", args=[client.pk]),
        message=_("The application was added."),
        creates=True,
    ):
        return response
    return _page(request, client, status=400, application_form=form)


@login_required
@require_POST
def blocker_add(request: SignedInRequest, client_id: int, application_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="knot")
    application = get_object_or_404(Application, pk=application_id, client=client)
    form = BlockerForm(request.POST, prefix=f"b{application.pk}", client=client)

    def add(data):
        return services.add_blocker(
            application=application,
            by=request.user,
            request=request,
            kind=data["kind"],
            waits_for=data["waits_for"],
            what=data["what"],
            from_whom=data["from_whom"],
            owner=None if data["owner_is_client"] else request.user,
            owner_is_client=data["owner_is_client"],
            due=data["due"],
        )

    if response := handle_form(
        request,
        form,
        lambda: add(form.cleaned_data),
        success_url=reverse("knots:knot", args=[client.pk]),
        message=_("The blocker was added."),
        creates=True,
    ):
        return response
    return _page(request, client, status=400, **{f"blocker_form_{application.pk}": form})


@login_required
@require_POST
def application_status(
    request: SignedInRequest, client_id: int, application_id: int
) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"application:{int(application_id)}")
    application = get_object_or_404(Application, pk=application_id, client=client)
    form = StatusForm(request.POST, prefix=f"s{application.pk}")
    if response := handle_form(
        request,
        form,
        lambda: services.set_status(
            application=application, by=request.user, request=request, **form.cleaned_data
        ),
        success_url=reverse("knots:knot", args=[client.pk]),
        message=_("The status was changed."),
    ):
        return response
    return _page(request, client, status=400, **{f"status_form_{application.pk}": form})


@login_required
@require_POST
def blocker_resolve(request: SignedInRequest, client_id: int, blocker_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="knot")
    blocker = get_object_or_404(Blocker, pk=blocker_id, application__client=client)
    knot_url = reverse("knots:knot", args=[client.pk])
    return run_action(
        request,
        lambda: services.resolve_blocker(blocker=blocker, by=request.user, request=request),
        success_url=knot_url,
        message=_("The blocker was marked resolved."),
        on_error=knot_url,
    )


# --- "Open the knot" meeting mode ------------------------------------------------------------


def _meeting(
    request: SignedInRequest, client_id: int, meeting_id: int, *, action: Action | None = None
) -> tuple[Client, Meeting]:
    extra: dict[str, Any] = {"action": action} if action else {}
    client = policy.client_for(
        request, client_id, target=f"meeting:{int(meeting_id)}:knot", **extra
    )
    meeting = get_object_or_404(
        Meeting.objects.select_related("client"), pk=meeting_id, client=client
    )
    return client, meeting


def _no_opening(client: Client, meeting: Meeting) -> HttpResponse:
    """Meeting mode not started in this meeting: back to the meeting, where it is started."""
    return redirect("meetings:detail", client_id=client.pk, meeting_id=meeting.pk)


def _opening_page(
    request: SignedInRequest,
    client: Client,
    meeting: Meeting,
    *,
    status: int = 200,
    agreement_form: AgreementForm | None = None,
) -> HttpResponse:
    opening = KnotOpening.objects.filter(meeting=meeting).first()
    if opening is None:
        return _no_opening(client, meeting)
    step = opening_services.current_step(opening)
    professionals = list(client_selectors.network_professionals(client))
    if step is not None and agreement_form is None:
        agreement_form = AgreementForm(
            professionals=professionals,
            initial={
                "what": plain.agreement_text(step.blocker),
                "due_on": step.blocker.due,
                "owner": "client" if step.blocker.owner_is_client else step.blocker.owner_id,
            },
        )
    steps = list(
        opening.steps.select_related(
            "blocker__application__service", "blocker__waits_for__service", "blocker__agreement"
        )
    )
    knot = selectors.knot(client)
    context = {
        "client": client,
        "meeting": meeting,
        "opening": opening,
        "step": step,
        "done_steps": [s for s in steps if s.outcome != StepOutcome.PENDING],
        "position": sum(1 for s in steps if s.outcome != StepOutcome.PENDING) + 1,
        "total": len(steps),
        "open_now": len(knot.result.order),
        "deadlocks_now": len(knot.result.deadlocks),
        "is_open": meeting.status == MeetingStatus.PLANNED and opening.finished_at is None,
        "agreement_form": agreement_form,
        "waits_for": plain.waits_for(step.blocker) if step else "",
    }
    return render(request, "knots/opening.html", context, status=status)


@login_required
@require_POST
def opening_start(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client, meeting = _meeting(request, client_id, meeting_id)
    return run_action(
        request,
        lambda: opening_services.start(meeting=meeting, by=request.user, request=request),
        success_url=reverse("knots:opening", args=[client.pk, meeting.pk]),
        on_error=reverse("meetings:detail", args=[client.pk, meeting.pk]),
    )


@login_required
@require_http_methods(["GET"])
def opening_view(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client, meeting = _meeting(request, client_id, meeting_id)
    return _opening_page(request, client, meeting)


def _agreement_error(form: AgreementForm, error: ValidationError) -> None:
    """A service's field errors on the agreement form; any other refusal (the step was
    handled meanwhile) as the page's message."""
    if not hasattr(error, "error_dict"):
        raise error
    apply_service_errors(form, error)


@login_required
@require_POST
def opening_step(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    """Act on the current blocker: resolved at the table, agreed, or left for later. The form
    names the step it was shown for, so a second click cannot act on the next one."""
    client, meeting = _meeting(request, client_id, meeting_id)
    opening = KnotOpening.objects.filter(meeting=meeting).first()
    if opening is None:
        return _no_opening(client, meeting)
    decision = request.POST.get("decision")
    try:
        step_id = int(request.POST.get("step", ""))
    except ValueError:
        step_id = 0
    arguments: dict[str, Any] = {
        "opening": opening,
        "step_id": step_id,
        "by": request.user,
        "request": request,
    }
    try:
        if decision == "resolved":
            opening_services.resolve_step(**arguments)
            messages.success(request, _("Marked resolved in the meeting."))
        elif decision == "skip":
            opening_services.skip_step(**arguments)
            messages.info(request, _("Left for later."))
        elif decision == "agree":
            # An agreement is created: the form's one-use token makes a double submit land on
            # the first one's result ("The form had already been sent.") instead of "already
            # handled" (polku.core.formviews).
            form = AgreementForm(
                request.POST, professionals=client_selectors.network_professionals(client)
            )
            if response := handle_form(
                request,
                form,
                lambda: opening_services.agree_step(**arguments, **form.service_arguments()),
                success_url=reverse("knots:opening", args=[client.pk, meeting.pk]),
                message=_("The agreement was recorded."),
                creates=True,
                on_error=_agreement_error,
            ):
                return response
            return _opening_page(request, client, meeting, status=400, agreement_form=form)
        else:
            messages.error(request, _("Choose what happens to the blocker."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("knots:opening", client_id=client.pk, meeting_id=meeting.pk)


@login_required
@require_POST
def opening_finish(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client, meeting = _meeting(request, client_id, meeting_id)
    opening = KnotOpening.objects.filter(meeting=meeting).first()
    if opening is None:
        return _no_opening(client, meeting)
    return run_action(
        request,
        lambda: opening_services.finish(opening=opening, by=request.user, request=request),
        success_url=reverse("knots:opening_summary", args=[client.pk, meeting.pk]),
        message=_("The knot opening was finished."),
        on_error=reverse("knots:opening", args=[client.pk, meeting.pk]),
    )


def _summary_context(client: Client, meeting: Meeting, opening: KnotOpening) -> dict[str, Any]:
    return {"client": client, "meeting": meeting, "summary": plain.summary(opening)}


@login_required
@require_http_methods(["GET"])
def opening_summary(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    """The summary for the client, in plain language, in the client's own language."""
    client, meeting = _meeting(request, client_id, meeting_id)
    opening = KnotOpening.objects.filter(meeting=meeting).select_related("client").first()
    if opening is None:
        return _no_opening(client, meeting)
    # The summary is in the client's language (the template's {% language %} block); the
    # reader's own interface stays in the reader's language.
    with translation.override(client.preferred_language):
        context = _summary_context(client, meeting, opening)
    return render(request, "knots/opening_summary.html", context)


@login_required
@require_http_methods(["GET"])
def opening_summary_pdf(request: SignedInRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client, meeting = _meeting(request, client_id, meeting_id, action=Action.EXPORT)
    opening = KnotOpening.objects.filter(meeting=meeting).select_related("client").first()
    if opening is None:
        return _no_opening(client, meeting)
    with translation.override(client.preferred_language):
        context = _summary_context(client, meeting, opening)
        data = render_pdf(
            "knots/opening_summary_pdf.html", context, language=client.preferred_language
        )
    return pdf_response(data, f"polku-knot-{meeting.pk}.pdf")
