"""Assessment pages. Thin: the client comes through polku.access.policy first (which audits
the visit), versions only within that client, every write through services."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from polku.access import policy
from polku.core.formviews import handle_form
from polku.core.http import SignedInRequest

from . import selectors, services, signposts
from .forms import AssessmentForm


@login_required
def assessment_list(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="assessments")
    versions = selectors.history(client)
    return render(
        request,
        "assessment/assessment_list.html",
        {"client": client, "versions": versions, "domain_rows": selectors.by_domain(versions)},
    )


@login_required
def assessment_detail(request: SignedInRequest, client_id: int, assessment_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target=f"assessment:{assessment_id}")
    current = selectors.assessment(client, assessment_id)
    before = selectors.previous(client, current)
    return render(
        request,
        "assessment/assessment_detail.html",
        {
            "client": client,
            "comparison": selectors.compare(current, before),
            "signposts": signposts.for_assessment(current, before),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, target="assessment_form")
    latest, _before = selectors.latest_two(client)
    form = AssessmentForm(request.POST or None, previous=latest)
    if response := handle_form(
        request,
        form,
        lambda: services.record_assessment(
            client=client, by=request.user, request=request, **form.service_arguments()
        ),
        success_url=lambda created: reverse("assessment:detail", args=[client.pk, created.pk]),
        message=_("The assessment was saved."),
        creates=True,
    ):
        return response
    return render(
        request,
        "assessment/assessment_form.html",
        {"client": client, "form": form, "previous": latest},
    )
