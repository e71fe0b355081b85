"""`{% load catalogue_links %}`: a catalogue address is a link only when it is http(s).

The models refuse other schemes (polku.catalogue.validation); this is the second line, for
anything stored before or past them: a `javascript:` or `data:` address is shown as text."""

from django import template
from django.utils.html import format_html

from polku.catalogue.validation import is_web_url

register = template.Library()


@register.filter
def web_link(url: str) -> str:
    """``{{ service.source_url|web_link }}`` → ``<a href="…">…</a>``, or the address as
    escaped text when it is not an http(s) address."""
    if not url:
        return ""
    if is_web_url(url):
        return format_html('<a href="{}">{}</a>', url.strip(), url)
    return format_html("{}", url)
