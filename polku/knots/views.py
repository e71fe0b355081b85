"""The knot page: applications and blockers as a graph and as tables, the analysis, and the
forms to add and resolve. The client comes through the access rule (audited)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from polku.access import policy
from polku.core.forms import apply_service_errors

from . import graph, selectors, services
from .forms import ApplicationForm, BlockerForm
from .models import Application, Blocker


def _page(request, client, *, status=200, **forms):
    knot = selectors.knot(client)
    by_id = {str(a.pk): a for a in knot.applications}
    blockers = {str(b.pk): b for b in knot.blockers}
    order = [
        {**row, "blocker_obj": blockers[row["blocker"]], "app": by_id[row["application"]]}
        for row in knot.result.order
    ]
    context = {
        "client": client,
        "knot": knot,
        "order": order,
        "deadlocks": [[by_id[a] for a in group] for group in knot.result.deadlocks],
        "critical_path": [by_id[a] for a in knot.result.critical_path],
        "overdue": [{**row, "app": by_id[row["application"]]} for row in knot.result.overdue],
        "graph_svg": graph.svg(knot) if knot.applications else "",
        "application_form": forms.get("application_form") or ApplicationForm(prefix="app"),
        "blocker_forms": {
            a.pk: forms.get(f"blocker_form_{a.pk}") or BlockerForm(prefix=f"b{a.pk}", client=client)
            for a in knot.applications
            if a.is_open
        },
    }
    return render(request, "knots/knot.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def knot_view(request, client_id):
    client = policy.client_for(request, client_id, target="knot")
    return _page(request, client)


@login_required
@require_POST
def application_add(request, client_id):
    client = policy.client_for(request, client_id, target="knot")
    form = ApplicationForm(request.POST, prefix="app")
    if form.is_valid():
        try:
            services.add_application(
                client=client, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The application was added."))
            return redirect("knots:knot", client_id=client.pk)
    return _page(request, client, status=400, application_form=form)


@login_required
@require_POST
def blocker_add(request, client_id, application_id):
    client = policy.client_for(request, client_id, target="knot")
    application = get_object_or_404(Application, pk=application_id, client=client)
    form = BlockerForm(request.POST, prefix=f"b{application.pk}", client=client)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_blocker(
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
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The blocker was added."))
            return redirect("knots:knot", client_id=client.pk)
    return _page(request, client, status=400, **{f"blocker_form_{application.pk}": form})


@login_required
@require_POST
def blocker_resolve(request, client_id, blocker_id):
    client = policy.client_for(request, client_id, target="knot")
    blocker = get_object_or_404(Blocker, pk=blocker_id, application__client=client)
    try:
        services.resolve_blocker(blocker=blocker, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The blocker was marked resolved."))
    return redirect("knots:knot", client_id=client.pk)
