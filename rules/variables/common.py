"""What the person and household variables share: euro amounts, rounding, the activity codes,
the tenure Enum and the calendar rules of attendance days."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import overload

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNodeAtInstant
from openfisca_core.periods import DateUnit, Period
from openfisca_core.variables import Variable

MONTH = DateUnit.MONTH
ETERNITY = DateUnit.ETERNITY

# A formula is given its entity's population (openfisca_core's Population for persons,
# GroupPopulation for households), the period, and the parameters as a function of the
# period. OpenFisca ships no type information, so mypy reads these as Any; the annotations
# name them for the reader.
type Parameters = Callable[[Period], ParameterNodeAtInstant]


class Activity(Enum):
    """The alternative's kind (the `polku-rules calc` kinds), the `activity` Enum; the
    formulas compare with its index (CODE), which is how OpenFisca holds an Enum array."""

    status_quo = "As now"
    part_time_work = "Part-time work"
    pay_subsidised_work = "Pay-subsidised work"
    work_trial = "Work trial"
    rehabilitative_work_activity = "Rehabilitative work activity"
    sickness_allowance = "Sickness allowance"
    vocational_rehabilitation = "Kela vocational rehabilitation"
    studies_with_rehabilitation = "Studies with rehabilitation allowance"


ACTIVITIES = tuple(member.name for member in Activity)
CODE = {name: i for i, name in enumerate(ACTIVITIES)}
WORK = (CODE["part_time_work"], CODE["pay_subsidised_work"])
REHABILITATION = (CODE["vocational_rehabilitation"], CODE["studies_with_rehabilitation"])
DAILY_ALLOWANCES = (CODE["sickness_allowance"], *REHABILITATION)
# No unemployment benefit with the rehabilitation allowance (TTL 3:4), nor with the sickness
# allowance for the same days.
EXCLUDES_UNEMPLOYMENT_BENEFIT = DAILY_ALLOWANCES

# Role codes of the `role` variable (rules.entities.ROLES).
APPLICANT, PARTNER, CHILD, ADULT_CHILD = range(4)
CHILD_ROLES = (CHILD, ADULT_CHILD)
ADULT_AGE = 18
# Children of 10–17 have their own basic amounts of social assistance (STT/Kela 16.2.2026).
CHILD_BAND_AGE = 10
# The ages the formulas compare with besides the parameters named `…age` (rules.calc reads
# them to know which birthdays can change a figure).
AGE_CONSTANTS = (ADULT_AGE, CHILD_BAND_AGE)


class Tenure(Enum):
    """How the household holds its home (rules.inputs.TENURES, in the same order)."""

    rent = "Rented home"
    owner = "Owner-occupied home"
    right_of_occupancy = "Right-of-occupancy home"


TENURES = tuple(member.name for member in Tenure)


class Money(Variable):
    """A euro amount, held in float64: OpenFisca's default float32 cannot hold cents exactly
    enough for monthly sums."""

    value_type = float

    def __init__(self, baseline_variable: Variable | None = None) -> None:
        super().__init__(baseline_variable)
        self.dtype = np.float64


def one_of(values: np.ndarray, codes: tuple[int, ...]) -> np.ndarray:
    """values ∈ codes, elementwise (np.isin costs more for a handful of codes)."""
    out = values == codes[0]
    for code in codes[1:]:
        out = out | (values == code)
    return out


@overload
def cents(amount: float) -> float: ...
@overload
def cents(amount: np.ndarray) -> np.ndarray: ...
def cents(amount: float | np.ndarray) -> float | np.ndarray:
    """Half-up rounding to cents, of the amount as written on paper: the float noise of the
    products (0.7 × 427.5 = 299.24999999999997 in binary) is rounded away (to 1e-6 cents)
    before the half cent is rounded up."""
    values = np.multiply(amount, 100.0, dtype=float)
    if values.ndim == 0:
        return np.floor(np.round(values, 6) + 0.5) / 100
    # In place, the same operations as np.round(values, 6) (× 1e6, rint, ÷ 1e6): one array
    # instead of five temporaries, for a population's millions of rows.
    values *= 1e6
    np.rint(values, out=values)
    values /= 1e6
    values += 0.5
    np.floor(values, out=values)
    values /= 100
    return values


# Attendance days a month: the law's limits per calendar week (Monday to Sunday), counted over
# the days of each week that fall in the month (as rules.inputs validates them).
WORK_TRIAL_DAYS_A_WEEK = 5  # kela.fi, kulukorvaus: at most 5 days a week (Mon–Fri)
REHABILITATIVE_WORK_DAYS_A_WEEK = 4  # Act on Rehabilitative Work Activity (189/2001), section 14


def days_in_weeks(year: int, month: int, per_week: int, *, weekdays_only: bool) -> int:
    """The most attendance days in the month at `per_week` days a week, counted per calendar
    week over the days of the week that fall in the month (only Monday to Friday when
    `weekdays_only`)."""
    weeks: dict[tuple[int, int], int] = {}
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        date = dt.date(year, month, day)
        if date.weekday() < 5 or not weekdays_only:
            week = date.isocalendar()[:2]
            weeks[week] = weeks.get(week, 0) + 1
    return sum(min(per_week, n) for n in weeks.values())
