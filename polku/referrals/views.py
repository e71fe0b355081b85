"""Referral pages. Thin: referrals come through selectors (the team's whole view or the
partner's limited view; anyone else gets 404), every change through services, every page
is audited. The one client-data page (clients/<client_id>/referrals/) gets the client through
polku.access.policy."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polku.access import policy, resolver
from polku.accounts.models import User
from polku.audit import services as audit
from polku.audit.models import Action
from polku.clients.models import ConsentPurpose
from polku.core.formviews import handle_form, run_action
from polku.core.http import SignedInRequest
from polku.core.pdf import pdf_response, render_pdf

from . import selectors, services
from .forms import (
    DischargePlanForm,
    FollowUpForm,
    OpenCaseForm,
    ReferralForm,
    StatusForm,
    WithdrawForm,
)
from .models import DischargePlan, FollowUp, Referral, ReferralStatus


def _audit_view(
    request: SignedInRequest,
    target: str,
    *,
    action: Action = Action.VIEW,
    client_id: int | None = None,
    **details: object,
) -> None:
    # Every referral page is work under the client's consent to the referral (given in person
    # with the partner worker): that is the audit trail's "why" (the client's "who looked").
    audit.record(
        actor=request.user,
        action=action,
        client=client_id,
        target=target,
        purpose=ConsentPurpose.REFERRAL,
        request=request,
        details=details,
    )


# --- the referring partner --------------------------------------------------------------------


@login_required
@require_GET
def partner_list(request: SignedInRequest) -> HttpResponse:
    if not resolver.can_refer(request.user):
        raise Http404(_("No such page."))
    rows = selectors.partner_list(request.user)
    # The list shows the referred clients' names: the audit trail records whose.
    _audit_view(
        request,
        "referral_list:partner",
        action=Action.LIST,
        referrals=[r["pk"] for r in rows],
        client_names_shown=[r["pk"] for r in rows],
    )
    return render(request, "referrals/partner_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request: SignedInRequest) -> HttpResponse:
    if not resolver.can_refer(request.user):
        raise Http404(_("No such page."))
    form = ReferralForm(request.POST or None, exclude_organisation_id=request.user.organisation_id)
    if response := handle_form(
        request,
        form,
        lambda: services.create_referral(
            by=request.user,
            team=form.cleaned_data["team"],
            data=form.cleaned_data,
            request=request,
        ),
        success_url=lambda referral: reverse("referrals:partner_detail", args=[referral.pk]),
        message=_("The referral was sent. Give the client the handout with the reference."),
        creates=True,
    ):
        return response
    status = 400 if request.method == "POST" else 200
    return render(request, "referrals/referral_form.html", {"form": form}, status=status)


@login_required
@require_GET
def partner_detail(request: SignedInRequest, referral_id: int) -> HttpResponse:
    row = selectors.partner_view(request.user, referral_id)
    client_id = row.pop("audit_client_id")
    _audit_view(
        request, f"referral:{row['pk']}:status", client_id=client_id, client_name_shown=True
    )
    # The client's case only under the normal access rule (consent covers the partner).
    case_id = client_id if client_id and policy.can_see(request.user, client_id) else None
    return render(
        request,
        "referrals/partner_detail.html",
        {"row": row, "withdraw_form": WithdrawForm(), "case_id": case_id},
    )


def _referral_for_handout(request: SignedInRequest, referral_id: int):
    """The handout is for the partner to give and for the team: either view will do."""
    try:
        row = selectors.partner_view(request.user, referral_id)
    except Http404:
        referral = selectors.team_referral(request.user, referral_id)
        row = selectors.partner_view_of(referral)
    return row


@login_required
@require_GET
def handout(request: SignedInRequest, referral_id: int) -> HttpResponse:
    """What the client takes home: the named worker's name and how to reach them, in the
    client's language; printable, or as PDF (?format=pdf)."""
    row = _referral_for_handout(request, referral_id)
    _audit_view(
        request,
        f"referral:{row['pk']}:handout",
        client_id=row.pop("audit_client_id"),
        action=Action.EXPORT if request.GET.get("format") == "pdf" else Action.VIEW,
    )
    context = {"row": row, "today": timezone.localdate()}
    if request.GET.get("format") == "pdf":
        data = render_pdf("referrals/handout_print.html", context, language=row["language"])
        return pdf_response(data, f"{row['reference']}.pdf")
    # Only the handout itself is in the client's language (the template's {% language %}
    # block); the reader's interface stays in the reader's language.
    return render(request, "referrals/handout.html", context)


@login_required
@require_POST
def partner_withdraw(request: SignedInRequest, referral_id: int) -> HttpResponse:
    """The client tells the partner worker that they withdraw the consent."""
    row = selectors.partner_view(request.user, referral_id)
    referral = selectors.referral_by_pk(row["pk"])
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run_action(
        request,
        lambda: services.withdraw_consent(
            referral=referral, by=request.user, reason=reason, request=request
        ),
        success_url=reverse("referrals:partner_list"),
        message=_("The consent was withdrawn. The referral is no longer shown."),
        on_error=reverse("referrals:partner_detail", args=[row["pk"]]),
    )


# --- the receiving team -----------------------------------------------------------------------


@login_required
@require_GET
def queue(request: SignedInRequest) -> HttpResponse:
    teams = list(resolver.teams_of(request.user).select_related("organisation"))
    if not teams:
        raise Http404(_("No such page."))
    today = timezone.localdate()
    referrals = selectors.with_time_left(selectors.queue(request.user), today=today)
    escalated = selectors.with_time_left(
        selectors.escalated_to(request.user, today=today), today=today
    )
    _audit_view(
        request,
        "referral_queue",
        action=Action.LIST,
        referrals=[r.pk for r in referrals],
        clients=[r.client_id for r in referrals if r.client_id],
    )
    return render(
        request,
        "referrals/queue.html",
        {"teams": teams, "referrals": referrals, "escalated": escalated, "today": today},
    )


def _team_page(
    request: SignedInRequest, referral, *, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    is_named = referral.named_worker_id == user.pk
    plan = DischargePlan.objects.filter(referral=referral).first()
    follow_ups = list(plan.follow_ups.select_related("contact_by")) if plan else []
    referral.days_left = None
    selectors.with_time_left([referral])
    context = {
        "referral": referral,
        "events": list(selectors.events(referral)),
        "is_named": is_named,
        "can_claim": referral.status == ReferralStatus.RECEIVED
        and referral.consent_withdrawn_at is None,
        "can_move": is_named
        and referral.is_open
        and referral.status != ReferralStatus.RECEIVED
        and referral.consent_withdrawn_at is None,
        "client_visible": bool(referral.client_id and policy.can_see(user, referral.client_id)),
        "status_form": forms.get("status_form") or StatusForm(),
        "open_case_form": forms.get("open_case_form")
        or OpenCaseForm(initial={"share_with_partner": referral.consent_covers_partner}),
        "withdraw_form": WithdrawForm(),
        "plan": plan,
        "follow_ups": follow_ups,
        "errors": forms.get("errors", []),
    }
    return render(request, "referrals/team_detail.html", context, status=status)


def _team_referral(request: SignedInRequest, referral_id: int, what: str = "referral") -> Referral:
    referral = selectors.team_referral(request.user, referral_id)
    _audit_view(request, f"referral:{referral.pk}", client_id=referral.client_id, what=what)
    return referral


@login_required
@require_GET
def team_detail(request: SignedInRequest, referral_id: int) -> HttpResponse:
    try:
        referral = selectors.team_referral(request.user, referral_id)
    except Http404:
        # The client has withdrawn the consent: the team keeps only the record that the
        # referral was received and answered (read-only, audited), nothing about the person.
        record = selectors.withdrawn_record(request.user, referral_id)
        _audit_view(
            request,
            f"referral:{record['pk']}:withdrawn_record",
            client_id=record.pop("audit_client_id"),
        )
        return render(request, "referrals/team_withdrawn.html", {"record": record})
    _audit_view(request, f"referral:{referral.pk}", client_id=referral.client_id, what="referral")
    return _team_page(request, referral)


@login_required
@require_POST
def claim(request: SignedInRequest, referral_id: int) -> HttpResponse:
    referral = _team_referral(request, referral_id)
    return run_action(
        request,
        lambda: services.claim(referral=referral, by=request.user, request=request),
        success_url=reverse("referrals:team_detail", args=[referral.pk]),
        message=_("You are now the named worker. Contact the client next."),
        on_error=lambda error: _team_page(request, referral, status=409, errors=error.messages),
    )


@login_required
@require_POST
def change_status(request: SignedInRequest, referral_id: int) -> HttpResponse:
    referral = _team_referral(request, referral_id)
    form = StatusForm(request.POST)
    if response := handle_form(
        request,
        form,
        lambda: services.change_status(
            referral=referral,
            by=request.user,
            to=form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            request=request,
        ),
        success_url=reverse("referrals:team_detail", args=[referral.pk]),
        message=_("The status was changed."),
    ):
        return response
    return _team_page(request, referral, status=400, status_form=form)


@login_required
@require_POST
def open_case(request: SignedInRequest, referral_id: int) -> HttpResponse:
    referral = _team_referral(request, referral_id)
    form = OpenCaseForm(request.POST)
    form.is_valid()
    try:
        client = services.open_case(
            referral=referral,
            by=request.user,
            share_with_partner=form.cleaned_data.get("share_with_partner", False),
            request=request,
        )
    except ValidationError as error:
        return _team_page(request, referral, status=400, errors=error.messages)
    messages.success(request, _("The client's case is open in Polku."))
    carried = getattr(client, "carried", {"filled": [], "kept": []})
    if carried["filled"]:
        messages.info(
            request,
            _("Filled in the client's record from the referral: %(fields)s.")
            % {"fields": services.carried_labels(carried["filled"])},
        )
    if carried["kept"]:
        messages.warning(
            request,
            _(
                "The client's record already says otherwise and was not changed: %(fields)s. "
                "Check them with the client."
            )
            % {"fields": services.carried_labels(carried["kept"])},
        )
    return redirect("clients:detail", client_id=client.pk)


@login_required
@require_POST
def team_withdraw(request: SignedInRequest, referral_id: int) -> HttpResponse:
    referral = _team_referral(request, referral_id)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run_action(
        request,
        lambda: services.withdraw_consent(
            referral=referral, by=request.user, reason=reason, request=request
        ),
        success_url=reverse("referrals:team_detail", args=[referral.pk]),
        message=_("The client's withdrawal of the consent was recorded."),
        on_error=lambda error: _team_page(request, referral, status=400, errors=error.messages),
    )


def _people(referral):
    """Who can be chosen to make a follow-up contact: the team's members and the home
    municipality's social worker chosen in the discharge plan."""
    from django.db.models import Q

    worker = (
        DischargePlan.objects.filter(referral=referral)
        .values_list("social_worker_id", flat=True)
        .first()
    )
    return (
        User.objects.filter(is_active=True)
        .filter(Q(referral_teams=referral.team_id) | Q(pk=worker))
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def _add_follow_up(request: SignedInRequest, referral, plan, data):
    if plan is None:
        raise ValidationError(_("Save the discharge plan first."))
    return services.add_follow_up(
        plan=plan,
        referral=referral,
        by=request.user,
        due_on=data["due_on"],
        channel=data["channel"],
        contact_by=data["contact_by"],
        contact_by_other=data["contact_by_other"],
        note=data["note"],
        request=request,
    )


@login_required
@require_http_methods(["GET", "POST"])
def discharge(request: SignedInRequest, referral_id: int) -> HttpResponse:
    referral = _team_referral(request, referral_id, what="discharge_plan")
    plan = DischargePlan.objects.filter(referral=referral).first()
    initial = (
        {
            "discharge_on": plan.discharge_on,
            "destination": plan.destination,
            "municipality": plan.municipality,
            "social_worker": plan.social_worker_id,
            "social_services_contact": plan.social_services_contact,
        }
        if plan
        else {}
    )
    form = DischargePlanForm(request.POST or None, initial=initial, prefix="plan")
    follow_form = FollowUpForm(
        request.POST or None,
        people=_people(referral),
        prefix="follow",
        initial={"contact_by": referral.named_worker_id},
    )
    status = 200
    if request.method == "POST":
        here = reverse("referrals:discharge", args=[referral.pk])
        if "add_follow_up" in request.POST:
            target_form: FollowUpForm | DischargePlanForm = follow_form
            response = handle_form(
                request,
                follow_form,
                lambda: _add_follow_up(request, referral, plan, follow_form.cleaned_data),
                success_url=here,
                message=_("The follow-up contact was added."),
                creates=True,
            )
        else:
            target_form = form
            response = handle_form(
                request,
                form,
                lambda: services.save_discharge_plan(
                    referral=referral, by=request.user, data=form.cleaned_data, request=request
                ),
                success_url=here,
                message=_("The discharge plan was saved."),
            )
        if response:
            return response
        status = 400
        if target_form is form:
            follow_form = FollowUpForm(people=_people(referral), prefix="follow")
        else:
            form = DischargePlanForm(initial=initial, prefix="plan")
    follow_ups = list(plan.follow_ups.select_related("contact_by")) if plan else []
    return render(
        request,
        "referrals/discharge.html",
        {
            "referral": referral,
            "plan": plan,
            "form": form,
            "follow_form": follow_form,
            "follow_ups": follow_ups,
        },
        status=status,
    )


@login_required
@require_POST
def follow_up_done(request: SignedInRequest, referral_id: int, follow_up_id: int) -> HttpResponse:
    referral = _team_referral(request, referral_id, what="follow_up")
    follow_up = get_object_or_404(FollowUp, pk=follow_up_id, plan__referral=referral)
    discharge_url = reverse("referrals:discharge", args=[referral.pk])
    return run_action(
        request,
        lambda: services.mark_follow_up_done(
            follow_up=follow_up, referral=referral, by=request.user, request=request
        ),
        success_url=discharge_url,
        message=_("The follow-up was marked done."),
        on_error=discharge_url,
    )


# --- client data --------------------------------------------------------------------------------


@login_required
@require_GET
def client_referrals(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="referrals")
    referrals = selectors.with_time_left(selectors.client_referrals(client))
    follow_ups = list(selectors.client_follow_ups(client))
    return render(
        request,
        "referrals/client_referrals.html",
        {"client": client, "referrals": referrals, "follow_ups": follow_ups},
    )


@login_required
@require_POST
def client_follow_up_done(
    request: SignedInRequest, client_id: int, follow_up_id: int
) -> HttpResponse:
    """The one who makes the follow-up (e.g. the home municipality's social worker, who is
    not in the receiving team) marks it done from the client's referrals page."""
    client = policy.client_for(
        request, client_id, action=Action.UPDATE, target=f"follow_up:{int(follow_up_id)}"
    )
    follow_up = get_object_or_404(selectors.client_follow_ups(client), pk=follow_up_id)
    referrals_url = reverse("referrals:client_referrals", args=[client.pk])
    return run_action(
        request,
        lambda: services.mark_follow_up_done(
            follow_up=follow_up, referral=follow_up.plan.referral, by=request.user, request=request
        ),
        success_url=referrals_url,
        message=_("The follow-up was marked done."),
        on_error=referrals_url,
    )
