"""The management dashboard (indicators as charts, tables and CSV), the monthly steering-group
report (PDF), research exports, and recording a client's outcome. Aggregates only on the
dashboard; every view of it, every download and every export is audited. A client's outcome
page takes the client through the access rule like every client page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from polku.access import policy
from polku.audit.models import Action
from polku.audit.services import record
from polku.core.forms import apply_service_errors
from polku.core.pdf import pdf_response, render_pdf

from . import exports, indicators, selectors, services
from .forms import ExportForm, FilterForm, OutcomeForm
from .models import OutcomeEvent, ResearchExport


def _manager(request) -> None:
    if not selectors.can_view_dashboard(request.user):
        raise PermissionDenied


def _filters(request):
    form = FilterForm(request.GET or None)
    return form, form.filters()


def _indicator(indicator_id: str) -> indicators.Indicator:
    found = indicators.REGISTRY.get(indicator_id)
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def dashboard(request):
    _manager(request)
    form, filters = _filters(request)
    results = selectors.results(filters)
    drawn = selectors.charts(filters)
    query = request.GET.urlencode()
    groups: dict[str, list] = {}
    for key, indicator in indicators.REGISTRY.items():
        groups.setdefault(str(indicator.group), []).append(
            {"indicator": indicator, "result": results[key], "chart": drawn[key]}
        )
    record(
        actor=request.user,
        action=Action.VIEW,
        target="research:dashboard",
        request=request,
        details={"filters": filters.key()},
    )
    return render(
        request,
        "research/dashboard.html",
        {"form": form, "filters": filters, "groups": groups, "query": query},
    )


def _csv(indicator, result) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(result.columns)
    writer.writerows(result.rows)
    return out.getvalue()


@login_required
@require_GET
def table_csv(request, indicator_id):
    _manager(request)
    indicator = _indicator(indicator_id)
    _form, filters = _filters(request)
    result = selectors.results(filters)[indicator.id]
    record(
        actor=request.user,
        action=Action.EXPORT,
        target=f"research:indicator:{indicator.id}",
        request=request,
        details={"filters": filters.key()},
    )
    response = HttpResponse(_csv(indicator, result), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="polku-{indicator.id}-{filters.start}-{filters.end}.csv"'
    )
    return response


def _month(text: str | None) -> dt.date:
    today = timezone.localdate()
    try:
        return dt.date.fromisoformat(f"{text}-01") if text else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@login_required
@require_GET
def report(request):
    """The monthly report for the steering group: every indicator for one month."""
    _manager(request)
    first = _month(request.GET.get("month"))
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    filters = indicators.Filters(start=first, end=last)
    results = selectors.results(filters)
    drawn = selectors.charts(filters)
    rows = [
        {"indicator": indicator, "result": results[key], "chart": drawn[key]}
        for key, indicator in indicators.REGISTRY.items()
    ]
    record(
        actor=request.user,
        action=Action.EXPORT,
        target="research:report",
        request=request,
        details={"month": f"{first:%Y-%m}"},
    )
    data = render_pdf(
        "research/report_pdf.html",
        {"rows": rows, "month": first, "made": timezone.localtime()},
    )
    return pdf_response(data, f"polku-report-{first:%Y-%m}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def export_list(request):
    if not exports.can_export(request.user):
        raise PermissionDenied
    filter_form, filters = _filters(request)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = exports.make_export(
                by=request.user,
                purpose=data["purpose"],
                permit_reference=data["permit_reference"],
                filters=filters,
                columns=data["columns"],
                quasi=data["quasi_identifiers"],
                k=data["k"],
                precision=data["date_precision"],
                generalise=data["generalise"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The export was made: %(rows)s rows.") % {"rows": export.rows},
            )
            return redirect(reverse("research:exports") + "?" + request.GET.urlencode())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "research/exports.html",
        {
            "form": form,
            "filter_form": filter_form,
            "filters": filters,
            "exports": ResearchExport.objects.filter(created_by=request.user)[:50],
            "dictionary": [(c, d, t) for c, (d, t) in exports.DICTIONARY.items()],
            "files": exports.FILES,
        },
        status=status,
    )


@login_required
@require_GET
def export_file(request, export_id, name):
    if not exports.can_export(request.user) or name not in exports.FILES:
        raise Http404
    export = get_object_or_404(ResearchExport, pk=export_id, created_by=request.user)
    path = Path(export.directory) / name
    if not export.directory or not path.is_file():
        raise Http404
    record(
        actor=request.user,
        action=Action.EXPORT,
        target=f"research_export:{export.pk}:{name}",
        purpose=export.purpose,
        request=request,
        details={"permit": export.permit_reference},
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"polku-{export.pk}-{name}")


@login_required
@require_http_methods(["GET", "POST"])
def outcomes(request, client_id):
    """The client's outcomes (situation from a date on), and recording a new one."""
    client = policy.client_for(request, client_id, target="outcomes")
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(
                client=client, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect("research:outcomes", client_id=client.pk)
    events = OutcomeEvent.objects.filter(client=client).order_by("-date", "-pk")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "research/outcomes.html",
        {"client": client, "form": form, "events": events},
        status=status,
    )
