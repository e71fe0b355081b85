"""`calculate` / `calculate_months`: a situation (the `polku-rules calc` JSON) → monthly
components with their explanations, in ONE OpenFisca simulation whose rows are the
alternatives (and, for many people, people × alternatives), evaluated month by month."""

from __future__ import annotations

import datetime as dt
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, reduce
from typing import Any

import numpy as np
from openfisca_core.simulation_builder import SimulationBuilder

from .errors import InputError
from .i18n import gettext_noop
from .system import FIRST_MONTH, system
from .variables import ACTIVITIES, CODE

COMPONENTS = (
    "wage",
    "unemployment_benefit",
    "expense_allowance",
    "sickness_allowance",
    "rehabilitation_allowance",
    "maintenance_allowance",
    "housing_allowance",
    "social_assistance",
)
TAXABLE = {"wage", "unemployment_benefit", "sickness_allowance", "rehabilitation_allowance"}
MONTH_PATTERN = re.compile(r"^\d{4}-\d{2}$")
MAX_ATTENDANCE_DAYS = 31
KINDS_WITH_WAGE = {"part_time_work", "pay_subsidised_work"}
KINDS_WITH_DAYS = {"work_trial", "rehabilitative_work_activity"}
KINDS_WITH_ALLOWANCE = {
    "sickness_allowance",
    "vocational_rehabilitation",
    "studies_with_rehabilitation",
}

# The formula of each component in words, in plain English (an msgid the product translates
# with gettext; the explanation carries the formula's id, the component's id), and the
# parameters it reads (dotted names under rules/parameters).
FORMULAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "wage": (gettext_noop("The gross wage of this alternative."), ("tax.wage_withholding",)),
    "unemployment_benefit": (
        gettext_noop(
            "Daily amount × payment days a month, less 50 cents for each euro of gross "
            "earnings; not paid with the sickness or rehabilitation allowance."
        ),
        (
            "unemployment.daily_amount",
            "unemployment.payment_days_per_month",
            "unemployment.earnings_adjustment_rate",
            "unemployment.yleistuki_from",
            "tax.unemployment_benefit_withholding",
        ),
    ),
    "expense_allowance": (
        gettext_noop(
            "Attendance days (at most the monthly maximum) × the daily expense allowance; "
            "the higher rate in a work trial outside the commuting area. Tax-free."
        ),
        (
            "expense_allowance.daily_amount",
            "expense_allowance.daily_amount_outside_commuting_area",
            "expense_allowance.max_days_per_month",
        ),
    ),
    "sickness_allowance": (
        gettext_noop(
            "(70 per cent of the annual income up to the limit + the rate above it) ÷ 300, "
            "at least the minimum, × 25 payment days. Annual income = earnings less "
            "contributions."
        ),
        (
            "daily_allowances.replacement_rate",
            "daily_allowances.income_limit",
            "daily_allowances.rate_above_limit",
            "daily_allowances.minimum_daily",
            "daily_allowances.payment_days_per_month",
            "daily_allowances.contribution_deduction",
            "daily_allowances.partial_share",
            "tax.daily_allowance_withholding",
        ),
    ),
    "rehabilitation_allowance": (
        gettext_noop(
            "The sickness allowance's annual-income formula, at least the minimum, × 25 "
            "payment days; replaces the unemployment benefit."
        ),
        (
            "daily_allowances.replacement_rate",
            "daily_allowances.income_limit",
            "daily_allowances.rate_above_limit",
            "daily_allowances.minimum_daily",
            "daily_allowances.payment_days_per_month",
            "daily_allowances.contribution_deduction",
            "daily_allowances.partial_share",
            "tax.daily_allowance_withholding",
        ),
    ),
    "maintenance_allowance": (
        gettext_noop(
            "Paid with the minimum rehabilitation allowance: the daily amount × rehabilitation "
            "days (the attendance days, else 21.5). Tax-free."
        ),
        ("maintenance_allowance.daily_amount", "daily_allowances.minimum_daily"),
    ),
    "housing_allowance": (
        gettext_noop(
            "70 per cent × (acceptable housing costs − basic deductible); the deductible is "
            "50 per cent of the income above 667 € + 94 € per adult + 296 € per child."
        ),
        (
            "housing_allowance.share_of_costs",
            "housing_allowance.max_cost_one_person",
            "housing_allowance.deductible_rate",
            "housing_allowance.threshold_base",
            "housing_allowance.threshold_per_adult",
            "housing_allowance.threshold_per_child",
            "housing_allowance.ignored_deductible",
        ),
    ),
    "social_assistance": (
        gettext_noop(
            "Last resort: basic amount per adult + housing costs − net income after tax and "
            "the housing allowance (expense and maintenance allowances are not counted)."
        ),
        ("social_assistance.basic_amount", "social_assistance.earned_income_deduction"),
    ),
}
TAX_FORMULA_ID = "income_tax"
TAX_FORMULA = gettext_noop(
    "An estimate: flat withholding rates on the wage and the taxable benefits, not the tax card."
)
TAX_PARAMETERS = (
    "tax.wage_withholding",
    "tax.unemployment_benefit_withholding",
    "tax.daily_allowance_withholding",
)


# --------------------------------------------------------------------------------------------
# Input validation


def _month(value: Any, field: str = "month") -> dt.date:
    if not isinstance(value, str) or not MONTH_PATTERN.match(value):
        raise InputError(f"{field}: expected a month as YYYY-MM, got {value!r}")
    year, month = int(value[:4]), int(value[5:])
    if not 1 <= month <= 12:
        raise InputError(f"{field}: {value!r} is not a month (01–12)")
    if value < FIRST_MONTH:
        raise InputError(f"{field}: the rules are encoded from {FIRST_MONTH}; got {value}")
    return dt.date(year, month, 1)


def _number(obj: dict, key: str, where: str, *, default=None, maximum=None) -> float:
    value = obj.get(key, default)
    if value is None:
        raise InputError(f"{where}.{key}: required")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{where}.{key}: expected a number, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise InputError(f"{where}.{key}: must not be negative, got {value!r}")
    if maximum is not None and value > maximum:
        raise InputError(f"{where}.{key}: at most {maximum}, got {value!r}")
    return float(value)


def _flag(obj: dict, key: str, where: str, *, default=None) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        raise InputError(f"{where}.{key}: expected true or false, got {value!r}")
    return value


@dataclass(frozen=True)
class Person:
    birth_date: dt.date
    adults: int
    children: int
    entitled: bool
    annual_earned_income: float
    housing_cost: float


def parse_person(data: Any) -> Person:
    if not isinstance(data, dict):
        raise InputError("person: expected an object")
    raw = data.get("birth_date")
    try:
        birth = dt.date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        birth = None
    if birth is None:
        raise InputError(f"person.birth_date: expected a date as YYYY-MM-DD, got {raw!r}")
    adults = _number(data, "adults_in_household", "person", default=1, maximum=20)
    children = _number(data, "children_in_household", "person", default=0, maximum=20)
    if adults < 1 or adults != int(adults) or children != int(children):
        raise InputError("person: adults_in_household ≥ 1 and children are whole numbers")
    return Person(
        birth_date=birth,
        adults=int(adults),
        children=int(children),
        entitled=_flag(data, "unemployment_benefit", "person"),
        annual_earned_income=_number(data, "annual_earned_income", "person", default=0),
        housing_cost=_number(data, "housing_cost", "person", default=0),
    )


def parse_alternative(data: Any, index: int) -> dict[str, Any]:
    where = f"alternatives[{index}]"
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected an object")
    ident, kind = data.get("id"), data.get("kind")
    if not isinstance(ident, str) or not ident:
        raise InputError(f"{where}.id: required (a non-empty string)")
    if kind not in CODE:
        raise InputError(f"{where}.kind: unknown kind {kind!r}; known: {', '.join(ACTIVITIES)}")
    wage = _number(data, "gross_wage", where) if kind in KINDS_WITH_WAGE else 0.0
    if kind in KINDS_WITH_DAYS:
        days = _number(data, "attendance_days", where, maximum=MAX_ATTENDANCE_DAYS)
    else:
        days = _number(data, "attendance_days", where, default=0, maximum=MAX_ATTENDANCE_DAYS)
    outside = _flag(data, "outside_commuting_area", where, default=False)
    partial = _flag(data, "partial", where, default=False)
    if partial and kind not in KINDS_WITH_ALLOWANCE:
        raise InputError(f"{where}.partial: only for {', '.join(sorted(KINDS_WITH_ALLOWANCE))}")
    return {
        "id": ident,
        "kind": kind,
        "wage": wage,
        "days": days,
        "outside": outside,
        "partial": partial,
    }


def parse(situation: Any) -> tuple[dt.date, Person, list[dict[str, Any]]]:
    if not isinstance(situation, dict):
        raise InputError("the situation must be a JSON object")
    month = _month(situation.get("month"))
    person = parse_person(situation.get("person"))
    if person.birth_date >= month:
        raise InputError("person.birth_date: must be before the month computed")
    alternatives = situation.get("alternatives")
    if not isinstance(alternatives, list) or not alternatives:
        raise InputError("alternatives: expected a non-empty list")
    parsed = [parse_alternative(a, i) for i, a in enumerate(alternatives)]
    ids = [a["id"] for a in parsed]
    if len(set(ids)) != len(ids):
        raise InputError("alternatives: ids must be unique")
    return month, person, parsed


# --------------------------------------------------------------------------------------------
# Simulation


def age_on(birth: np.ndarray, first_day: dt.date) -> np.ndarray:
    """Full years at `first_day` for birth dates as datetime64[D] (vectorised)."""
    years = birth.astype("datetime64[Y]").astype(int) + 1970
    months = birth.astype("datetime64[M]").astype(int) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(int) + 1
    before = (months > first_day.month) | ((months == first_day.month) & (days > first_day.day))
    return first_day.year - years - before.astype(int)


@cache
def regime(month: str) -> tuple:
    """What the law is in `month` (YYYY-MM): the date from which each parameter's value in
    effect applies and the start of each variable's formula in effect. Months of the same
    regime compute the same figures from the same inputs (the formulas read the period only
    through the parameters), so they are computed together."""
    instant = f"{month}-01"
    in_effect = []
    for node in system().parameters.get_descendants():
        values = getattr(node, "values_list", None)
        if values:  # a leaf; values_list is newest first
            in_effect.append(next((v.instant_str for v in values if v.instant_str <= instant), ""))
    for name, variable in sorted(system().variables.items()):
        starts = [start for start in variable.formulas if start <= instant]
        in_effect.append(f"{name}:{starts[-1] if starts else ''}")
    return tuple(in_effect)


# Few rows (a route plan): the per-variable, per-period overhead dominates, so the months of
# one regime are computed in one period with the rows repeated per month (up to STACK_ROWS
# rows). Many rows (a screening): one simulation over the months, the rows split across
# threads of THREAD_ROWS or more (NumPy releases the GIL).
STACK_ROWS = 20_000
THREAD_ROWS = 200_000
OUTPUTS = (*COMPONENTS, "income_tax", "gross_income", "net_income")


def _simulation(columns: dict[str, np.ndarray], key: str):
    simulation = SimulationBuilder().build_default_simulation(
        system(), count=len(columns["activity"])
    )
    for name, values in columns.items():
        if name != "birth_date":
            simulation.set_input(name, key, values)
    return simulation


def _stacked(columns: dict[str, np.ndarray], months: list[dt.date]) -> dict[str, dict]:
    """Months of one regime in one period computation: the rows repeated once per month, each
    repetition with the ages of its month."""
    count = len(columns["activity"])
    repeated = {name: np.tile(values, len(months)) for name, values in columns.items()}
    key = f"{months[0]:%Y-%m}"
    simulation = _simulation(repeated, key)
    ages = np.concatenate([age_on(columns["birth_date"], month) for month in months])
    simulation.set_input("age_years", key, ages)
    figures = {name: simulation.calculate(name, key) for name in OUTPUTS}
    return {
        f"{month:%Y-%m}": {
            name: values[i * count : (i + 1) * count] for name, values in figures.items()
        }
        for i, month in enumerate(months)
    }


def _sequential(
    columns: dict[str, np.ndarray], months: list[dt.date], *, reuse: bool = True
) -> dict[str, dict]:
    """One simulation, month by month. When a month has the same regime as the month before,
    only the rows whose age changed (a birthday) are computed again: nothing else in the
    inputs changes by month, so the other rows' figures are the previous month's."""
    simulation = _simulation(columns, f"{months[0]:%Y-%m}")
    out: dict[str, dict] = {}
    previous = None  # (regime, ages, figures) of the month before
    for month in months:
        key = f"{month:%Y-%m}"
        ages = age_on(columns["birth_date"], month)
        law = regime(key)
        if reuse and previous is not None and previous[0] == law:
            figures = {name: values.copy() for name, values in previous[2].items()}
            changed = np.flatnonzero(ages != previous[1])
            if changed.size:
                rows = {name: values[changed] for name, values in columns.items()}
                again = _simulation(rows, key)
                again.set_input("age_years", key, ages[changed])
                for name in OUTPUTS:
                    figures[name][changed] = again.calculate(name, key)
        else:
            simulation.set_input("age_years", key, ages)
            figures = {name: simulation.calculate(name, key) for name in OUTPUTS}
        out[key] = figures
        previous = (law, ages, figures)
    return out


def simulate(
    columns: dict[str, np.ndarray], months: list[dt.date], *, plain: bool = False
) -> dict[str, dict[str, Any]]:
    """The monthly figures of len(rows) rows for every month. `columns`: activity (int),
    gross_wage, attendance_days, outside_commuting_area, entitled_to_unemployment_benefit,
    annual_earned_income, housing_cost, adults_in_household, children_in_household,
    birth_date (datetime64[D]). Returns {YYYY-MM: {variable: array}}, months in order.
    `plain`: one thread, every month computed whole (the reference the faster paths must
    equal; used by the tests and the benchmark)."""
    count = len(columns["activity"])
    months = sorted(set(months))
    if plain:
        return _sequential(columns, months, reuse=False)
    if count * 2 <= STACK_ROWS:
        by_regime: dict[tuple, list[dt.date]] = {}
        for month in months:
            by_regime.setdefault(regime(f"{month:%Y-%m}"), []).append(month)
        per_call = max(1, STACK_ROWS // max(count, 1))
        out: dict[str, dict[str, Any]] = {}
        for group in by_regime.values():
            for start in range(0, len(group), per_call):
                out.update(_stacked(columns, group[start : start + per_call]))
        return dict(sorted(out.items()))
    workers = max(1, min(os.cpu_count() or 1, count // THREAD_ROWS))
    if workers == 1:
        return _sequential(columns, months)
    # Each thread writes its rows straight into the full-length arrays (no concatenation).
    out = {f"{m:%Y-%m}": {name: np.empty(count) for name in OUTPUTS} for m in months}
    bounds = np.linspace(0, count, workers + 1).astype(int)

    def part(lo: int, hi: int) -> None:
        figures = _sequential({name: v[lo:hi] for name, v in columns.items()}, months)
        for key, values in figures.items():
            for name in OUTPUTS:
                out[key][name][lo:hi] = values[name]

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(part, bounds[:-1], bounds[1:]))
    return out


def _columns(person: Person, alternatives: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    n = len(alternatives)
    return {
        "activity": np.array([CODE[a["kind"]] for a in alternatives]),
        "gross_wage": np.array([a["wage"] for a in alternatives]),
        "attendance_days": np.array([a["days"] for a in alternatives]),
        "outside_commuting_area": np.array([a["outside"] for a in alternatives]),
        "partial_allowance": np.array([a["partial"] for a in alternatives]),
        "entitled_to_unemployment_benefit": np.full(n, person.entitled),
        "annual_earned_income": np.full(n, person.annual_earned_income),
        "housing_cost": np.full(n, person.housing_cost),
        "adults_in_household": np.full(n, person.adults),
        "children_in_household": np.full(n, person.children),
        "birth_date": np.full(n, np.datetime64(person.birth_date, "D")),
    }


# --------------------------------------------------------------------------------------------
# Explanations


@cache
def parameter_info(name: str, month: str) -> dict[str, Any]:
    """The value of parameter `name` in effect in `month`, as data for an explanation: its
    name (the product names it in the reader's language, rules.labels), value and unit
    (OpenFisca's `currency-EUR`, `/1` for a share, `day`, `year`, `flag`), the date it
    applies from (a date), its source in English (`source`, OpenFisca's reference) and in
    each language (`sources`: {"fi", "sv", "en"}), and whether it is unverified."""
    node = reduce(getattr, name.split("."), system().parameters)
    instant = f"{month}-01"
    current = next(v for v in node.values_list if v.instant_str <= instant)
    metadata = node.metadata
    info = {
        "name": name,
        "value": current.value,
        "unit": metadata.get("unit") or "",
        "valid_from": dt.date.fromisoformat(current.instant_str),
        "source": metadata.get("reference") or "",
        "sources": dict(metadata.get("sources") or {}),
        "description": node.description or "",
        "unverified": bool(metadata.get("unverified")),
    }
    if info["unverified"]:
        info["unverified_note"] = str(metadata["unverified"])
    return info


def _explanation(component: str, month: str) -> dict[str, Any]:
    formula, parameters = FORMULAS[component]
    return {
        "formula_id": component,
        "formula": formula,
        "parameters": [parameter_info(p, month) for p in parameters],
    }


def _result(month: str, alternatives, figures) -> dict[str, Any]:
    results = []
    for i, alternative in enumerate(alternatives):
        components = [
            {
                "id": component,
                "amount": float(figures[component][i]),
                "taxable": component in TAXABLE,
                "explanation": _explanation(component, month),
            }
            for component in COMPONENTS
            if figures[component][i] != 0
        ]
        results.append(
            {
                "id": alternative["id"],
                "kind": alternative["kind"],
                "components": components,
                "gross": float(figures["gross_income"][i]),
                "tax": float(figures["income_tax"][i]),
                "net": float(figures["net_income"][i]),
                "tax_explanation": {
                    "formula_id": TAX_FORMULA_ID,
                    "formula": TAX_FORMULA,
                    "estimate": True,
                    "parameters": [parameter_info(p, month) for p in TAX_PARAMETERS],
                },
            }
        )
    return {"month": month, "alternatives": results}


def calculate(situation: Any) -> dict[str, Any]:
    month, person, alternatives = parse(situation)
    key = f"{month:%Y-%m}"
    figures = simulate(_columns(person, alternatives), [month])[key]
    return _result(key, alternatives, figures)


def calculate_months(situation: Any, months: list[str]) -> dict[str, dict[str, Any]]:
    if not isinstance(months, list) or not months:
        raise InputError("months: expected a non-empty list of YYYY-MM")
    dates = [_month(m, "months") for m in months]
    first = min(dates)
    _, person, alternatives = parse({**situation, "month": f"{first:%Y-%m}"})
    by_month = simulate(_columns(person, alternatives), sorted(set(dates)))
    return {key: _result(key, alternatives, figures) for key, figures in by_month.items()}


def income_traps(results: dict[str, Any], baseline_id: str) -> list[dict[str, Any]]:
    """Alternatives that earn more than the baseline yet leave less net income: the law's
    own income traps (e.g. social assistance falling euro for euro while tax rises), to show
    rather than hide."""

    def wage(alternative) -> float:
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
