"""Dates as a reader sees them: `2.12.2026` in Finnish (the active language's short format),
never an ISO string. Model names (`__str__`), exports and labels use this."""

import datetime as dt

from django.utils import formats, timezone


def short_date(value: dt.date | dt.datetime | None) -> str:
    """`value` in the active language's short date format; a moment on its local day."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")
