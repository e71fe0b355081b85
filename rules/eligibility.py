"""Eligibility predicates for the catalogue's rule references (rules.references).

Each rule is a list of conditions in three-valued logic over column arrays (1 yes, 0 no,
-1 unknown): the rule is eligible when every condition holds, not eligible when any fails,
and needs information otherwise. The same definitions serve one client (`evaluate`: one-row
columns) and a population (`screen`), so the two always agree. Reasons and what would open
a closed route are plain-language English msgids, translated by the product.

These are screening rules: "likely eligible" — the deciding organisation decides."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from .calc import THREAD_ROWS, age_on
from .facts import BOOLEAN_FACTS, FACTS, NUMBER_FACTS
from .i18n import gettext_noop
from .system import system

YES, NO, UNKNOWN = 1, 0, -1
STATUS = {YES: "eligible", NO: "not_eligible", UNKNOWN: "needs_information"}

Columns = dict[str, np.ndarray]


# Three-valued logic on int8 arrays. Ranked NO < UNKNOWN < YES, AND is the minimum rank and
# OR the maximum: rank(v) = v² + (v > 0) maps 0 → 0, -1 → 1, 1 → 2.
_FROM_RANK = np.array([NO, UNKNOWN, YES], dtype=np.int8)


def _rank(values: np.ndarray) -> np.ndarray:
    v = values.astype(np.int8)
    return v * v + (v > 0)


def all_of(results: list[np.ndarray]) -> np.ndarray:
    return _FROM_RANK[np.minimum.reduce([_rank(r) for r in results])]


def any_of(results: list[np.ndarray]) -> np.ndarray:
    return _FROM_RANK[np.maximum.reduce([_rank(r) for r in results])]


def _known(values: np.ndarray) -> np.ndarray:
    return ~np.isnan(values)


def is_true(name: str) -> Callable[[Columns, object], np.ndarray]:
    def check(cols, params):
        return cols[name].astype(np.int8)

    return check


def is_false(name: str) -> Callable[[Columns, object], np.ndarray]:
    def check(cols, params):
        value = cols[name].astype(np.int8)
        return np.where(value == UNKNOWN, UNKNOWN, 1 - value).astype(np.int8)

    return check


def at_least(name: str, minimum) -> Callable[[Columns, object], np.ndarray]:
    def check(cols, params):
        values = cols[name]
        bound = minimum(params) if callable(minimum) else minimum
        return np.where(_known(values), values >= bound, UNKNOWN).astype(np.int8)

    return check


def below(name: str, maximum) -> Callable[[Columns, object], np.ndarray]:
    def check(cols, params):
        values = cols[name]
        bound = maximum(params) if callable(maximum) else maximum
        return np.where(_known(values), values < bound, UNKNOWN).astype(np.int8)

    return check


def between(name: str, low, high) -> Callable[[Columns, object], np.ndarray]:
    def check(cols, params):
        values = cols[name]
        lo = low(params) if callable(low) else low
        hi = high(params) if callable(high) else high
        return np.where(_known(values), (values >= lo) & (values <= hi), UNKNOWN).astype(np.int8)

    return check


def either(*checks) -> Callable[[Columns, object], np.ndarray]:
    """Three-valued OR: yes if any is yes; no if all are no; else unknown."""

    def check(cols, params):
        return any_of([c(cols, params) for c in checks])

    return check


@dataclass(frozen=True)
class Condition:
    facts: tuple[str, ...]
    check: Callable[[Columns, object], np.ndarray]
    reason: str  # why the route is closed when the condition fails
    opens_with: str = ""  # what would open it


def _income_below_last_resort(cols, params):
    """Monthly earnings below the basic amount plus housing costs (a first screen for social
    assistance; the amount itself comes from the calculation)."""
    earnings, housing = cols["monthly_earnings"], cols["housing_cost"]
    known = _known(earnings) & _known(housing)
    limit = params.social_assistance.basic_amount + np.nan_to_num(housing)
    return np.where(known, earnings < limit, UNKNOWN).astype(np.int8)


REGISTERED = Condition(
    ("jobseeker_registered",),
    is_true("jobseeker_registered"),
    gettext_noop("Not registered as a jobseeker."),
    gettext_noop("Registering as a jobseeker with the employment services"),
)
BENEFIT_PAID = Condition(
    ("unemployment_benefit",),
    is_true("unemployment_benefit"),
    gettext_noop("No unemployment benefit is being paid."),
    gettext_noop("An unemployment benefit decision from Kela"),
)
WORKING_AGE = Condition(
    ("age",),
    between("age", lambda p: p.unemployment.minimum_age, lambda p: p.unemployment.maximum_age),
    gettext_noop("Outside the age limits of the unemployment benefit (17–64)."),
)
REHABILITATION_AGE = Condition(
    ("age",),
    between("age", 16, 67),
    gettext_noop("Kela rehabilitation is for people aged 16–67."),
)
WORK_ABILITY = Condition(
    ("age", "work_ability_threatened"),
    either(below("age", 30), is_true("work_ability_threatened")),
    gettext_noop("An illness does not (yet) threaten work or study ability in the next few years."),
    gettext_noop("A doctor's assessment that an illness threatens work ability"),
)
MEDICAL_STATEMENT = Condition(
    ("age", "medical_statement"),
    either(below("age", 30), is_true("medical_statement")),
    gettext_noop("No medical statement (B) on work ability."),
    gettext_noop("A medical statement (B) from a doctor"),
)
SICK = Condition(
    ("on_sick_leave",),
    is_true("on_sick_leave"),
    gettext_noop("Not incapable of work because of illness."),
    gettext_noop("A doctor's certificate of incapacity for work"),
)
NOT_SICK = Condition(
    ("on_sick_leave",),
    is_false("on_sick_leave"),
    gettext_noop("On sick leave: the sickness allowance comes first for the same days."),
)
NOT_STUDYING = Condition(
    ("in_studies",),
    is_false("in_studies"),
    gettext_noop("Full-time students are covered by student financial aid instead."),
)


def _young_and_six_months(cols: Columns, params) -> np.ndarray:
    """Under 25 and unemployed for 6 months (three-valued AND)."""
    return all_of([below("age", 25)(cols, params), at_least("unemployed_months", 6)(cols, params)])


LONG_TERM_UNEMPLOYED = Condition(
    ("unemployed_months", "age"),
    either(at_least("unemployed_months", 12), _young_and_six_months),
    gettext_noop("Not yet long-term unemployed (12 months, or 6 months under 25)."),
    gettext_noop("A longer period of unemployment, or an activation plan with the municipality"),
)


RULES: dict[str, tuple[Condition, ...]] = {
    "unemployment_benefit": (REGISTERED, WORKING_AGE, NOT_SICK),
    "expense_allowance": (BENEFIT_PAID,),
    "sickness_allowance": (
        Condition(
            ("age",), at_least("age", 18), gettext_noop("The sickness allowance starts at 18.")
        ),
        SICK,
        Condition(
            ("sickness_days_used",),
            below("sickness_days_used", 300),
            gettext_noop("The 300 days of sickness allowance have been used."),
            gettext_noop(
                "A disability pension application; the unemployment benefit is possible meanwhile"
            ),
        ),
    ),
    "rehabilitation_allowance": (
        Condition(
            ("age",),
            between("age", 18, 67),
            gettext_noop("The rehabilitation allowance is for ages 18–67."),
        ),
        WORK_ABILITY,
        MEDICAL_STATEMENT,
    ),
    "maintenance_allowance": (REHABILITATION_AGE, WORK_ABILITY, MEDICAL_STATEMENT),
    "housing_allowance": (
        Condition(
            ("housing_cost",),
            at_least("housing_cost", 0.01),
            gettext_noop("No housing costs."),
        ),
        NOT_STUDYING,
    ),
    "social_assistance": (
        Condition(
            ("monthly_earnings", "housing_cost"),
            _income_below_last_resort,
            gettext_noop("Earnings cover the basic amount and housing costs."),
        ),
    ),
    "vocational_rehabilitation_assessment": (REHABILITATION_AGE, WORK_ABILITY, MEDICAL_STATEMENT),
    "kela_vocational_rehabilitation": (REHABILITATION_AGE, WORK_ABILITY, MEDICAL_STATEMENT),
    "studies_with_rehabilitation": (REHABILITATION_AGE, WORK_ABILITY, MEDICAL_STATEMENT),
    "rehabilitation_psychotherapy": (
        REHABILITATION_AGE,
        Condition(
            ("psychiatrist_statement",),
            is_true("psychiatrist_statement"),
            gettext_noop("No psychiatrist's statement."),
            gettext_noop("A psychiatrist's statement"),
        ),
        Condition(
            ("treatment_months",),
            at_least("treatment_months", 3),
            gettext_noop("Less than 3 months of appropriate treatment after the diagnosis."),
            gettext_noop("3 months of treatment first"),
        ),
    ),
    "work_trial": (REGISTERED, BENEFIT_PAID),
    "pay_subsidised_work": (REGISTERED,),
    "rehabilitative_work_activity": (LONG_TERM_UNEMPLOYED,),
    "social_rehabilitation": (
        Condition(
            ("work_ability_threatened", "multi_agency_need"),
            either(is_true("work_ability_threatened"), is_true("multi_agency_need")),
            gettext_noop("No need for support in functional capacity or life management recorded."),
            gettext_noop("An assessment by the social services"),
        ),
    ),
    "health_check_unemployed": (REGISTERED,),
    "joint_service_typ": (
        BENEFIT_PAID,
        Condition(
            ("multi_agency_need",),
            is_true("multi_agency_need"),
            gettext_noop("No need for a multi-sectoral employment plan recorded."),
            gettext_noop("An assessment of the need for multi-sectoral services"),
        ),
    ),
}


def _parameters(month: str):
    return system().parameters(f"{month}-01")


def _with_age(cols: Columns, month: str) -> Columns:
    """Ages at the start of the month from the birth dates, where an age is not given."""
    if "birth_date" not in cols:
        return cols
    first = dt.date.fromisoformat(f"{month}-01")
    derived = age_on(np.asarray(cols["birth_date"], dtype="datetime64[D]"), first).astype(float)
    given = cols.get("age")
    age = derived if given is None else np.where(np.isnan(given), derived, given)
    return {**cols, "age": age}


def _complete(cols: Columns, n: int) -> Columns:
    """Unknown columns for facts not given."""
    full = dict(cols)
    for name in BOOLEAN_FACTS:
        full.setdefault(name, np.full(n, UNKNOWN, dtype=np.int8))
    for name in NUMBER_FACTS:
        full[name] = np.asarray(full.get(name, np.full(n, np.nan)), dtype=float)
    return full


def _rows(cols: Columns) -> int:
    return len(next(iter(cols.values()))) if cols else 0


def screen(facts: Columns, month: str) -> dict[str, np.ndarray]:
    """Every rule for every person: int8 arrays of 1 / 0 / -1."""
    n = _rows(facts)
    cols = _complete(_with_age(facts, month), n)
    params = _parameters(month)
    checked: dict[int, np.ndarray] = {}  # conditions shared by several rules run once

    def check(condition: Condition) -> np.ndarray:
        if id(condition) not in checked:
            checked[id(condition)] = condition.check(cols, params)
        return checked[id(condition)]

    out = {}
    for rule_id, conditions in RULES.items():
        out[rule_id] = all_of([check(c) for c in conditions])
    return out


def _columns_of(facts: dict) -> Columns:
    cols: Columns = {}
    for name, (kind, _) in FACTS.items():
        value = facts.get(name)
        if kind == "bool":
            cols[name] = np.array([UNKNOWN if value is None else int(bool(value))], dtype=np.int8)
        elif kind == "number" and value is not None:
            cols[name] = np.array([float(value)])
        elif kind == "number":
            cols[name] = np.array([np.nan if value is None else float(value)])
        elif value is not None:
            cols[name] = np.array([np.datetime64(str(value)[:10], "D")])
    return cols


def evaluate(rule_id: str, facts: dict, month: str) -> dict:
    if rule_id not in RULES:
        raise KeyError(rule_id)
    n_cols = _complete(_with_age(_columns_of(facts), month), 1)
    params = _parameters(month)
    reasons: list[str] = []
    opens: list[str] = []
    missing: list[str] = []
    results = []
    for condition in RULES[rule_id]:
        result = int(condition.check(n_cols, params)[0])
        results.append(result)
        if result == NO:
            reasons.append(condition.reason)
            if condition.opens_with:
                opens.append(condition.opens_with)
        elif result == UNKNOWN:
            missing.extend(
                f
                for f in condition.facts
                if f not in missing
                and facts.get(f) is None
                and not (f == "age" and facts.get("birth_date"))
            )
    if NO in results:
        status = NO
    elif all(r == YES for r in results):
        status = YES
    else:
        status = UNKNOWN
    return {
        "status": STATUS[status],
        "reasons": reasons,
        "opens_with": opens,
        "missing_facts": missing if status == UNKNOWN else [],
    }


def screen_months(facts: Columns, months: list[str]) -> dict[str, dict[str, np.ndarray]]:
    """`screen` for several months; for a large population the months run in threads
    (NumPy releases the GIL)."""
    workers = max(1, min(os.cpu_count() or 1, len(months), _rows(facts) // THREAD_ROWS))
    if workers == 1:
        return {month: screen(facts, month) for month in months}
    with ThreadPoolExecutor(workers) as pool:
        return dict(zip(months, pool.map(lambda month: screen(facts, month), months), strict=True))
