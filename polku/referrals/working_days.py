"""Finnish working days: weekends and Finnish public holidays excluded. Pure Python (no
Django), so the rules and their tests stay small.

The holidays come from the `holidays` library (holidays.country_holidays("FI")), not from a
hand-written table: it knows the moving feasts (Easter, Ascension Day, Midsummer, All
Saints' Day) of every year. Its Finnish calendar also counts Midsummer Eve (juhannusaatto)
and Christmas Eve (jouluaatto), which are de facto days off in Finnish offices; we keep them.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("FI", years=year).keys())


def holiday_name(day: dt.date) -> str | None:
    """The Finnish name of the public holiday on `day`, or None."""
    return holidays.country_holidays("FI", years=day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The day `n` working days after `start` (`start` itself is not counted). With n == 0,
    `start` rolled forward to a working day. A referral received on Friday with a deadline of
    one working day must be answered on Monday (or Tuesday, if Monday is a holiday)."""
    if n < 0:
        raise ValueError("n must be zero or more")
    day = start
    if n == 0:
        return next_working_day(day)
    while n:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days are left from `start` until the
    deadline `end`; negative when `end` is already past (then the working days overdue)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
