"""The client portal's pages. The client always comes from the portal session
(polku.portal.session), never from the URL; objects named in a URL are looked up within that
client, so another client's id is "not found". Every page view is audited on the client."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polku.access import policy, resolver
from polku.audit.models import Action
from polku.audit.services import record
from polku.clients.models import Client, Consent
from polku.core.formviews import handle_form, run_action
from polku.core.http import SignedInRequest
from polku.meetings import ics
from polku.meetings import selectors as meetings
from polku.meetings.models import Meeting, MeetingStatus
from polku.portal.http import PortalRequest

from . import disclosure, oidc, selectors, services, session, terms
from .forms import CodeForm, ConsentForm, FeedbackForm, OwnViewForm, OwnWordsForm
from .models import FeedbackContext

portal_view = session.portal_view


def _render(
    request: PortalRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    page: str,
    status: int = 200,
) -> HttpResponse:
    client = request.portal_client
    record(
        actor=None,
        action=Action.VIEW,
        client=client,
        target=f"portal:{page}",
        request=request,
        details={"by": "client"},
    )
    return render(
        request,
        template,
        {"client": client, "page": page, **(context or {})},
        status=status,
    )


def _signed_in_response(request: HttpRequest, client: Client, default: str) -> HttpResponse:
    response = redirect(session.safe_next(request, default))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        client.preferred_language,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


# --- signing in and out ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        claim = session.claim_sign_in(request)
        if claim.invalid:
            return HttpResponseBadRequest(
                _("The form's one-use token is not valid: reload the page and send the form again.")
            )
        if claim.repeat_to:
            # the same form sent again: the first submit signed the browser in already
            messages.info(request, _("The form had already been sent."))
            return redirect(claim.repeat_to)
        try:
            client = services.redeem_code(text=form.cleaned_data["code"], request=request)
        except ValidationError as error:
            claim.failed()
            form.add_error("code", error.messages[0])
        else:
            session.sign_in(request, client, method="code")
            response = _signed_in_response(request, client, reverse("portal:home"))
            claim.succeeded(response["Location"])
            return response
    return render(
        request,
        "portal/sign_in.html",
        {"form": form, "oidc": oidc.enabled(), "next": request.GET.get("next", "")},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def oidc_start(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        return redirect("portal:sign_in")
    return redirect(oidc.authorization_url(request))


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    try:
        client = oidc.client_from_callback(request)
    except oidc.SignInFailed as error:
        messages.error(request, str(error))
        return redirect("portal:sign_in")
    session.sign_in(request, client, method="oidc")
    return _signed_in_response(request, client, reverse("portal:home"))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session.sign_out(request)
    messages.info(request, _("You have signed out."))
    return redirect("portal:sign_in")


# --- pages -------------------------------------------------------------------------------------


@portal_view
@require_GET
def home(request: PortalRequest) -> HttpResponse:
    client = request.portal_client
    tasks, needs_digital_help = selectors.my_tasks(client)
    return _render(
        request,
        "portal/home.html",
        {
            "tasks": tasks,
            "needs_digital_help": needs_digital_help,
            "network": selectors.network(client),
            "meetings": selectors.next_meetings(client),
            "next_contacts": selectors.next_contacts(client),
            "agreed": selectors.agreed_tasks(client),
            "feedback_due": len(selectors.feedback_due(client)),
            "terms": terms.MEETING_KINDS,
        },
        page="home",
    )


@portal_view
@require_http_methods(["GET", "POST"])
def plan(request: PortalRequest) -> HttpResponse:
    client = request.portal_client
    assessment = selectors.latest_assessment(client)
    goal_form = OwnWordsForm(prefix="goal")
    view_form = OwnViewForm(prefix="view")
    status = 200
    if request.method == "POST":
        which = request.POST.get("form")
        form = OwnWordsForm(request.POST, prefix="goal") if which == "goal" else None
        if which == "view" and assessment is not None:
            form = OwnViewForm(request.POST, prefix="view")
        if form is not None and (
            response := handle_form(
                request,
                form,
                lambda: services.contribute(
                    client=client,
                    kind="goal" if which == "goal" else "assessment_view",
                    text=form.cleaned_data["text"],
                    assessment=assessment if which == "view" else None,
                    domain=form.cleaned_data.get("domain", ""),
                    request=request,
                ),
                success_url=reverse("portal:plan"),
                message=_("Thank you. Your network sees what you wrote."),
                creates=True,
            )
        ):
            return response
        status = 400
        if which == "goal" and form is not None:
            goal_form = form
        elif isinstance(form, OwnViewForm):  # which == "view"
            view_form = form
    return _render(
        request,
        "portal/plan.html",
        {
            "plan": selectors.plan_told(client),
            "assessment": assessment,
            "goal_form": goal_form,
            "view_form": view_form,
            "mine": client.portal_contributions.all()[:20],
        },
        page="plan",
        status=status,
    )


@portal_view
@require_http_methods(["GET", "POST"])
def meeting_agenda(request: PortalRequest, meeting_id: int) -> HttpResponse:
    """Add an item to an upcoming meeting's agenda (the client's own meeting only)."""
    client = request.portal_client
    meeting = get_object_or_404(Meeting, pk=meeting_id, client=client, status=MeetingStatus.PLANNED)
    form = OwnWordsForm(request.POST or None)
    if response := handle_form(
        request,
        form,
        lambda: services.contribute(
            client=client,
            kind="agenda_item",
            text=form.cleaned_data["text"],
            meeting=meeting,
            request=request,
        ),
        success_url=reverse("portal:home"),
        message=_("Added to the meeting's agenda."),
        creates=True,
    ):
        return response
    return _render(
        request,
        "portal/agenda.html",
        {"meeting": meeting, "form": form},
        page="agenda",
        status=400 if request.method == "POST" else 200,
    )


@portal_view
@require_GET
def meeting_ics(request: PortalRequest, meeting_id: int) -> HttpResponse:
    client = request.portal_client
    meeting = meetings.meeting(client, meeting_id)
    record(
        actor=None,
        action=Action.EXPORT,
        client=client,
        target=f"portal:meeting:{meeting.pk}:ics",
        request=request,
        details={"by": "client"},
    )
    response = HttpResponse(
        ics.invitation(meeting, page_url=request.build_absolute_uri(reverse("portal:home"))),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="polku-{meeting.pk}.ics"'
    response["Cache-Control"] = "no-store, private"
    return response


@portal_view
@require_GET
def applications(request: PortalRequest) -> HttpResponse:
    client = request.portal_client
    rows, needs_digital_help = selectors.applications(client)
    return _render(
        request,
        "portal/applications.html",
        {"rows": rows, "needs_digital_help": needs_digital_help},
        page="applications",
    )


@portal_view
@require_http_methods(["GET", "POST"])
def consents(request: PortalRequest) -> HttpResponse:
    client = request.portal_client
    organisations = {
        m.professional.organisation_id: m.professional.organisation
        for m in selectors.network(client)
    }.values()
    form = ConsentForm(request.POST or None, organisations=organisations)
    if response := handle_form(
        request,
        form,
        lambda: services.give_consent(
            client=client,
            organisations=form.chosen(),
            purpose=form.cleaned_data["purpose"],
            request=request,
        ),
        success_url=reverse("portal:consents"),
        message=_("Your consent was recorded. It is in force from today."),
        creates=True,
    ):
        return response
    return _render(
        request,
        "portal/consents.html",
        {"consents": selectors.consents(client), "form": form, "terms": terms.CONSENT_PURPOSES},
        page="consents",
        status=400 if request.method == "POST" else 200,
    )


@portal_view
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: PortalRequest, consent_id: int) -> HttpResponse:
    """Withdrawing a consent asks once: GET says what will stop (which organisations, which
    purpose, from when); only the POST from that page withdraws it."""
    client = request.portal_client
    consent = get_object_or_404(Consent, pk=consent_id, client=client)
    if consent.withdrawn_at is not None:
        messages.info(request, _("This consent has already been withdrawn."))
        return redirect("portal:consents")
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        return run_action(
            request,
            lambda: services.withdraw_consent(consent=consent, request=request),
            success_url=reverse("portal:consents"),
            message=_(
                "The consent was withdrawn. From now on it no longer lets anyone see your "
                "information."
            ),
            on_error=reverse("portal:consents"),
        )
    return _render(
        request,
        "portal/consent_withdraw.html",
        {
            "consent": consent,
            "organisations": list(consent.organisations.all()),
            "explanation": terms.CONSENT_PURPOSES.get(consent.purpose, ""),
            "today": timezone.localdate(),
        },
        page="consents",
    )


@portal_view
@require_GET
def who_looked(request: PortalRequest) -> HttpResponse:
    days, page_obj = disclosure.log(request.portal_client, request.GET.get("page"))
    return _render(
        request,
        "portal/who_looked.html",
        {"days": days, "page_obj": page_obj},
        page="who_looked",
    )


@portal_view
@require_GET
def referrals(request: PortalRequest) -> HttpResponse:
    return _render(
        request,
        "portal/referrals.html",
        {"referrals": selectors.referrals(request.portal_client)},
        page="referrals",
    )


@portal_view
@require_http_methods(["GET", "POST"])
def feedback(request: PortalRequest) -> HttpResponse:
    client = request.portal_client
    due = selectors.feedback_due(client)
    forms = {
        f"{d['context']}-{d['object'].pk}": FeedbackForm(prefix=f"{d['context']}-{d['object'].pk}")
        for d in due
    }
    status = 200
    if request.method == "POST":
        key = request.POST.get("about", "")
        item = next((d for d in due if f"{d['context']}-{d['object'].pk}" == key), None)
        if item is None:
            messages.info(request, _("You have already given feedback on this. Thank you!"))
            return redirect("portal:feedback")
        form = FeedbackForm(request.POST, prefix=key)
        if response := handle_form(
            request,
            form,
            lambda: services.give_feedback(
                client=client,
                context=item["context"],
                object_id=item["object"].pk,
                organisation_id=item["organisation_id"],
                request=request,
                **form.cleaned_data,
            ),
            success_url=reverse("portal:feedback"),
            message=_("Thank you for your feedback."),
            creates=True,
        ):
            return response
        forms[key] = form
        status = 400
    return _render(
        request,
        "portal/feedback.html",
        {
            "items": [(d, forms[f"{d['context']}-{d['object'].pk}"]) for d in due],
            "contexts": FeedbackContext,
        },
        page="feedback",
        status=status,
    )


@portal_view
@require_http_methods(["GET", "POST"])
def council(request: PortalRequest) -> HttpResponse:
    client = request.portal_client
    form = OwnWordsForm(request.POST or None)
    if request.method == "POST":
        if "opt_in" in request.POST:
            services.set_council(
                client=client, opt_in=request.POST["opt_in"] == "yes", request=request
            )
            messages.success(request, _("Your choice was saved."))
            return redirect("portal:council")
        if request.POST.get("step") != "confirm":
            if form.is_valid():
                # First the writer sees the proposal as others will and who will see it.
                return _render(
                    request,
                    "portal/council_preview.html",
                    {"text": form.cleaned_data["text"]},
                    page="council",
                )
        elif response := handle_form(
            request,
            form,
            lambda: services.propose(
                client=client, text=form.cleaned_data["text"], request=request
            ),
            success_url=reverse("portal:council"),
            message=_(
                "Thank you. Your proposal was sent. Other clients see it after a staff "
                "member has checked it."
            ),
            creates=True,
        ):
            return response
    return _render(
        request,
        "portal/council.html",
        {"form": form, **selectors.council(client)},
        page="council",
        status=400 if request.method == "POST" else 200,
    )


# --- for professionals -----------------------------------------------------------------------


@login_required
@require_POST
def create_code(request: SignedInRequest, client_id: int) -> HttpResponse:
    """A one-time sign-in code for the client, shown once to the professional."""
    client = policy.client_for(request, client_id, target="portal_code")
    code = services.create_code(client=client, by=request.user, request=request)
    return render(request, "portal/code_created.html", {"client": client, "code": code})


@login_required
@require_GET
def feedback_summary(request: SignedInRequest) -> HttpResponse:
    """Clients' feedback on the professional's organisation, by month, as aggregates only (a
    month with fewer than five answers is not shown): never an answer, never a client."""
    if not resolver.can_view_feedback_summary(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    # this month so far and the twelve months before it, as the page says
    start = today.replace(year=today.year - 1, day=1)
    months = selectors.feedback_by_month(start, today, request.user.organisation_id)
    record(
        actor=request.user,
        action=Action.VIEW,
        target="portal:feedback_summary",
        request=request,
    )
    return render(
        request,
        "portal/feedback_summary.html",
        {
            "rows": list(months.iter_rows(named=True)),
            "minimum": selectors.MIN_GROUP,
            "this_month": today.replace(day=1),  # in progress: said so, not a whole month
        },
    )
