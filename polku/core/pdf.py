"""Printable documents (plans, meeting summaries) as PDF with WeasyPrint, from templates."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict, *, language: str | None = None) -> bytes:
    """Render `template` (HTML for print) to PDF, in `language` if given (e.g. the client's)."""
    from weasyprint import HTML

    with translation.override(language or translation.get_language()):
        html = render_to_string(template, context)
    stylesheet = finders.find("polku/print.css")
    stylesheets = [stylesheet] if stylesheet else None
    return HTML(string=html, base_url=".").write_pdf(stylesheets=stylesheets)


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
