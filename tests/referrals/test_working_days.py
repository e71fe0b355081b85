"""Finnish working days across the holidays, from the holidays library (not a hand table)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polku.referrals.working_days import (
    add_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "name_part"),
    [
        (D(2024, 6, 21), "Juhannusaatto"),  # Midsummer Eve, a Friday
        (D(2025, 6, 20), "Juhannusaatto"),
        (D(2026, 6, 19), "Juhannusaatto"),
        (D(2024, 12, 24), "Jouluaatto"),
        (D(2024, 12, 25), "Joulupäivä"),
        (D(2025, 12, 26), "Tapaninpäivä"),
        (D(2024, 3, 29), "Pitkäperjantai"),  # Good Friday
        (D(2024, 4, 1), "Toinen pääsiäispäivä"),  # Easter Monday
        (D(2025, 4, 18), "Pitkäperjantai"),
        (D(2025, 4, 21), "Toinen pääsiäispäivä"),
        (D(2026, 4, 3), "Pitkäperjantai"),
        (D(2026, 4, 6), "Toinen pääsiäispäivä"),
        (D(2027, 3, 26), "Pitkäperjantai"),
        (D(2027, 3, 29), "Toinen pääsiäispäivä"),
        (D(2024, 12, 6), "Itsenäisyyspäivä"),  # Independence Day on a Friday
        (D(2026, 12, 6), "Itsenäisyyspäivä"),  # on a Sunday
    ],
)
def test_finnish_holidays_are_not_working_days(day, name_part):
    assert name_part in (holiday_name(day) or "")
    assert not is_working_day(day)


def test_midsummer_friday_before_a_weekend():
    # Thursday 2025-06-19 + 1 working day: Friday is Midsummer Eve, then the weekend.
    assert add_working_days(D(2025, 6, 19), 1) == D(2025, 6, 23)
    assert working_days_between(D(2025, 6, 19), D(2025, 6, 23)) == 1


def test_christmas_2024():
    # Monday 23.12.2024: Tue 24, Wed 25, Thu 26 are holidays; Fri 27 is the next working day.
    assert add_working_days(D(2024, 12, 23), 1) == D(2024, 12, 27)
    assert add_working_days(D(2024, 12, 23), 2) == D(2024, 12, 30)
    # 30.12. then 31.12., and New Year's Day is a holiday.
    assert add_working_days(D(2024, 12, 27), 3) == D(2025, 1, 2)


@pytest.mark.parametrize(
    ("thursday", "tuesday"),
    [
        (D(2024, 3, 28), D(2024, 4, 2)),
        (D(2025, 4, 17), D(2025, 4, 22)),
        (D(2026, 4, 2), D(2026, 4, 7)),
        (D(2027, 3, 25), D(2027, 3, 30)),
    ],
)
def test_easter_of_several_years(thursday, tuesday):
    """From Maundy Thursday, one working day is the Tuesday after Easter Monday."""
    assert add_working_days(thursday, 1) == tuesday
    assert working_days_between(thursday, tuesday) == 1


def test_independence_day_on_a_weekday():
    # Thursday 5.12.2024 + 1: Friday 6.12. is Independence Day -> Monday 9.12.
    assert add_working_days(D(2024, 12, 5), 1) == D(2024, 12, 9)


def test_independence_day_on_a_weekend_moves_nothing():
    # 6.12.2026 is a Sunday: Friday 4.12. + 1 is Monday 7.12. as on any weekend.
    assert add_working_days(D(2026, 12, 4), 1) == D(2026, 12, 7)
    assert is_working_day(D(2026, 12, 7))


def test_ordinary_week_and_zero():
    assert add_working_days(D(2025, 9, 1), 3) == D(2025, 9, 4)  # Monday -> Thursday
    assert add_working_days(D(2025, 9, 5), 1) == D(2025, 9, 8)  # Friday -> Monday
    assert add_working_days(D(2025, 9, 6), 0) == D(2025, 9, 8)  # Saturday rolls to Monday
    assert next_working_day(D(2025, 9, 3)) == D(2025, 9, 3)
    with pytest.raises(ValueError):
        add_working_days(D(2025, 9, 1), -1)


def test_time_left_is_negative_when_overdue():
    assert working_days_between(D(2025, 9, 8), D(2025, 9, 5)) == -1  # Monday vs last Friday
    assert working_days_between(D(2025, 9, 5), D(2025, 9, 5)) == 0


DAYS = st.dates(min_value=D(2020, 1, 1), max_value=D(2032, 12, 31))
COUNTS = st.integers(min_value=1, max_value=40)


@given(start=DAYS, n=COUNTS)
def test_property_adding_working_days_lands_on_a_working_day(start, n):
    end = add_working_days(start, n)
    assert end.weekday() < 5
    assert holiday_name(end) is None
    assert working_days_between(start, end) == n


@given(start=DAYS, n=COUNTS, m=COUNTS)
def test_property_monotonic(start, n, m):
    if n <= m:
        assert add_working_days(start, n) <= add_working_days(start, m)
    if n < m:
        assert add_working_days(start, n) < add_working_days(start, m)


@given(a=DAYS, b=DAYS, n=COUNTS)
def test_property_later_start_never_gives_an_earlier_deadline(a, b, n):
    first, second = sorted((a, b))
    assert add_working_days(first, n) <= add_working_days(second, n)


@given(a=DAYS, b=DAYS)
def test_property_between_is_antisymmetric(a, b):
    assert working_days_between(a, b) == -working_days_between(b, a)
