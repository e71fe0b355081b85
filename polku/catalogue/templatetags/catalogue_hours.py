"""`{% load catalogue_hours %}`: an opening-hours clock time from Suomi.fi's service catalogue
("09:00", as stored from PTV) written in the reader's format (Finnish `09.00`, the
TIME_FORMAT of polku.core.formats)."""

import datetime as dt

from django import template
from django.utils.formats import time_format

register = template.Library()


@register.filter
def clock(value: str) -> str:
    """``{{ slot.from|clock }}``; anything that is not a clock time is shown as it is."""
    try:
        return time_format(dt.time.fromisoformat(value))
    except (TypeError, ValueError):
        return value
