"""`calculate` / `calculate_months`: a situation (the `polku-rules calc` JSON, parsed by
rules.inputs) → the household's monthly components with their explanations, in ONE OpenFisca
simulation whose household rows are the alternatives (and, for many households, households ×
alternatives), evaluated month by month.

`simulate(columns, months)` is the vectorised core for a population of households (the
screening, the benchmark); its docstring documents the columns."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial, reduce
from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.simulations import Simulation

from . import inputs, tax
from .entities import ROLE_CODES
from .explanations import described
from .i18n import gettext_noop
from .system import system
from .variables import CODE, TENURES
from .variables.common import (
    AGE_CONSTANTS,
    REHABILITATIVE_WORK_DAYS_A_WEEK,
    WORK_TRIAL_DAYS_A_WEEK,
    days_in_weeks,
)
from .variables.person import MEMBER_TYPES, SIBLING_ORDERS

# Input or output columns: one array a name, a row a household (or a person).
Columns = dict[str, np.ndarray]

PERSON_COMPONENTS = (
    "wage",
    "unemployment_benefit",
    "expense_allowance",
    "sickness_allowance",
    "rehabilitation_allowance",
    "maintenance_allowance",
    "child_benefit",
)
HOUSEHOLD_COMPONENTS = ("housing_allowance", "social_assistance")
COMPONENTS = (*PERSON_COMPONENTS, *HOUSEHOLD_COMPONENTS)
TAXABLE = {"wage", "unemployment_benefit", "sickness_allowance", "rehabilitation_allowance"}

# The formula of each component in words, in plain English (an msgid the product translates
# with gettext; the explanation carries the formula's id, the component's id), and the
# parameters it reads (dotted names under rules/parameters). Where a component reads one of
# several parameters by the household (a cap by municipality group and size, a basic amount
# by member type), the explanation lists the ones that applied (_parameters_for).
FORMULAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "wage": (
        gettext_noop(
            "The member's own gross wage in this alternative; with a partial sickness or "
            "rehabilitation allowance the part-time wage is paid beside it."
        ),
        (),
    ),
    "unemployment_benefit": (
        gettext_noop(
            "Daily amount less 50 cents for each euro of gross earnings spread over the "
            "payment days, rounded to cents, × payment days a month; not paid with the "
            "sickness or rehabilitation allowance."
        ),
        (
            "unemployment.daily_amount",
            "unemployment.payment_days_per_month",
            "unemployment.earnings_adjustment_rate",
            "unemployment.minimum_age",
            "unemployment.earlier_minimum_age",
            "unemployment.earlier_minimum_age_born_before",
            "unemployment.maximum_age",
            "unemployment.yleistuki_from",
        ),
    ),
    "expense_allowance": (
        gettext_noop(
            "Attendance days × the daily expense allowance; the higher rate in a work trial "
            "outside the commuting area. At most 5 days a week in a work trial and 4 in "
            "rehabilitative work activity. Tax-free."
        ),
        (
            "expense_allowance.daily_amount",
            "expense_allowance.daily_amount_outside_commuting_area",
        ),
    ),
    "sickness_allowance": (
        gettext_noop(
            "(70 per cent of the annual income up to the limit + the rate above it) ÷ 300, "
            "at least the minimum, × 25 payment days; a partial allowance is half, paid "
            "beside the part-time wage. Annual income = earnings less contributions."
        ),
        (
            "daily_allowances.replacement_rate",
            "daily_allowances.income_limit",
            "daily_allowances.rate_above_limit",
            "daily_allowances.minimum_daily",
            "daily_allowances.payment_days_per_month",
            "daily_allowances.contribution_deduction",
            "daily_allowances.partial_share",
            "daily_allowances.minimum_age",
            "daily_allowances.earlier_minimum_age",
            "daily_allowances.earlier_minimum_age_born_before",
            "daily_allowances.maximum_age",
        ),
    ),
    "rehabilitation_allowance": (
        gettext_noop(
            "The sickness allowance's annual-income formula, at least the minimum, × 25 "
            "payment days; replaces the unemployment benefit; a partial allowance is half."
        ),
        (
            "daily_allowances.replacement_rate",
            "daily_allowances.income_limit",
            "daily_allowances.rate_above_limit",
            "daily_allowances.minimum_daily",
            "daily_allowances.payment_days_per_month",
            "daily_allowances.contribution_deduction",
            "daily_allowances.partial_share",
            "daily_allowances.minimum_age",
            "daily_allowances.earlier_minimum_age",
            "daily_allowances.earlier_minimum_age_born_before",
            "daily_allowances.maximum_age",
        ),
    ),
    "maintenance_allowance": (
        gettext_noop(
            "Paid with the minimum rehabilitation allowance: the daily amount × rehabilitation "
            "days (the attendance days, else 21.5). Tax-free."
        ),
        ("maintenance_allowance.daily_amount", "daily_allowances.minimum_daily"),
    ),
    "child_benefit": (
        gettext_noop(
            "Child benefit for each child under 17 by its place among the children (the "
            "oldest first), more for a child under 3, and the single-parent supplement when "
            "the parent lives without a partner. Tax-free."
        ),
        ("child_benefit.maximum_age",),
    ),
    "housing_allowance": (
        gettext_noop(
            "70 per cent × (housing costs up to the cap for the municipality group and the "
            "household's size − basic deductible); the deductible is a share of the "
            "household's income in whole euros above a threshold that grows with each adult "
            "and child. None for an owner-occupied home, a household of students only, large "
            "assets, or under the smallest amount paid."
        ),
        (
            "housing_allowance.share_of_costs",
            "housing_allowance.deductible_rate",
            "housing_allowance.threshold_base",
            "housing_allowance.threshold_per_adult",
            "housing_allowance.threshold_per_child",
            "housing_allowance.ignored_deductible",
            "housing_allowance.minimum_payment",
        ),
    ),
    "social_assistance": (
        gettext_noop(
            "Last resort for each family: the members' basic amounts (by member type; for "
            "children by age and place among the siblings, the oldest first) + their share "
            "of the housing costs − the family's net income after tax, child benefit and its "
            "share of the housing allowance (expense and maintenance allowances are not "
            "counted). A child aged 18 or over living with the parents is a family of its own."
        ),
        ("social_assistance.earned_income_deduction",),
    ),
}
# The tax (rules/tax.py): the tax card's percentage, else an estimate; its explanation lists
# the estimate's parameters when any member's tax is estimated.
TAX_FORMULA_ID = tax.TAX_FORMULA_ID
TAX_FORMULA = tax.ESTIMATE_FORMULA
TAX_PARAMETERS = tax.ESTIMATE_PARAMETERS

# --------------------------------------------------------------------------------------------
# Simulation

PERSON_MONTHLY_INPUTS: dict[str, Any] = {
    # name: default when a column is not given
    "activity": 0,
    "gross_wage": 0.0,
    "attendance_days": 0.0,
    "outside_commuting_area": False,
    "partial_allowance": False,
    "entitled_to_unemployment_benefit": False,
    "annual_earned_income": 0.0,
    "withholding_percent": np.nan,
    "full_time_student": False,
    "assets": 0.0,
}
HOUSEHOLD_MONTHLY_INPUTS: dict[str, Any] = {"housing_cost": 0.0, "tenure": 0}
PERSON_OUTPUTS = (*PERSON_COMPONENTS, "income_tax", "gross_income", "net_income")
HOUSEHOLD_OUTPUTS = (
    *HOUSEHOLD_COMPONENTS,
    "household_gross_income",
    "household_income_tax",
    "household_net_income",
)
OUTPUTS = (*PERSON_OUTPUTS, *HOUSEHOLD_OUTPUTS)
# Computed for the explanations of one household's alternatives (calculate), not for a
# population.
EXPLAINED_PERSON = (
    "child_order",
    "social_assistance_member_type",
    "social_assistance_sibling_order",
)
EXPLAINED_HOUSEHOLD = ("municipality_group", "household_size")

# Few rows (a route plan): the per-variable, per-period overhead dominates, so the months of
# one regime are computed in one period with the rows repeated per month (up to STACK_ROWS
# person rows). Many rows (a screening): the households in chunks of CHUNK_ROWS or more
# person rows, each one simulation over the months, on a thread per core (NumPy releases
# the GIL). Chunks keep each formula's arrays small, and the memory a chunk frees is reused
# by the thread's next chunk: the whole population's intermediate arrays at once would be
# fresh memory, a page fault on every first touch of each page (on this kind of virtual
# machine that costs more than the computation).
STACK_ROWS = 20_000
CHUNK_ROWS = 200_000


def birth_parts(birth: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) of birth dates as datetime64[D], as int arrays."""
    birth = np.asarray(birth, dtype="datetime64[D]")
    years = birth.astype("datetime64[Y]").astype(int) + 1970
    months = birth.astype("datetime64[M]").astype(int) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(int) + 1
    return years, months, days


def age_from_parts(
    parts: tuple[np.ndarray, np.ndarray, np.ndarray], first_day: dt.date
) -> np.ndarray:
    """Full years at `first_day` from birth_parts()."""
    years, months, days = parts
    before = (months > first_day.month) | ((months == first_day.month) & (days > first_day.day))
    return first_day.year - years - before


def age_on(birth: np.ndarray, first_day: dt.date) -> np.ndarray:
    """Full years at `first_day` for birth dates as datetime64[D] (vectorised)."""
    return age_from_parts(birth_parts(birth), first_day)


def sibling_ranks(household: np.ndarray, role: np.ndarray, birth: np.ndarray) -> np.ndarray:
    """Each child's place among its household's children (roles child and adult_child), the
    oldest 1 (equal birth dates in row order); 0 for the adults. The same as the
    sibling_rank formula, computed once for simulate()'s columns."""
    child = (role == ROLE_CODES["child"]) | (role == ROLE_CODES["adult_child"])
    rank = np.zeros(len(role), dtype=np.int64)
    rows = np.flatnonzero(child)
    if rows.size:
        days = np.asarray(birth, dtype="datetime64[D]").astype(np.int64)[rows]
        order = rows[np.lexsort((rows, days, household[rows]))]
        grouped = household[order]
        first = np.r_[True, grouped[1:] != grouped[:-1]]
        starts = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
        rank[order] = np.arange(len(order)) - starts + 1
    return rank


@cache
def _month_limits(month: dt.date) -> tuple[int, int]:
    """(work trial, rehabilitative work activity) attendance days the month allows."""
    return (
        days_in_weeks(month.year, month.month, WORK_TRIAL_DAYS_A_WEEK, weekdays_only=True),
        days_in_weeks(
            month.year, month.month, REHABILITATIVE_WORK_DAYS_A_WEEK, weekdays_only=False
        ),
    )


def day_limits(activity: np.ndarray, month: dt.date) -> np.ndarray:
    """attendance_day_limit of each person row in `month` (the month's calendar)."""
    trial, rehabilitative = _month_limits(month)
    return np.where(
        activity == CODE["work_trial"],
        trial,
        np.where(activity == CODE["rehabilitative_work_activity"], rehabilitative, 31),
    )


# Parameters no formula reads (they only name a change in the explanations): left out of the
# regime, so that the months on both sides of the change are computed together.
EXPLANATION_ONLY = frozenset({"unemployment.yleistuki_from"})


@cache
def regime(month: str) -> tuple:
    """What the law is in `month` (YYYY-MM): the value in effect of each parameter that a
    formula reads and the formula in effect of each variable. Months of the same regime
    compute the same figures from the same inputs (the formulas read the period only
    through the parameters; the ages and the calendar's attendance-day limits are inputs set
    per month), so they are computed together."""
    instant = f"{month}-01"
    in_effect: list = []
    for node in system().parameters.get_descendants():
        values = getattr(node, "values_list", None)
        if values and node.name not in EXPLANATION_ONLY:  # a leaf; newest first
            current = next((v.value for v in values if v.instant_str <= instant), None)
            in_effect.append((node.name, current))
        elif hasattr(node, "brackets"):  # a scale: every bracket's threshold and rate
            in_effect.append((node.name, repr(node(instant))))
    for name, variable in sorted(system().variables.items()):
        formula = variable.get_formula(instant)
        in_effect.append((name, id(formula) if formula is not None else None))
    return tuple(in_effect)


MAX_AGE = 150


@cache
def birthday_ages() -> np.ndarray:
    """A lookup table by age (0 … MAX_AGE + 1), True at the ages at which a birthday can
    change a figure: every value of a parameter named `…age` (unit year; an `age >= t` limit
    changes at t, an `age <= t` limit at t + 1) and the formulas' own AGE_CONSTANTS. The
    reuse path recomputes a household only when a member turns one of these ages (the
    formulas compare ages only with these)."""
    ages: set[int] = set(AGE_CONSTANTS)
    for node in system().parameters.get_descendants():
        values = getattr(node, "values_list", None)
        if values and node.name.endswith("age") and node.metadata.get("unit") == "year":
            ages.update(int(v.value) for v in values if v.value is not None)
    table = np.zeros(MAX_AGE + 2, dtype=bool)
    table[[age for age in ages | {age + 1 for age in ages} if 0 <= age <= MAX_AGE + 1]] = True
    return table


def _complete(columns: dict[str, dict[str, np.ndarray]]) -> tuple[dict, dict]:
    """The columns with every input (defaults for those not given), checked for shape."""
    households = dict(columns["households"])
    persons = dict(columns["persons"])
    count = len(households["housing_cost"])
    rows = len(persons["household"])
    for name, default in HOUSEHOLD_MONTHLY_INPUTS.items():
        households.setdefault(name, np.full(count, default))
    households.setdefault("municipality_code", np.zeros(count, dtype=int))
    for name, default in PERSON_MONTHLY_INPUTS.items():
        persons.setdefault(name, np.full(rows, default))
    for table, length in ((households, count), (persons, rows)):
        for name, values in table.items():
            if len(values) != length:
                raise ValueError(f"column {name}: {len(values)} rows, expected {length}")
    household = np.asarray(persons["household"])
    if rows and (np.any(np.diff(household) < 0) or household[0] < 0 or household[-1] >= count):
        raise ValueError("persons.household: row indices into households, in order")
    if rows and np.any(np.bincount(household, minlength=count) == 0):
        raise ValueError("persons.household: every household needs at least one member")
    # Derived once: the birth date's parts (for each month's ages), the birth year and the
    # children's order (eternal inputs of the simulation).
    persons["household"] = household
    persons["birth_date"] = np.asarray(persons["birth_date"], dtype="datetime64[D]")
    parts = birth_parts(persons["birth_date"])
    persons["birth_year"], persons["_birth_month"], persons["_birth_day"] = parts
    persons["sibling_rank"] = sibling_ranks(household, persons["role"], persons["birth_date"])
    return households, persons


def _ages(persons: dict, month: dt.date) -> np.ndarray:
    return age_from_parts(
        (persons["birth_year"], persons["_birth_month"], persons["_birth_day"]), month
    )


ETERNITY = periods.period("eternity")


@cache
def _period(key: str) -> periods.Period:
    """A month's OpenFisca period, parsed once (OpenFisca parses a string on every call)."""
    return periods.period(key)


def _simulation(households: Columns, persons: Columns, keys: list[str]) -> Simulation:
    """A simulation of these households and persons; the monthly inputs set for each month
    in `keys` (the same arrays: OpenFisca keeps a reference, no copy)."""
    builder = SimulationBuilder()
    builder.create_entities(system())
    person = builder.populations["person"]
    person.count = len(persons["household"])
    person.ids = np.arange(person.count)
    group = builder.populations["household"]
    group.count = len(households["housing_cost"])
    group.ids = np.arange(group.count)
    group.members_entity_id = np.asarray(persons["household"])
    roles = np.array(group.entity.flattened_roles, dtype=object)
    # OpenFisca's members_role setter copies through a list of Role objects (slow for
    # millions of rows); the array is set as the setter would leave it.
    group._members_role = roles[np.asarray(persons["role"])]
    simulation = builder.build(system())
    for name in ("role", "birth_date", "birth_year", "sibling_rank"):
        simulation.set_input(name, ETERNITY, persons[name])
    simulation.set_input("municipality_code", ETERNITY, households["municipality_code"])
    for key in keys:
        period = _period(key)
        for name in PERSON_MONTHLY_INPUTS:
            simulation.set_input(name, period, persons[name])
        for name in HOUSEHOLD_MONTHLY_INPUTS:
            simulation.set_input(name, period, households[name])
    return simulation


def _forget(simulation: Simulation, key: str) -> None:
    """Drop the month's intermediate arrays (the figures returned are kept by reference):
    for a large population they would otherwise stay in memory for every month."""
    period = _period(key)
    for name, variable in simulation.tax_benefit_system.variables.items():
        if variable.definition_period != "eternity":
            simulation.delete_arrays(name, period)


def _calculate(
    simulation: Simulation, key: str, extra: tuple[str, ...] = ()
) -> dict[str, np.ndarray]:
    period = _period(key)
    return {name: simulation.calculate(name, period) for name in (*OUTPUTS, *extra)}


def _stacked(
    households: Columns, persons: Columns, months: list[dt.date], extra: tuple[str, ...] = ()
) -> dict[str, dict]:
    """Months of one regime in one period computation: the households repeated once per
    month, each repetition with the ages and attendance-day limits of its month."""
    count = len(households["housing_cost"])
    rows = len(persons["household"])
    k = len(months)
    many_households = {name: np.tile(values, k) for name, values in households.items()}
    many_persons = {name: np.tile(values, k) for name, values in persons.items()}
    offsets = np.repeat(np.arange(k) * count, rows)
    many_persons["household"] = many_persons["household"] + offsets
    key = f"{months[0]:%Y-%m}"
    simulation = _simulation(many_households, many_persons, [key])
    period = _period(key)
    simulation.set_input("age_years", period, np.concatenate([_ages(persons, m) for m in months]))
    limits = np.concatenate([day_limits(persons["activity"], m) for m in months])
    simulation.set_input("attendance_day_limit", period, limits)
    figures = _calculate(simulation, key, extra)
    out = {}
    for i, month in enumerate(months):
        part = {}
        for name, values in figures.items():
            size = rows if name in _PERSON_NAMES else count
            part[name] = values[i * size : (i + 1) * size]
        out[f"{month:%Y-%m}"] = part
    return out


_PERSON_NAMES = {*PERSON_OUTPUTS, *EXPLAINED_PERSON}


def _subset(
    households: Columns, persons: Columns, which: np.ndarray, first: np.ndarray
) -> tuple[dict, dict, np.ndarray]:
    """The households `which` (row indices, increasing) and their members, renumbered; and
    the members' person rows. `first`: each household's first person row, and the number of
    rows at the end (the members are grouped by household in order). Costs the size of the
    subset, not of the population."""
    sizes = first[which + 1] - first[which]
    skipped = first[which] - (np.cumsum(sizes) - sizes)  # rows before, less those taken
    rows = np.repeat(skipped, sizes) + np.arange(int(sizes.sum()))
    sub_households = {name: values[which] for name, values in households.items()}
    sub_persons = {name: values[rows] for name, values in persons.items()}
    sub_persons["household"] = np.repeat(np.arange(len(which)), sizes)
    return sub_households, sub_persons, rows


def _figures_of(
    simulation: Simulation,
    key: str,
    names: tuple[str, ...],
    per_household: tuple[np.ndarray, int] | None,
) -> dict:
    """The outputs `names` of the month; with `per_household` (the persons' household
    indices and the number of households) the person outputs summed per household."""
    period = _period(key)
    figures = {}
    for name in names:
        values = simulation.calculate(name, period)
        if per_household is not None and name in _PERSON_NAMES:
            # np.bincount adds each household's members in row order, as OpenFisca's
            # household.sum does (and 3 times faster than np.add.reduceat here).
            values = np.bincount(per_household[0], values, per_household[1])
        figures[name] = values
    return figures


def _full_months(months: list[dt.date], reuse: bool) -> list[bool]:
    """Which months are computed whole: without reuse all; else the first and each month whose
    law (regime) differs from the month before's."""
    laws = [regime(f"{m:%Y-%m}") for m in months]
    return [not reuse or i == 0 or laws[i] != laws[i - 1] for i in range(len(months))]


def _sequential(
    households: Columns,
    persons: Columns,
    months: list[dt.date],
    names: tuple[str, ...],
    per_household: bool,
    *,
    reuse: bool = True,
    target: dict[str, Columns] | None = None,
) -> list:
    """One simulation, month by month: for each month either the month's figures ({output:
    array}; written into `target[key]` when given, e.g. views into a larger result) or, in
    a month of the same law as the month before (with `reuse`), a patch (_patch)."""
    keys = [f"{m:%Y-%m}" for m in months]
    full = _full_months(months, reuse)
    simulation = _simulation(households, persons, [k for k, f in zip(keys, full, strict=True) if f])
    count = len(households["housing_cost"])
    members = (persons["household"], count) if per_household else None
    index = _rows_index(persons, count)
    out: list = []
    for i, (month, key, whole) in enumerate(zip(months, keys, full, strict=True)):
        if whole:
            simulation.set_input("age_years", _period(key), _ages(persons, month))
            activity = persons["activity"]
            simulation.set_input("attendance_day_limit", _period(key), day_limits(activity, month))
            figures = _figures_of(simulation, key, names, members)
            _forget(simulation, key)
            if target is not None:
                for name, values in figures.items():
                    target[key][name][...] = values
                figures = target[key]
            out.append(figures)
        else:
            out.append(
                _patch(households, persons, names, per_household, index, month, months[i - 1])
            )
    return out


def _rows_index(persons: dict, count: int) -> tuple[np.ndarray, np.ndarray]:
    """For _patch, computed once: each household's first person row (and the number of
    person rows at the end), and the rows of an activity with a calendar limit on its
    attendance days (only they can meet a different limit in another month)."""
    first = np.r_[0, np.cumsum(np.bincount(persons["household"], minlength=count))]
    activity = persons["activity"]
    limited = (activity == CODE["work_trial"]) | (activity == CODE["rehabilitative_work_activity"])
    return first, np.flatnonzero(limited)


def _patch(
    households: Columns,
    persons: Columns,
    names: tuple[str, ...],
    per_household: bool,
    index: tuple[np.ndarray, np.ndarray],
    month: dt.date,
    before: dt.date,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """`month`, of the same law as the month `before`, as a patch {output: (rows, values)} of
    the rows computed again: only the households where a member turned an age some rule
    compares with (a birthday at birthday_ages()) or whose attendance days meet a different
    calendar limit. Nothing else in the inputs changes by month, so the other rows' figures
    are the month before's. The rows (increasing) are household rows for the household
    outputs (and for every output when `per_household`), else person rows. `index`:
    _rows_index()."""
    first, limited = index
    key = f"{month:%Y-%m}"
    ages = _ages(persons, month)
    # The members whose age changed (about one in twelve), of them those who turned an age
    # some rule compares with; and those whose attendance days meet another limit.
    older = np.flatnonzero(ages != _ages(persons, before))
    turned = older[birthday_ages()[np.clip(ages[older], 0, MAX_AGE + 1)]]
    activity = persons["activity"]
    days = persons["attendance_days"][limited]
    now = np.minimum(days, day_limits(activity[limited], month))
    limit_met = limited[now != np.minimum(days, day_limits(activity[limited], before))]
    patch: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if turned.size or limit_met.size:
        which = np.unique(persons["household"][np.r_[turned, limit_met]])
        sub_households, sub_persons, rows = _subset(households, persons, which, first)
        again = _simulation(sub_households, sub_persons, [key])
        again.set_input("age_years", _period(key), ages[rows])
        limits = day_limits(sub_persons["activity"], month)
        again.set_input("attendance_day_limit", _period(key), limits)
        sub_members = (sub_persons["household"], len(which)) if per_household else None
        for name, values in _figures_of(again, key, names, sub_members).items():
            person_rows = name in _PERSON_NAMES and not per_household
            patch[name] = (rows if person_rows else which, values)
    return patch


def _split(patch: dict, offsets: list[dict]) -> list[dict]:
    """A patch of the whole population as the parts' patches (rows relative to each part's
    offset)."""
    pieces: list[dict] = [{} for _ in offsets]
    for name, (rows, values) in patch.items():
        cuts = np.searchsorted(rows, [offset[name] for offset in offsets[1:]])
        for j, (lo, hi) in enumerate(zip(np.r_[0, cuts], np.r_[cuts, len(rows)], strict=True)):
            if hi > lo:
                pieces[j][name] = (rows[lo:hi] - offsets[j][name], values[lo:hi])
    return pieces


def _copy_part(patches: list[dict], offsets: list[dict], before: dict, after: dict, j: int) -> None:
    """Part j's rows of the arrays in `after` not in `before`: the month before's, then the
    part's patch (rows relative to the part's offset)."""
    for name, values in after.items():
        if values is before[name]:
            continue
        lo = offsets[j][name]
        hi = offsets[j + 1][name] if j + 1 < len(offsets) else len(values)
        values[lo:hi] = before[name][lo:hi]
        if name in patches[j]:
            rows, patched = patches[j][name]
            values[rows + lo] = patched


def _assemble(
    keys: list[str],
    steps: list[list],
    offsets: list[dict],
    full_figures: dict[str, Columns],
    pool: ThreadPoolExecutor | None = None,
) -> dict:
    """The months' figures from the parts' steps (_sequential: the figures of a month computed
    whole, already in `full_figures[key]`, or patches). A month of patches shares each array
    of the month before that no patch changes, and copies (then patches) only the others:
    copy-on-write, so the months of one law share most of their arrays. The copies are made
    part by part (its rows of the month before, then its patch), on `pool`'s threads when
    given: the cost of a copy is mostly the first touch of its fresh memory."""
    out: dict[str, dict[str, np.ndarray]] = {}
    previous: dict[str, np.ndarray] = {}
    for i, key in enumerate(keys):
        if key in full_figures:
            figures = full_figures[key]
        else:
            figures = dict(previous)
            changed = [
                name
                for name, before in previous.items()
                if any(
                    name in part[i]
                    and np.any(before[part[i][name][0] + offset[name]] != part[i][name][1])
                    for part, offset in zip(steps, offsets, strict=True)
                )
            ]
            for name in changed:
                figures[name] = np.empty_like(previous[name])
            if changed:
                fill = partial(_copy_part, [s[i] for s in steps], offsets, previous, figures)
                list((pool.map if pool is not None else map)(fill, range(len(steps))))
        for values in figures.values():
            values.flags.writeable = False
        out[key] = figures
        previous = figures
    return out


def simulate(
    columns: dict[str, dict[str, np.ndarray]],
    months: list[dt.date],
    *,
    plain: bool = False,
    outputs: tuple[str, ...] | None = None,
    per_household: bool = False,
) -> dict[str, dict[str, np.ndarray]]:
    """The monthly figures of a population of households, every month.

    `columns` = {"households": {...}, "persons": {...}}, NumPy arrays:

    households (one row per household × alternative; H rows):
        housing_cost (float, € a month), tenure (int: index into TENURES = rent, owner,
        right_of_occupancy; default rent), municipality_code (int, the official 3-digit
        code; 0 = unknown, taken as housing-allowance group 4).
    persons (one row per member; P rows, grouped by household in household order):
        household (int: the row index of the member's household, non-decreasing),
        role (int: index into rules.entities.ROLES = applicant, partner, child,
        adult_child), birth_date (datetime64[D]), and optionally (default in brackets):
        activity (int, index into rules.variables.ACTIVITIES [0 = status_quo]; an
        alternative changes the applicant's row only), gross_wage (float, € a month, the
        alternative's wage for the applicant [0]), attendance_days [0],
        outside_commuting_area [False], partial_allowance [False],
        entitled_to_unemployment_benefit [False], annual_earned_income [0],
        withholding_percent (float, NaN = no tax card [NaN]), full_time_student [False],
        assets (€) [0].

    Returns {YYYY-MM: {variable: array}}, months in order: the person outputs
    PERSON_OUTPUTS (P rows: the person components, income_tax, gross_income, net_income —
    the member's own, without the household's components) and the household outputs
    HOUSEHOLD_OUTPUTS (H rows: housing_allowance, social_assistance,
    household_gross_income, household_income_tax, household_net_income).

    `outputs`: only these of OUTPUTS (default all). `per_household`: the person outputs
    summed over each household's members (H rows, not rounded again): for a population,
    12 months of every person array are gigabytes that the caller would only add up.

    Paths: up to STACK_ROWS / 2 person rows (a route plan), the months of one law (regime)
    are stacked into one period; more rows are split by household into chunks of
    CHUNK_ROWS or more person rows computed on a thread per core, and in a month of the
    same law as the month before only the households with a birthday at birthday_ages() or
    a changed attendance-day limit are computed again. On that path the arrays are
    read-only and months share the arrays that did not change from the month before
    (copy-on-write). Malformed columns (lengths, household indices out of order or a
    household without members) and unknown `outputs` raise ValueError.

    `plain`: one thread, every month computed whole (the reference the faster paths must
    equal; used by the tests and the benchmark).

    Memory: a population's arrays are fresh memory, and where the kernel compacts memory for
    NumPy's transparent huge pages on first touch (THP defrag "madvise"), that costs several
    times the computation's own time (1 000 000 households × 12 months: 2.7 s of system
    time against 0.7 s). A process that screens populations should start with
    NUMPY_MADVISE_HUGEPAGE=0 (and may keep freed memory with MALLOC_TRIM_THRESHOLD_ and
    MALLOC_MMAP_THRESHOLD_); these are read at process start only, and this function does
    not change NumPy's process-wide setting (polku.benchmarks.rules_engine sets them)."""
    names = OUTPUTS if outputs is None else tuple(outputs)
    unknown = [name for name in names if name not in OUTPUTS]
    if unknown:
        raise ValueError(f"outputs: unknown {', '.join(unknown)}; known: {', '.join(OUTPUTS)}")
    households, persons = _complete(columns)
    rows = len(persons["household"])
    months = sorted(set(months))
    if plain:
        return _many(households, persons, months, names, per_household, reuse=False)
    if rows * 2 > STACK_ROWS:
        return _many(households, persons, months, names, per_household, reuse=True)
    figures = _by_regime(households, persons, months)
    count = len(households["housing_cost"])
    return {
        key: {
            name: np.bincount(persons["household"], month[name], count)
            if per_household and name in _PERSON_NAMES
            else month[name]
            for name in names
        }
        for key, month in figures.items()
    }


def _many(
    households: Columns,
    persons: Columns,
    months: list[dt.date],
    names: tuple[str, ...],
    per_household: bool,
    *,
    reuse: bool,
) -> dict[str, dict[str, np.ndarray]]:
    """simulate() for many rows (and the plain path). Without `reuse` one simulation, every
    month whole. With it, on a thread per core: the months computed whole in chunks of the
    households, each chunk writing into the result's arrays; each other month one patch of
    the whole population (_patch), split by chunk for _assemble."""
    rows = len(persons["household"])
    count = len(households["housing_cost"])
    keys = [f"{m:%Y-%m}" for m in months]
    full = _full_months(months, reuse)
    whole = [key for key, f in zip(keys, full, strict=True) if f]
    workers = min(os.cpu_count() or 1, max(1, rows // CHUNK_ROWS)) if reuse else 1
    # Chunks of CHUNK_ROWS or more rows, as many for each thread.
    parts = max(1, rows // CHUNK_ROWS // workers) * workers

    def person_rows(name: str) -> bool:
        return name in _PERSON_NAMES and not per_household

    bounds = np.linspace(0, count, parts + 1).astype(int)
    starts = np.searchsorted(persons["household"], bounds)
    offsets = [
        {name: starts[i] if person_rows(name) else bounds[i] for name in names}
        for i in range(parts)
    ]
    if parts == 1:
        steps = [_sequential(households, persons, months, names, per_household, reuse=reuse)]
        full_figures = {key: steps[0][keys.index(key)] for key in whole}
        return _assemble(keys, steps, offsets, full_figures)
    full_figures = {
        key: {name: np.empty(rows if person_rows(name) else count) for name in names}
        for key in whole
    }
    whole_months = [month for month, f in zip(months, full, strict=True) if f]

    def part(i: int) -> None:
        lo, hi = bounds[i], bounds[i + 1]
        plo, phi = starts[i], starts[i + 1]
        sub_households = {name: v[lo:hi] for name, v in households.items()}
        sub_persons = {name: v[plo:phi] for name, v in persons.items()}
        sub_persons["household"] = sub_persons["household"] - lo
        # The thread writes the months computed whole straight into the result (views).
        target = {
            key: {
                name: figures[name][plo:phi] if person_rows(name) else figures[name][lo:hi]
                for name in names
            }
            for key, figures in full_figures.items()
        }
        _sequential(
            sub_households,
            sub_persons,
            whole_months,
            names,
            per_household,
            reuse=False,
            target=target,
        )

    index = _rows_index(persons, count)

    def patch(i: int) -> list[dict]:
        args = (households, persons, names, per_household, index, months[i], months[i - 1])
        return _split(_patch(*args), offsets)

    # The largest chunks first: each later chunk's arrays then fit in the memory an earlier
    # one freed (fresh memory costs a page fault on each page's first touch).
    largest_first = np.argsort(starts[:-1] - starts[1:], kind="stable")
    patched = [i for i, f in enumerate(full) if not f]
    tasks = [partial(part, i) for i in largest_first] + [partial(patch, i) for i in patched]
    with ThreadPoolExecutor(workers) as pool:
        done = list(pool.map(lambda task: task(), tasks))
        pieces = dict(zip(patched, done[parts:], strict=True))
        steps = [
            [pieces[i][j] if i in pieces else {} for i in range(len(months))] for j in range(parts)
        ]
        return _assemble(keys, steps, offsets, full_figures, pool)


def _by_regime(
    households: Columns, persons: Columns, months: list[dt.date], extra: tuple[str, ...] = ()
) -> dict[str, dict]:
    rows = len(persons["household"])
    by_regime: dict[tuple, list[dt.date]] = {}
    for month in months:
        by_regime.setdefault(regime(f"{month:%Y-%m}"), []).append(month)
    per_call = max(1, STACK_ROWS // max(rows, 1))
    out: dict[str, dict] = {}
    for group in by_regime.values():
        for start in range(0, len(group), per_call):
            out.update(_stacked(households, persons, group[start : start + per_call], extra))
    return dict(sorted(out.items()))


def columns_for(household: inputs.Household, alternatives: list[inputs.Alternative]) -> dict:
    """simulate()'s columns for one household under each alternative (one household row per
    alternative; the alternative changes the applicant's row only)."""
    members = household.members
    n = len(alternatives)
    m = len(members)
    applicant = np.array([member.role == "applicant" for member in members])

    def per_member(value: Callable[[inputs.Member], object]) -> np.ndarray:
        return np.tile(np.array([value(member) for member in members]), n)

    def per_alternative(
        own: Callable[[inputs.Member], object],
        alternative_value: Callable[[inputs.Alternative], object],
    ) -> np.ndarray:
        values = np.tile(np.array([own(member) for member in members]), n).reshape(n, m)
        values[:, applicant] = np.array([alternative_value(a) for a in alternatives])[:, None]
        return values.ravel()

    applicant_wage = household.applicant.gross_wage
    withholding = [
        np.nan if member.withholding_percent is None else member.withholding_percent
        for member in members
    ]
    return {
        "households": {
            "housing_cost": np.full(n, household.housing_cost, dtype=float),
            "tenure": np.full(n, TENURES.index(household.tenure)),
            "municipality_code": np.full(n, household.municipality_code or 0),
        },
        "persons": {
            "household": np.repeat(np.arange(n), m),
            "role": per_member(lambda member: ROLE_CODES[member.role]),
            "birth_date": per_member(lambda member: np.datetime64(member.birth_date, "D")),
            "activity": per_alternative(lambda _: 0, lambda a: CODE[a.kind]),
            "gross_wage": per_alternative(
                lambda member: member.gross_wage,
                lambda a: applicant_wage if a.wage is None else a.wage,
            ).astype(float),
            "attendance_days": per_alternative(lambda _: 0.0, lambda a: a.days).astype(float),
            "outside_commuting_area": per_alternative(lambda _: False, lambda a: a.outside),
            "partial_allowance": per_alternative(lambda _: False, lambda a: a.partial),
            "entitled_to_unemployment_benefit": per_member(lambda mb: mb.unemployment_benefit),
            "annual_earned_income": per_member(lambda mb: mb.annual_earned_income).astype(float),
            "withholding_percent": np.tile(np.array(withholding, dtype=float), n),
            "full_time_student": per_member(lambda mb: mb.full_time_student),
            "assets": per_member(lambda mb: mb.assets).astype(float),
        },
    }


# --------------------------------------------------------------------------------------------
# Explanations


@cache
def parameter_info(name: str, month: str) -> dict[str, Any]:
    """The value of parameter `name` in effect in `month`, as data for an explanation: its
    name (the product names it in the reader's language, rules.labels), value and unit
    (OpenFisca's `currency-EUR`, `/1` for a share, `day`, `year`, `flag`, and `calendar-year`
    for a birth year), the date it applies from (a date), its source in English (`source`,
    OpenFisca's reference) and in each language (`sources`: {"fi", "sv", "en"}), and whether
    it is unverified."""
    node = reduce(getattr, name.split("."), system().parameters)
    instant = f"{month}-01"
    current = next(v for v in node.values_list if v.instant_str <= instant)
    return described(name, node, current.value, dt.date.fromisoformat(current.instant_str))


CHILD_BENEFIT_ORDERS = ("first", "second", "third", "fourth", "fifth_on")


@cache
def _explained(component: str, month: str, names: tuple[str, ...] = ()) -> dict[str, Any]:
    """One explanation: the formula and the parameters it read (FORMULAS' and `names`, the
    ones that applied to this member or household). Built once per process and shared:
    treat it as read-only."""
    formula, parameters = FORMULAS[component]
    return {
        "formula_id": component,
        "formula": formula,
        "parameters": [parameter_info(p, month) for p in (*parameters, *names)],
    }


@cache
def _child_benefit_parameters(order: int, under_3: bool, single: bool) -> tuple[str, ...]:
    names = [f"child_benefit.{CHILD_BENEFIT_ORDERS[min(max(order, 1), 5) - 1]}"]
    if under_3:
        names += ["child_benefit.under_3_supplement", "child_benefit.under_3_age"]
    if single:
        names.append("child_benefit.single_parent_supplement")
    return tuple(names)


@cache
def _housing_allowance_parameters(group: int, size: int) -> tuple[str, ...]:
    names = [f"housing_allowance.max_cost.group_{group}.persons_{min(size, 4)}"]
    if size > 4:
        names.append(f"housing_allowance.max_cost.group_{group}.each_additional")
    return tuple(names)


@cache
def _social_assistance_parameters(member_types: tuple) -> tuple[str, ...]:
    """The basic amounts of the member types present (children by band and order)."""
    names: list[str] = []
    for kind, order in member_types:
        name = f"social_assistance.basic_amount.{MEMBER_TYPES[kind]}"
        if MEMBER_TYPES[kind].startswith("child_"):
            name += f".{SIBLING_ORDERS[min(max(order, 1), 3) - 1]}"
        if name not in names:
            names.append(name)
    return tuple(names)


@cache
def _tax_explanation(month: str, estimate: bool, municipality_code: int = 0) -> dict[str, Any]:
    """The tax's explanation (rules.tax), built once per month and kind; read-only."""
    root = system().parameters
    return tax.tax_explanation(month, estimate, parameter_info, root, municipality_code)


def _result(
    month: str,
    household: inputs.Household,
    alternatives: list[inputs.Alternative],
    figures: Columns,
) -> dict[str, Any]:
    members = household.members
    m = len(members)
    f = {name: values.tolist() for name, values in figures.items()}
    under_3_age = parameter_info("child_benefit.under_3_age", month)["value"]
    single = not any(member.role == "partner" for member in members)
    first_day = dt.date.fromisoformat(f"{month}-01")
    births = np.array([member.birth_date for member in members], dtype="datetime64[D]")
    under_3 = (age_on(births, first_day) < under_3_age).tolist()
    results = []
    for i, alternative in enumerate(alternatives):
        components = []
        member_rows = []
        for j, member in enumerate(members):
            row = i * m + j
            for component in PERSON_COMPONENTS:
                amount = f[component][row]
                if amount:
                    if component == "child_benefit":
                        names = _child_benefit_parameters(f["child_order"][row], under_3[j], single)
                        explanation = _explained(component, month, names)
                    else:
                        explanation = _explained(component, month)
                    components.append(
                        {
                            "id": component,
                            "member": member.id,
                            "amount": amount,
                            "taxable": component in TAXABLE,
                            "explanation": explanation,
                        }
                    )
            member_rows.append(
                {
                    "id": member.id,
                    "role": member.role,
                    "gross": f["gross_income"][row],
                    "tax": f["income_tax"][row],
                    "net": f["net_income"][row],
                    "tax_estimate": member.withholding_percent is None,
                }
            )
        for component in HOUSEHOLD_COMPONENTS:
            amount = f[component][i]
            if not amount:
                continue
            if component == "housing_allowance":
                names = _housing_allowance_parameters(
                    f["municipality_group"][i], f["household_size"][i]
                )
            else:
                types = f["social_assistance_member_type"][i * m : (i + 1) * m]
                orders = f["social_assistance_sibling_order"][i * m : (i + 1) * m]
                names = _social_assistance_parameters(tuple(zip(types, orders, strict=True)))
            components.append(
                {
                    "id": component,
                    "member": "household",
                    "amount": amount,
                    "taxable": component in TAXABLE,
                    "explanation": _explained(component, month, names),
                }
            )
        # An estimate when a member without a tax card has taxable income; with no taxable
        # income at all (no tax), when an adult has no tax card.
        taxed = {c["member"] for c in components if c["taxable"]}
        if taxed:
            estimate = any(r["tax_estimate"] for r in member_rows if r["id"] in taxed)
        else:
            estimate = any(
                r["tax_estimate"] for r in member_rows if r["role"] in ("applicant", "partner")
            )
        results.append(
            {
                "id": alternative.id,
                "kind": alternative.kind,
                "components": components,
                "gross": f["household_gross_income"][i],
                "tax": f["household_income_tax"][i],
                "net": f["household_net_income"][i],
                "members": member_rows,
                "tax_explanation": _tax_explanation(
                    month, estimate, household.municipality_code or 0
                ),
            }
        )
    return {"month": month, "alternatives": results}


def _figures(
    household: inputs.Household, alternatives: list[inputs.Alternative], months: list[dt.date]
) -> dict[str, dict]:
    households, persons = _complete(columns_for(household, alternatives))
    extra = (*EXPLAINED_PERSON, *EXPLAINED_HOUSEHOLD)
    return _by_regime(households, persons, months, extra)


def calculate(situation: Any) -> dict[str, Any]:
    """One month (the situation's `month`): see rules/api.py."""
    month, household, alternatives = inputs.parse(situation)
    key = f"{month:%Y-%m}"
    figures = _figures(household, alternatives, [month])[key]
    return _result(key, household, alternatives, figures)


def calculate_months(situation: Any, months: list[str]) -> dict[str, dict[str, Any]]:
    """Several months ("YYYY-MM" → calculate()'s output for that month) in one call."""
    dates = inputs.parse_months(months)
    _, household, alternatives = inputs.parse(situation, dates)
    by_month = _figures(household, alternatives, dates)
    return {
        key: _result(key, household, alternatives, figures) for key, figures in by_month.items()
    }


def income_traps(results: dict[str, Any], baseline_id: str) -> list[dict[str, Any]]:
    """Alternatives that earn more than the baseline yet leave the household less net income:
    the law's own income traps (e.g. social assistance falling euro for euro while tax
    rises), to show rather than hide."""

    def wage(alternative: dict[str, Any]) -> float:
        return sum(c["amount"] for c in alternative["components"] if c["id"] == "wage")

    by_id = {a["id"]: a for a in results["alternatives"]}
    base = by_id[baseline_id]
    return [
        {
            "id": a["id"],
            "earnings_gain": round(wage(a) - wage(base), 2),
            "net_change": round(a["net"] - base["net"], 2),
        }
        for a in results["alternatives"]
        if a["id"] != baseline_id and wage(a) > wage(base) and a["net"] < base["net"]
    ]
