"""The management dashboard (indicators as charts, tables and CSV), the monthly steering-group
report (PDF), research exports, and recording a client's outcome. Aggregates only on the
dashboard; every view of it, every download and every export is audited. A client's outcome
page takes the client through the access rule like every client page."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from polku.access import policy, resolver
from polku.audit.models import Action
from polku.audit.services import record
from polku.core.formviews import handle_form
from polku.core.http import SignedInRequest
from polku.core.pdf import pdf_response, render_pdf

from . import charts, disclosure, exports, indicators, selectors, services
from .forms import ExportForm, FilterForm, OutcomeForm
from .models import OutcomeEvent, ResearchExport


def _manager(request: SignedInRequest) -> None:
    if not resolver.can_view_dashboard(request.user):
        raise PermissionDenied


def _filters(request: SignedInRequest):
    form = FilterForm(request.GET or None)
    return form, form.filters()


def _indicator(indicator_id: str) -> indicators.Indicator:
    found = indicators.REGISTRY.get(indicator_id)
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def dashboard(request: SignedInRequest) -> HttpResponse:
    _manager(request)
    form, filters = _filters(request)
    results = selectors.shown(filters)
    drawn = selectors.charts(filters)
    query = request.GET.urlencode()
    report_query = _report_query(request, filters)
    groups: dict[str, list] = {}
    for key, indicator in indicators.REGISTRY.items():
        groups.setdefault(str(indicator.group), []).append(
            {
                "indicator": indicator,
                "result": results[key],
                "chart": drawn[key],
                "chart_note": charts.hidden_note(indicator, results[key]),
            }
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
        {
            "form": form,
            "filters": filters,
            "groups": groups,
            "query": query,
            "report_query": report_query,
            "report_month": _report_month(filters),
            "report_month_is_end": _report_month(filters) == filters.end.replace(day=1),
            "k": disclosure.threshold(),
            "hidden_any": any(r.hidden_cells or r.value_hidden for r in results.values()),
        },
    )


def _last_month_ended(day: dt.date) -> dt.date:
    """The first day of the last month that is over on `day`'s month or before it: `day`'s
    own month when it is over (before today), else the month before."""
    first = day.replace(day=1)
    if indicators.month_ended(first, timezone.localdate()):
        return first
    return (first - dt.timedelta(days=1)).replace(day=1)


def _report_month(filters) -> dt.date:
    """The month of the report the dashboard offers: the last month over at the period's
    end — a steering group reads whole months, never one still in progress."""
    return _last_month_ended(filters.end)


def _report_query(request: SignedInRequest, filters) -> str:
    """The dashboard's population filters for the report's month (_report_month)."""
    query = request.GET.copy()
    for name in ("start", "end"):
        query.pop(name, None)
    query["month"] = f"{_report_month(filters):%Y-%m}"
    return query.urlencode()


def _csv(indicator, result) -> str:
    """The table as shown, in the reader's language, with a last column "Huomautus" (Note)
    saying of each row's hidden cell ("alle 5", "piilotettu") and empty cell (no figure)
    what it is and why — a hidden cell is never a zero, nor left unexplained. Every table's
    CSV has the column, empty in a row with nothing to say."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*result.columns, pgettext("a column of a table", "Note")])
    for row in result.rows:
        cells = [str(c) if isinstance(c, disclosure.Hidden) else c for c in row]
        said = [
            disclosure.cell_note(result.columns[c], value)
            for c, value in enumerate(row)
            if c > 0 and (value is None or isinstance(value, disclosure.Hidden))
        ]
        writer.writerow([*cells, "; ".join(said)])
    return out.getvalue()


@login_required
@require_GET
def table_csv(request: SignedInRequest, indicator_id: str) -> HttpResponse:
    _manager(request)
    indicator = _indicator(indicator_id)
    _form, filters = _filters(request)
    result = selectors.shown(filters)[indicator.id]
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
    """The month asked for; by default (or when unreadable) the last month that is over."""
    default = _last_month_ended(timezone.localdate())
    try:
        return dt.date.fromisoformat(f"{text}-01") if text else default
    except ValueError:
        return default


@login_required
@require_GET
def report(request: SignedInRequest) -> HttpResponse:
    """The monthly report for the steering group: every indicator for one month."""
    _manager(request)
    first = _month(request.GET.get("month"))
    today = timezone.localdate()
    if first > today:
        raise Http404  # a month to come has no report
    # a month in progress (asked for by its address) is reported up to today, and says so
    in_progress = not indicators.month_ended(first, today)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    last = min(last, today)
    form = FilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        form = FilterForm()
    population = form.filters()
    filters = dataclasses.replace(population, start=first, end=last)
    results = selectors.shown(filters)
    drawn = selectors.charts(filters)
    rows = [
        {
            "indicator": indicator,
            "result": results[key],
            "chart": drawn[key],
            "chart_note": charts.hidden_note(indicator, results[key]),
        }
        for key, indicator in indicators.REGISTRY.items()
    ]
    record(
        actor=request.user,
        action=Action.EXPORT,
        target="research:report",
        request=request,
        details={"month": f"{first:%Y-%m}", "filters": filters.key()},
    )
    data = render_pdf(
        "research/report_pdf.html",
        {
            "rows": rows,
            "month": first,
            "in_progress": in_progress,
            "through": last,
            "made": timezone.localtime(),
            "population": _population(form, filters),
            "k": disclosure.threshold(),
        },
    )
    named = form.cleaned_data.get("cohort") if form.is_bound and form.is_valid() else None
    suffix = "".join(f"-{slugify(str(part))}" for part in (named, filters.region) if part)
    return pdf_response(data, f"polku-report-{first:%Y-%m}{suffix}.pdf")


def _population(form, filters) -> list[str]:
    """The population filters in words, for the report's first page."""
    said = []
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    for name in ("cohort", "region", "organisation", "age_band", "language"):
        if name in form.fields and data.get(name):
            field = form.fields[name]
            value = data[name]
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(value, value)
            said.append(f"{field.label}: {value}")
    return said


@login_required
@require_http_methods(["GET", "POST"])
def export_list(request: SignedInRequest) -> HttpResponse:
    if not resolver.can_export(request.user):
        raise PermissionDenied
    filter_form, filters = _filters(request)
    form = ExportForm(request.POST or None)

    def make(data):
        return exports.make_export(
            by=request.user,
            purpose=data["purpose"],
            permit_reference=data["permit_reference"],
            filters=filters,
            columns=data["columns"],
            k=data["k"],
            precision=data["date_precision"],
            generalise=data["generalise"],
            request=request,
        )

    if response := handle_form(
        request,
        form,
        lambda: make(form.cleaned_data),
        success_url=reverse("research:exports") + "?" + request.GET.urlencode(),
        message=lambda export: _("The export was made: %(rows)s rows.") % {"rows": export.rows},
        creates=True,
    ):
        return response
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "research/exports.html",
        {
            "form": form,
            "filter_form": filter_form,
            "filters": filters,
            "exports": [
                (
                    export,
                    [exports.step_label(s, export.suppressed_rows) for s in export.generalised],
                )
                for export in ResearchExport.objects.filter(created_by=request.user)[:50]
            ],
            "dictionary": exports.dictionary(),
            "files": exports.FILES,
            "k": disclosure.threshold(),
        },
        status=status,
    )


@login_required
@require_GET
def export_file(request: SignedInRequest, export_id: int, name: str) -> FileResponse:
    if not resolver.can_export(request.user) or name not in exports.FILES:
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
def outcomes(request: SignedInRequest, client_id: int) -> HttpResponse:
    """The client's outcomes (situation from a date on), and recording a new one."""
    client = policy.client_for(request, client_id, target="outcomes")
    form = OutcomeForm(request.POST or None)
    if response := handle_form(
        request,
        form,
        lambda: services.record_outcome(
            client=client, by=request.user, request=request, **form.cleaned_data
        ),
        success_url=reverse("research:outcomes", args=[client.pk]),
        message=_("The outcome was recorded."),
        creates=True,
    ):
        return response
    events = OutcomeEvent.objects.filter(client=client).order_by("-date", "-pk")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "research/outcomes.html",
        {"client": client, "form": form, "events": events},
        status=status,
    )
