"""The right of access, thin views over polku.privacy.export_services: the client's own
download in My Polku, and the data-protection officer's request page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from polku.access.resolver import can_serve_data_requests
from polku.audit.models import Action
from polku.audit.services import record
from polku.core.forms import apply_service_errors
from polku.core.http import SignedInRequest
from polku.portal.http import PortalRequest
from polku.portal.session import portal_view

from . import export_services
from .export_forms import CLIENT_LANGUAGE, DataRequestForm


def _download(found: export_services.ExportFile) -> HttpResponse:
    response = HttpResponse(found.data, content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@portal_view
@require_GET
def portal_export(request: PortalRequest) -> HttpResponse:
    """My Polku: "Download my information" — the page, and the file in the chosen format."""
    client = request.portal_client
    fmt = request.GET.get("format", "")
    if fmt in export_services.FORMATS:
        found = export_services.export_for_client(
            client=client, fmt=fmt, language=translation.get_language(), request=request
        )
        return _download(found)
    record(
        actor=None,
        action=Action.VIEW,
        client=client,
        target="portal:my_data",
        request=request,
        details={"by": "client"},
    )
    return render(request, "privacy/portal_export.html", {"client": client, "page": "my_data"})


@login_required
@require_http_methods(["GET", "POST"])
def data_request(request: SignedInRequest) -> HttpResponse:
    """The data-protection officer's page: a client by their identity code, with a reason, and
    the export in the chosen format and language. Nobody else gets the page."""
    if not can_serve_data_requests(request.user):
        raise PermissionDenied
    form = DataRequestForm(request.POST or None)
    not_found = limited = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client = export_services.find_client_for_officer(
                user=request.user, hetu=data["hetu"], reason=data["reason"], request=request
            )
            if client is not None:
                language = (
                    client.preferred_language
                    if data["language"] == CLIENT_LANGUAGE
                    else data["language"]
                )
                return _download(
                    export_services.export_for_officer(
                        user=request.user,
                        client=client,
                        reason=data["reason"],
                        fmt=data["format"],
                        language=language,
                        request=request,
                    )
                )
            not_found = True
        except export_services.TooManySearches as error:
            apply_service_errors(form, error)
            limited = True
        except ValidationError as error:
            apply_service_errors(form, error)
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    if limited:
        status = 429
    return render(
        request,
        "privacy/data_request.html",
        {"form": form, "not_found": not_found},
        status=status,
    )
