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


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from `earlier` to `later` (0 when less than a month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def lateness(due: dt.date | None, today: dt.date | None = None) -> str:
    """How late something due on `due` is on `today`, in words ("myöhässä 3 päivää",
    "myöhässä 5 kuukautta", "myöhässä 2 vuotta"); "" when it is not late (due today or
    later). Days up to two months, then months up to two years, then whole years."""
    from django.utils.translation import ngettext

    if due is None:
        return ""
    today = today or timezone.localdate()
    days = (today - due).days
    if days <= 0:
        return ""
    months = months_between(due, today)
    if months < 2:
        return ngettext("%(count)s day late", "%(count)s days late", days) % {"count": days}
    if months < 24:
        return ngettext("%(count)s month late", "%(count)s months late", months) % {"count": months}
    years = months // 12
    return ngettext("%(count)s year late", "%(count)s years late", years) % {"count": years}


def due_state(due: dt.date | None, today: dt.date | None = None) -> str:
    """How an open item due on `due` stands on `today`, in words: its lateness when it is late
    (`lateness`), else "due today", "due tomorrow" or "due in 5 days" — never a bare "due",
    which cannot tell today from next week (the worklist's state column)."""
    from django.utils.translation import npgettext, pgettext

    if due is None:
        return ""
    today = today or timezone.localdate()
    days = (due - today).days
    if days < 0:
        return lateness(due, today)
    if days == 0:
        return pgettext("due date", "Due today")
    if days == 1:
        return pgettext("due date", "Due tomorrow")
    return npgettext("due date", "Due in %(count)s day", "Due in %(count)s days", days) % {
        "count": days
    }
