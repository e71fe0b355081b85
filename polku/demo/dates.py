"""Dates people set in the demo — meetings, follow-ups, deadlines, target dates — fall on
Finnish working days, by the project's one working-day calendar
(polku.referrals.working_days: weekends and Finnish public holidays excluded)."""

import datetime as dt

from polku.referrals.working_days import is_working_day, next_working_day


def working_day(day: dt.date, today: dt.date) -> dt.date:
    """`day` moved to the next working day. A day before `today` stays before it (the working
    day before, when the next one would be today or later): what was late stays late."""
    moved = next_working_day(day)
    if day < today <= moved:
        return working_day_before(day + dt.timedelta(days=1))
    return moved


def working_moment(moment: dt.datetime, today: dt.date) -> dt.datetime:
    """`moment` (aware) on the working day of its local date, at the same local time."""
    from django.utils import timezone

    local = timezone.localtime(moment)
    day = working_day(local.date(), today)
    return timezone.make_aware(dt.datetime.combine(day, local.time().replace(tzinfo=None)))


def working_day_before(day: dt.date) -> dt.date:
    """The last working day before `day` (a meeting the day before a decision)."""
    day -= dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
