"""Eligibility predicates for the catalogue's rule references (rules.references).

Each rule is a list of conditions in three-valued logic over column arrays (1 yes, 0 no,
-1 unknown): the rule is eligible when every condition holds, not eligible when any fails,
and needs information otherwise. A condition is "yes" only when the known facts support it
— an unknown fact is never read as yes (nor as no), and no condition defaults to yes. The
same definitions serve one client (`evaluate`: one-row columns) and a population
(`screen`), so the two always agree; `explain` also names, row by row, the unknown facts
that leave a rule needing information. Reasons, what would open a closed route and the
facts' names are plain-language English msgids, translated by the product.

These are screening rules: "likely eligible" — the deciding organisation decides. Where an
amount decides (housing allowance, social assistance, the unemployment benefit adjusted
by earnings) the screen compares bounds: "yes" only when even the highest income the facts
allow leaves something to pay, "no" only when even the lowest leaves nothing; in between it
needs information (the route plan's calculation decides). Not screened, for want of facts
the product holds: residence and social-security cover in Finland (assumed for clients of a
Finnish municipality), the labour-market subsidy's means test on income other than earnings,
the sickness allowance's waiting period (the day of falling ill and 9 working days: a shorter
incapacity gets none), the application deadlines.

Conditions and their sources (/work/shared/domain/benefits-facts.md, read 2.12.2026):
- Unemployment benefit (kela.fi labour-market subsidy; stm.fi yleistuki 1.5.2026; TTL 2:10;
  TTL 3:1 as amended by Act 738/2024): a registered jobseeker aged 18–64 (17–64 if born
  before 2008), able to work (not on sick leave), not a full-time student, earnings leaving
  something after the 50 % adjustment.
- Expense allowance (kela.fi kulukorvaus): unemployment benefit paid and taking part in an
  employment service or rehabilitative work activity.
- Sickness allowance (kela.fi sairauspäiväraha): aged 18–67 (16–67 if born before 2009, as the
  calculation applies daily_allowances.*), incapable of work because of
  illness, in work, business, full-time studies, as an unemployed jobseeker or looking
  after the home in the 3 months before, fewer than 300 days paid.
- Kela vocational rehabilitation, its assessment, studies, rehabilitation and maintenance
  allowances (kela.fi; KKRL 6 §): aged 16–67 (the allowance 18–67, 16–67 if born before 2009),
  an illness threatening
  work or study ability in the next few years, a medical statement (B) — under 30 no
  diagnosis is needed, so a missing B statement leaves it open — and no established work
  history (then the earnings-related pension provider arranges it). The maintenance
  allowance is for those on the minimum rehabilitation allowance.
- Rehabilitation psychotherapy (kela.fi): aged 16–67, a mental disorder impairing work or
  study ability, a psychiatrist's statement, ≥ 3 months of treatment.
- General housing allowance (kela.fi; Act 938/2014): housing costs; not an owner-occupied
  home from 1.1.2025; not a full-time student from 1.8.2025; assets under the limit from
  1.1.2025; the household's income low enough that 70 % of the capped costs exceed the
  basic deductible.
- Basic social assistance (kela.fi; STT/Kela 16.2.2026): the family's basic amounts exceed
  the family's income (earnings, unemployment and sickness benefits, child benefit) and
  assets.
- Employment services (tyomarkkinatori.fi; Acts 189/2001, 381/2023, 1326/2010, section 13): a
  registered jobseeker; the work trial and TYP with an unemployment benefit paid;
  rehabilitative work activity for the long-term unemployed of the benefit's ages on
  unemployment benefit; social rehabilitation with a recorded need for support."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from openfisca_core.parameters import ParameterNode, ParameterNodeAtInstant

from .facts import BOOLEAN_FACTS, FACTS, NUMBER_FACTS
from .i18n import gettext_noop

YES, NO, UNKNOWN = 1, 0, -1
STATUS = {YES: "eligible", NO: "not_eligible", UNKNOWN: "needs_information"}

Columns = dict[str, np.ndarray]
# The parameters in force: a `Law` (below) or OpenFisca's parameter tree at an instant.
type Params = Law | ParameterNodeAtInstant
Check = Callable[[Columns, Params], np.ndarray]
# A bound of a condition: a number, or read from the parameters in force.
type Bound = float | Callable[[Params], float]


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


def _z(values: np.ndarray) -> np.ndarray:
    """NaN → 0 (np.nan_to_num without its infinity checks)."""
    return np.where(np.isnan(values), 0.0, values)


def _tri(yes: np.ndarray, no: np.ndarray) -> np.ndarray:
    """1 where `yes`, else 0 where `no`, else -1 (`yes` wins; callers keep them disjoint)."""
    return np.where(yes, YES, np.where(no, NO, UNKNOWN)).astype(np.int8)


def is_true(name: str) -> Check:
    def check(cols: Columns, params: Params) -> np.ndarray:
        return cols[name]

    return check


def is_false(name: str) -> Check:
    def check(cols: Columns, params: Params) -> np.ndarray:
        value = cols[name].astype(np.int8)
        return np.where(value == UNKNOWN, UNKNOWN, 1 - value).astype(np.int8)

    return check


def _bound(value: Bound, params: Params) -> float:
    return value(params) if callable(value) else value


def at_least(name: str, minimum: Bound) -> Check:
    def check(cols: Columns, params: Params) -> np.ndarray:
        values = cols[name]
        bound = _bound(minimum, params)
        return np.where(_known(values), values >= bound, UNKNOWN).astype(np.int8)

    return check


def below(name: str, maximum: Bound) -> Check:
    def check(cols: Columns, params: Params) -> np.ndarray:
        values = cols[name]
        bound = _bound(maximum, params)
        return np.where(_known(values), values < bound, UNKNOWN).astype(np.int8)

    return check


def between(name: str, low: Bound, high: Bound) -> Check:
    def check(cols: Columns, params: Params) -> np.ndarray:
        values = cols[name]
        lo, hi = _bound(low, params), _bound(high, params)
        return np.where(_known(values), (values >= lo) & (values <= hi), UNKNOWN).astype(np.int8)

    return check


def either(*checks: Check) -> Check:
    """Three-valued OR: yes if any is yes; no if all are no; else unknown."""

    def check(cols: Columns, params: Params) -> np.ndarray:
        return any_of([c(cols, params) for c in checks])

    return check


def both(*checks: Check) -> Check:
    """Three-valued AND."""

    def check(cols: Columns, params: Params) -> np.ndarray:
        return all_of([c(cols, params) for c in checks])

    return check


def unless_in_force(flag: Callable[[Params], bool], inner: Check) -> Check:
    """`inner` from the date the law sets (`flag(params)` true), yes before it."""

    def check(cols: Columns, params: Params) -> np.ndarray:
        if flag(params):
            return inner(cols, params)
        return np.full(_rows(cols), YES, dtype=np.int8)

    return check


# Which facts a condition still needs, row by row: fact → bool array (true where the fact
# is unknown AND would matter). The default: each of the condition's facts that is unknown.
Needs = Callable[[Columns], dict[str, np.ndarray]]


def _unknown(cols: Columns, name: str) -> np.ndarray:
    values = cols[name]
    if values.dtype == np.int8:
        return values == UNKNOWN
    return np.isnan(values)


@dataclass(frozen=True)
class Condition:
    facts: tuple[str, ...]
    check: Check
    reason: str  # why the route is closed when the condition fails
    opens_with: str = ""  # what would open it
    needs: Needs | None = None  # the default: every unknown fact of `facts`
    reads_age: bool = False  # besides `facts` (the age changes from month to month)
    # The parameter subtrees (rules/parameters/<name>) the check reads: its result is the
    # same in months where these (and the date switches) are. None: any parameter.
    reads: tuple[str, ...] | None = None

    @property
    def by_month(self) -> bool:
        return self.reads_age or "age" in self.facts

    def missing(self, cols: Columns) -> dict[str, np.ndarray]:
        if self.needs is not None:
            return self.needs(cols)
        return {name: _unknown(cols, name) for name in self.facts}


# ---------------------------------------------------------------------------------------------
# Parameters (rules/parameters; read by name so that the screen follows the law in force)


def _get(params: object, path: str) -> Any:
    node = params
    for part in path.split("."):
        try:
            node = getattr(node, part)
        except AttributeError:
            return None
    return node


def _flag(path: str, since: dt.date) -> Callable[[Params], bool]:
    """A date switch: the parameter flag when encoded, else in force from `since` (the
    date the source gives)."""

    def in_force(params: Params) -> bool:
        value = _get(params, path)
        if value is not None:
            return bool(value)
        return _month_of(params) >= since

    return in_force


def _month_of(params: Params) -> dt.date:
    return dt.date.fromisoformat(str(params._instant_str)[:10])


# Before the member-type table is encoded (rules/parameters/social_assistance), the shares of
# the single person's basic amount from kela.fi's 2018 table (benefits-facts.md, Households):
# cohabiting 85 %, single parent +10 %, children 10–17 70/65/60 %, under 10 63/58/53 %.
COHABITING_SHARE, SINGLE_PARENT_SHARE = 0.85, 1.10
CHILD_10_17_SHARES, CHILD_UNDER_10_SHARES = (0.70, 0.65, 0.60), (0.63, 0.58, 0.53)


def _basic_amounts(params: Params) -> dict:
    node = _get(params, "social_assistance.basic_amount")
    single = _get(node, "single")
    if single is None:  # the single amount only (a scalar)
        single = float(node)
        return {
            "single": single,
            "cohabiting": COHABITING_SHARE * single,
            "single_parent": SINGLE_PARENT_SHARE * single,
            "child_10_17": tuple(s * single for s in CHILD_10_17_SHARES),
            "child_under_10": tuple(s * single for s in CHILD_UNDER_10_SHARES),
        }
    return {
        "single": float(single),
        "cohabiting": float(node.cohabiting),
        "single_parent": float(node.single_parent),
        "child_10_17": tuple(
            float(getattr(node.child_10_17, k)) for k in ("first", "second", "third_on")
        ),
        "child_under_10": tuple(
            float(getattr(node.child_under_10, k)) for k in ("first", "second", "third_on")
        ),
    }


# Child benefit is income in social assistance. Until its amounts are encoded
# (rules/parameters/child_benefit) an upper bound per child: above every amount by child
# order plus the single-parent supplement (kela.fi: at most €172.69 + €73.30 in 2023–2025).
CHILD_BENEFIT_BOUND = 250.0


def _child_benefit_bound(
    params: Params, children: np.ndarray, younger: np.ndarray, single: np.ndarray
) -> np.ndarray:
    """The household's child benefit a month, at most: every child under 18 counted (it is
    paid under 17), every child under 10 as if under 3 (the increase for the under-3s)."""
    node = _get(params, "child_benefit")
    n = _z(children)
    if node is None or _get(node, "first") is None:
        return n * CHILD_BENEFIT_BOUND
    amounts = [float(getattr(node, k)) for k in ("first", "second", "third", "fourth")]
    fifth_on = float(node.fifth_on)
    total = np.zeros_like(n)
    for k, amount in enumerate(amounts):
        total += np.where(n > k, amount, 0.0)
    total += np.maximum(n - 4, 0) * fifth_on
    supplement = _get(node, "single_parent_supplement")
    if supplement is not None:
        total += np.where(single, n * float(supplement), 0.0)
    under_3 = _get(node, "under_3_supplement")
    if under_3 is not None:
        total += _z(younger) * float(under_3)
    return total


def _unemployment_full(params: Params) -> float:
    p = params.unemployment
    return float(p.daily_amount) * float(p.payment_days_per_month)


def _unemployment_upper(params: Params, receives: np.ndarray, earnings: np.ndarray) -> np.ndarray:
    """The unemployment benefit a month at most: the full amount less the earnings
    adjustment (known earnings), where it is paid; NaN where unknown."""
    full = _unemployment_full(params)
    adjusted = np.maximum(
        full - float(params.unemployment.earnings_adjustment_rate) * _z(earnings), 0.0
    )
    return np.where(receives == 1, adjusted, np.where(receives == 0, 0.0, np.nan))


def _sickness_upper(params: Params, sick: np.ndarray, annual: np.ndarray) -> np.ndarray:
    """The sickness allowance a month at most (the 70 % rate on the whole annual income,
    never below the minimum), where it is paid; NaN where unknown."""
    p = params.daily_allowances
    daily = np.maximum(float(p.minimum_daily), float(p.replacement_rate) * annual / 300.0)
    monthly = daily * float(p.payment_days_per_month)
    return np.where(sick == 1, monthly, np.where(sick == 0, 0.0, np.nan))


def _partner(cols: Columns) -> np.ndarray:
    return cols["partner_in_household"]


def _memo(
    params: Params, name: str, reads: tuple[str, ...], compute: Callable[[], np.ndarray]
) -> np.ndarray:
    """An array computed once per population and law of the parameters it `reads` (shared
    by conditions and by months)."""
    if not isinstance(params, Law):
        return compute()
    key = (name, _reads_key(params.month, reads))
    if key not in params.memo:
        params.memo[key] = compute()
    return params.memo[key]


def _wages(cols: Columns, params: Params | None = None) -> np.ndarray:
    """Own and the partner's gross wages; NaN where unknown."""
    return _memo(params, "wages", (), lambda: _compute_wages(cols))


def _compute_wages(cols: Columns) -> np.ndarray:
    partner = _partner(cols)
    partner_wage = np.where(
        partner == 0, 0.0, np.where(partner == 1, cols["partner_gross_wage"], np.nan)
    )
    return cols["monthly_earnings"] + partner_wage


def _benefits_upper(cols: Columns, params: Params) -> np.ndarray:
    """Unemployment and sickness benefits of the household a month, at most; NaN where a
    needed fact is unknown."""
    return _memo(
        params,
        "benefits_upper",
        ("unemployment", "daily_allowances"),
        lambda: _compute_benefits_upper(cols, params),
    )


def _compute_benefits_upper(cols: Columns, params: Params) -> np.ndarray:
    own = _unemployment_upper(params, cols["unemployment_benefit"], cols["monthly_earnings"])
    partner = _partner(cols)
    partner_ub = _unemployment_upper(
        params, cols["partner_unemployment_benefit"], cols["partner_gross_wage"]
    )
    partner_ub = np.where(partner == 0, 0.0, np.where(partner == 1, partner_ub, np.nan))
    sick = _sickness_upper(params, cols["on_sick_leave"], cols["annual_earned_income"])
    return own + partner_ub + sick


def _needs_income(cols: Columns) -> dict[str, np.ndarray]:
    """The income facts a household amount needs, where they matter."""
    partner = _partner(cols)
    with_partner = partner != 0
    return {
        "monthly_earnings": _unknown(cols, "monthly_earnings"),
        "unemployment_benefit": _unknown(cols, "unemployment_benefit"),
        "on_sick_leave": _unknown(cols, "on_sick_leave"),
        "annual_earned_income": (cols["on_sick_leave"] != 0)
        & _unknown(cols, "annual_earned_income"),
        "partner_in_household": partner == UNKNOWN,
        "partner_gross_wage": with_partner & _unknown(cols, "partner_gross_wage"),
        "partner_unemployment_benefit": with_partner
        & _unknown(cols, "partner_unemployment_benefit"),
    }


INCOME_FACTS = (
    "monthly_earnings",
    "unemployment_benefit",
    "on_sick_leave",
    "annual_earned_income",
    "partner_in_household",
    "partner_gross_wage",
    "partner_unemployment_benefit",
)


# ---------------------------------------------------------------------------------------------
# Amount-deciding conditions


def _earnings_leave_benefit(cols: Columns, params: Params) -> np.ndarray:
    """The unemployment benefit adjusted by earnings (50 % of each euro) leaves something."""
    earnings = cols["monthly_earnings"]
    rate = float(params.unemployment.earnings_adjustment_rate)
    limit = _unemployment_full(params) / rate
    return np.where(_known(earnings), earnings < limit, UNKNOWN).astype(np.int8)


def _minimum_rehabilitation_allowance(cols: Columns, params: Params) -> np.ndarray:
    """The rehabilitation allowance is at its minimum: 70 % of the annual income ÷ 300
    does not exceed the minimum daily amount."""
    p = params.daily_allowances
    annual = cols["annual_earned_income"]
    limit = float(p.minimum_daily) * 300.0 / float(p.replacement_rate)
    return np.where(_known(annual), annual <= limit, UNKNOWN).astype(np.int8)


# Housing allowance (yleinen asumistuki). The asset test's figures until they are encoded in
# rules/parameters/housing_allowance/assets: limits €10 000 (one adult) / €20 000, 20 % of the
# excess counted as yearly income, none at €50 000 — the Act's own, not index-tied (Act on
# General Housing Allowance (938/2014), section 13, as enacted by Act 910/2024 from 1.1.2025;
# read in Finlex open data).
ASSET_DEFAULTS = {
    "limit_one_adult": 10_000.0,
    "limit_more": 20_000.0,
    "counted_share": 0.20,
    "no_allowance_from": 50_000.0,
}
ASSETS_TESTED = _flag("housing_allowance.assets_tested", dt.date(2025, 1, 1))
OWNER_HOMES_EXCLUDED = _flag("housing_allowance.owner_homes_excluded_from", dt.date(2025, 1, 1))
STUDENTS_EXCLUDED = _flag("housing_allowance.students_excluded_from", dt.date(2025, 8, 1))


def _asset_parameter(params: Params, name: str) -> float:
    value = _get(params, f"housing_allowance.assets.{name}")
    return ASSET_DEFAULTS[name] if value is None else float(value)


def _lowest_cap(params: Params, persons: np.ndarray) -> np.ndarray:
    """The lowest cap on housing costs for the household's size in any municipality group
    (group 4); before the table is encoded, the one-person cap (a lower bound: caps rise
    with the household)."""
    node = _get(params, "housing_allowance.max_cost.group_4")
    if node is None:
        one = _get(params, "housing_allowance.max_cost_one_person")
        return np.full(persons.shape, 0.0 if one is None else float(one))
    caps = [float(getattr(node, f"persons_{k}")) for k in (1, 2, 3, 4)]
    more = float(node.each_additional)
    n = np.clip(np.where(np.isnan(persons), 1.0, persons), 1, None)
    return np.select([n <= 1, n <= 2, n <= 3], caps[:3], default=caps[3] + (n - 4).clip(0) * more)


def _housing_income_low_enough(cols: Columns, params: Params) -> np.ndarray:
    """The allowance is paid: 70 % × (the capped housing costs − the basic deductible) is at
    least the smallest amount paid (€15); the deductible is 0.5 × (the household's gross
    income − (667 + 94 × adults + 296 × children)), ignored under €10. Yes with the highest
    income the facts allow and the lowest cap; no when even the lowest income leaves less
    than the smallest amount of the whole cost."""
    p = params.housing_allowance
    partner = _partner(cols)
    adults = 1.0 + np.where(partner == 1, 1.0, 0.0)
    children = _z(cols["children_in_household"])
    threshold = (
        float(p.threshold_base)
        + float(p.threshold_per_adult) * adults
        + float(p.threshold_per_child) * children
    )
    rate, ignored = float(p.deductible_rate), float(p.ignored_deductible)
    assets = cols["assets"]
    if ASSETS_TESTED(params):
        limit = np.where(
            adults > 1,
            _asset_parameter(params, "limit_more"),
            _asset_parameter(params, "limit_one_adult"),
        )
        counted = (
            np.maximum(_z(assets) - limit, 0.0) * _asset_parameter(params, "counted_share") / 12.0
        )
        assets_known = _known(assets)
    else:
        counted = np.zeros(_rows(cols))
        assets_known = np.ones(_rows(cols), dtype=bool)

    def deductible_from(income: np.ndarray, threshold: float | np.ndarray) -> np.ndarray:
        d = np.maximum(rate * (income - threshold), 0.0)
        return np.where(d < ignored, 0.0, d)

    wages = _wages(cols, params)
    high = wages + _benefits_upper(cols, params) + counted
    cost = cols["housing_cost"]
    persons = adults + children
    capped = np.minimum(_z(cost), _lowest_cap(params, persons))
    household_known = _known(cols["children_in_household"]) & (partner != UNKNOWN)
    yes = household_known & assets_known & _known(high) & _known(cost)
    share = float(p.share_of_costs)
    minimum = _get(p, "minimum_payment")
    smallest = 0.0 if minimum is None else float(minimum)  # less is not paid
    yes &= share * (capped - deductible_from(_z(high), threshold)) >= max(smallest, 0.01)
    # The lowest deductible: the wages alone (benefits ≥ 0), the highest threshold (two
    # adults), against the whole cost uncapped.
    low_threshold = (
        float(p.threshold_base)
        + float(p.threshold_per_adult) * 2.0
        + float(p.threshold_per_child) * children
    )
    low_deductible = deductible_from(_z(wages), low_threshold)
    no = _known(wages) & _known(cost) & _known(cols["children_in_household"])
    no &= share * (_z(cost) - low_deductible) < max(smallest, 0.01)
    return _tri(yes, no & ~yes)


def _needs_housing_income(cols: Columns) -> dict[str, np.ndarray]:
    needs = _needs_income(cols)
    needs["children_in_household"] = _unknown(cols, "children_in_household")
    needs["housing_cost"] = _unknown(cols, "housing_cost")
    needs["assets"] = _unknown(cols, "assets")
    return needs


def _family_basic_amount(cols: Columns, params: Params) -> np.ndarray:
    """The family's basic amounts of social assistance a month by member type (the applicant
    single, cohabiting with the partner, or a single parent; the children by age group and
    place among the siblings, the oldest first); NaN where the family is unknown."""
    a = _basic_amounts(params)
    partner = _partner(cols)
    older, younger = cols["children_10_17"], cols["children_under_10"]
    children = older + younger
    adults = np.where(
        partner == 1,
        2 * a["cohabiting"],
        np.where(children > 0, a["single_parent"], a["single"]),
    )
    adults = np.where(partner == UNKNOWN, np.nan, adults)

    def first_n(
        table: tuple[float, float, float], n: np.ndarray
    ) -> np.ndarray:  # the amounts of the first n siblings from one table
        t0, t1, t2 = table
        return np.where(
            n <= 0, 0.0, np.where(n == 1, t0, np.where(n == 2, t0 + t1, t0 + t1 + (n - 2) * t2))
        )

    kids = first_n(a["child_10_17"], older)
    kids += first_n(a["child_under_10"], older + younger) - first_n(a["child_under_10"], older)
    return adults + kids


def _income_below_last_resort(cols: Columns, params: Params) -> np.ndarray:
    """Yes when the family's basic amounts exceed everything it could have a month — the
    gross wages, the unemployment and sickness benefits at most, the child benefit at most
    and the assets — with the housing costs left out (the housing allowance and the accepted
    costs assumed to cancel out). No when even half of the gross wages (no tax takes more)
    covers the basic amounts and all of the housing costs."""
    basic = _family_basic_amount(cols, params)
    partner = _partner(cols)
    children = cols["children_10_17"] + cols["children_under_10"]
    wages = _wages(cols, params)
    child_benefit = _child_benefit_bound(params, children, cols["children_under_10"], partner == 0)
    high = wages + _benefits_upper(cols, params) + child_benefit + cols["assets"]
    yes = _known(basic) & _known(high) & (_z(high) < _z(basic))
    deduction = 2 * float(params.social_assistance.earned_income_deduction)  # two earners
    counted = 0.5 * _z(wages) - deduction
    no = _known(wages) & _known(cols["housing_cost"]) & _known(basic)
    no &= counted >= _z(basic) + _z(cols["housing_cost"])
    return _tri(yes, no & ~yes)


def _needs_last_resort(cols: Columns) -> dict[str, np.ndarray]:
    needs = _needs_income(cols)
    needs["children_under_10"] = _unknown(cols, "children_under_10")
    needs["children_10_17"] = _unknown(cols, "children_10_17")
    needs["assets"] = _unknown(cols, "assets")
    return needs


# ---------------------------------------------------------------------------------------------
# Conditions


REGISTERED = Condition(
    ("jobseeker_registered",),
    is_true("jobseeker_registered"),
    gettext_noop("Not registered as a jobseeker."),
    gettext_noop("Registering as a jobseeker with the employment services"),
    reads=(),
)
BENEFIT_PAID = Condition(
    ("unemployment_benefit",),
    is_true("unemployment_benefit"),
    gettext_noop("No unemployment benefit is being paid."),
    gettext_noop("An unemployment benefit decision from Kela"),
    reads=(),
)


def _age_limits(group: str) -> Callable[[Columns, Params], np.ndarray]:
    """Within a benefit's age limits as the calculation applies them (the parameter group's
    minimum_age, earlier_minimum_age for those born before earlier_minimum_age_born_before,
    maximum_age): the unemployment benefit 18–64 (17 if born before 2008) and the sickness and
    rehabilitation allowances 18–67 (16 if born before 2009). An age between the two minimums
    with the birth year unknown leaves it open. For the unemployment benefit a 17-year-old born
    later who has completed compulsory education (the Act's exception) is not told apart, as
    in the calculation: not an input."""

    def within(cols: Columns, params: Params) -> np.ndarray:
        return _within_age_limits(cols, getattr(params, group))

    return within


def _within_age_limits(cols: Columns, p: Any) -> np.ndarray:
    age, year = cols["age"], cols["birth_year"]
    known_age, known_year = _known(age), _known(year)
    earlier, later = float(p.earlier_minimum_age), float(p.minimum_age)
    youngest = np.where(year < float(p.earlier_minimum_age_born_before), earlier, later)
    oldest = float(p.maximum_age)
    old_enough = (age >= max(earlier, later)) | (known_year & (age >= youngest))
    too_young = (age < min(earlier, later)) | (known_year & (age < youngest))
    yes = known_age & old_enough & (age <= oldest)
    no = known_age & (too_young | (age > oldest))
    return _tri(yes, no & ~yes)


def _needs_age_and_birth_year(cols: Columns) -> dict[str, np.ndarray]:
    """The age where unknown; the birth date where the birth year is unknown (explain asks
    only where the condition is open: an age between the two minimum ages)."""
    age = cols["age"]
    return {"age": np.isnan(age), "birth_date": ~np.isnan(age) & np.isnan(cols["birth_year"])}


WORKING_AGE = Condition(
    ("age",),
    _age_limits("unemployment"),
    gettext_noop(
        "Outside the age limits of the unemployment benefit (18–64; 17 for those born before 2008)."
    ),
    needs=_needs_age_and_birth_year,
    reads=("unemployment",),
)
EARNINGS_LEAVE_BENEFIT = Condition(
    ("monthly_earnings",),
    _earnings_leave_benefit,
    gettext_noop("The earnings are so high that the adjusted unemployment benefit is nothing."),
    reads=("unemployment",),
)
REHABILITATION_AGE = Condition(
    ("age",),
    between("age", 16, 67),
    gettext_noop("Kela rehabilitation is for people aged 16–67."),
    reads=(),
)
WORK_ABILITY = Condition(
    ("work_ability_threatened",),
    is_true("work_ability_threatened"),
    gettext_noop("An illness does not (yet) threaten work or study ability in the next few years."),
    gettext_noop("A doctor's assessment that an illness threatens work ability"),
    reads=(),
)


def _statement(cols: Columns, params: Params) -> np.ndarray:
    """A medical statement (B); under 30 no diagnosis is needed (KKRL 6 §), so a missing B
    statement leaves it open (another report may do), never closed."""
    statement = cols["medical_statement"].astype(np.int8)
    under_30 = below("age", 30)(cols, params)
    return np.where((statement == NO) & (under_30 != NO), UNKNOWN, statement).astype(np.int8)


MEDICAL_STATEMENT = Condition(
    ("medical_statement",),
    _statement,
    gettext_noop("No medical statement (B) on work ability."),
    gettext_noop("A medical statement (B) from a doctor"),
    reads_age=True,
    reads=(),
)
KELA_ARRANGES = Condition(
    ("pension_provider_responsible",),
    is_false("pension_provider_responsible"),
    gettext_noop(
        "An established work history: the earnings-related pension provider arranges the "
        "vocational rehabilitation."
    ),
    gettext_noop("Vocational rehabilitation from the earnings-related pension provider"),
    reads=(),
)
SICK = Condition(
    ("on_sick_leave",),
    is_true("on_sick_leave"),
    gettext_noop("Not incapable of work because of illness."),
    gettext_noop("A doctor's certificate of incapacity for work"),
    reads=(),
)
NOT_SICK = Condition(
    ("on_sick_leave",),
    is_false("on_sick_leave"),
    gettext_noop("On sick leave: the sickness allowance comes first for the same days."),
    reads=(),
)
NOT_STUDYING = Condition(
    ("in_studies",),
    is_false("in_studies"),
    gettext_noop("Full-time students are covered by student financial aid instead."),
    reads=(),
)
ACTIVE_BEFORE_ILLNESS = Condition(
    ("active_before_illness",),
    # As recorded, or what the client does now: a registered jobseeker, a full-time
    # student or someone earning meets it (three-valued OR: no only when every one is no).
    either(
        is_true("active_before_illness"),
        is_true("jobseeker_registered"),
        is_true("in_studies"),
        at_least("monthly_earnings", 0.01),
    ),
    gettext_noop(
        "Not working, studying, an unemployed jobseeker or looking after the home in the "
        "3 months before falling ill."
    ),
    gettext_noop("An incapacity for work lasting 55 days"),
    needs=lambda cols: {
        "active_before_illness": _unknown(cols, "active_before_illness")
        & (cols["jobseeker_registered"] != YES)
        & (cols["in_studies"] != YES)
        & ~(cols["monthly_earnings"] > 0)
    },
    reads=(),
)
HOUSING_COSTS = Condition(
    ("housing_cost",),
    at_least("housing_cost", 0.01),
    gettext_noop("No housing costs."),
    reads=(),
)
NOT_OWNER = Condition(
    ("owner_occupied",),
    unless_in_force(OWNER_HOMES_EXCLUDED, is_false("owner_occupied")),
    gettext_noop("No housing allowance for an owner-occupied home since 1.1.2025."),
    needs=lambda cols: {"owner_occupied": _unknown(cols, "owner_occupied")},
    reads=("housing_allowance",),
)
NOT_STUDYING_FOR_HOUSING = Condition(
    ("in_studies",),
    unless_in_force(STUDENTS_EXCLUDED, is_false("in_studies")),
    gettext_noop(
        "Full-time students get the housing supplement of student financial aid instead "
        "(since 1.8.2025)."
    ),
    reads=("housing_allowance",),
)


def _assets_below_limit(cols: Columns, params: Params) -> np.ndarray:
    assets = cols["assets"]
    limit = _asset_parameter(params, "no_allowance_from")
    return np.where(_known(assets), assets < limit, UNKNOWN).astype(np.int8)


ASSETS_BELOW_LIMIT = Condition(
    ("assets",),
    unless_in_force(ASSETS_TESTED, _assets_below_limit),
    gettext_noop("The household's assets are above the housing allowance's limit."),
    reads=("housing_allowance",),
)
HOUSING_INCOME = Condition(
    (*INCOME_FACTS, "children_in_household", "housing_cost", "assets"),
    _housing_income_low_enough,
    gettext_noop("The household's income is too high for a housing allowance."),
    needs=_needs_housing_income,
    reads=("housing_allowance", "unemployment", "daily_allowances"),
)
LAST_RESORT = Condition(
    (*INCOME_FACTS, "children_under_10", "children_10_17", "housing_cost", "assets"),
    _income_below_last_resort,
    gettext_noop("The family's income covers the basic amount and housing costs."),
    needs=_needs_last_resort,
    reads=("social_assistance", "unemployment", "daily_allowances", "child_benefit"),
)


def _young_and_six_months(cols: Columns, params: Params) -> np.ndarray:
    """Under 25 and unemployed for 6 months (three-valued AND)."""
    return all_of([below("age", 25)(cols, params), at_least("unemployed_months", 6)(cols, params)])


LONG_TERM_UNEMPLOYED = Condition(
    ("unemployed_months", "age"),
    either(at_least("unemployed_months", 12), _young_and_six_months),
    gettext_noop("Not yet long-term unemployed (12 months, or 6 months under 25)."),
    gettext_noop("A longer period of unemployment, or an activation plan with the municipality"),
    reads=(),
)
IN_SERVICE = Condition(
    ("in_employment_service",),
    is_true("in_employment_service"),
    gettext_noop("Not taking part in an employment service or rehabilitative work activity."),
    gettext_noop("Taking part in an employment service, e.g. a work trial"),
    reads=(),
)
KELA_REHABILITATION = (REHABILITATION_AGE, WORK_ABILITY, MEDICAL_STATEMENT, KELA_ARRANGES)


RULES: dict[str, tuple[Condition, ...]] = {
    "unemployment_benefit": (
        REGISTERED,
        WORKING_AGE,
        NOT_SICK,
        NOT_STUDYING,
        EARNINGS_LEAVE_BENEFIT,
    ),
    "expense_allowance": (BENEFIT_PAID, IN_SERVICE),
    "sickness_allowance": (
        Condition(
            ("age",),
            _age_limits("daily_allowances"),
            gettext_noop(
                "The sickness allowance is for people aged 18–67 (16–67 for those born before "
                "2009)."
            ),
            needs=_needs_age_and_birth_year,
            reads=("daily_allowances",),
        ),
        SICK,
        ACTIVE_BEFORE_ILLNESS,
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
            _age_limits("daily_allowances"),
            gettext_noop(
                "The rehabilitation allowance is for ages 18–67 (16–67 for those born before 2009)."
            ),
            needs=_needs_age_and_birth_year,
            reads=("daily_allowances",),
        ),
        *KELA_REHABILITATION[1:],
    ),
    "maintenance_allowance": (
        *KELA_REHABILITATION,
        Condition(
            ("annual_earned_income",),
            _minimum_rehabilitation_allowance,
            gettext_noop(
                "The rehabilitation allowance would be above its minimum: the maintenance "
                "allowance is for those on the minimum."
            ),
        ),
    ),
    "housing_allowance": (
        HOUSING_COSTS,
        NOT_OWNER,
        NOT_STUDYING_FOR_HOUSING,
        ASSETS_BELOW_LIMIT,
        HOUSING_INCOME,
    ),
    "social_assistance": (LAST_RESORT,),
    "vocational_rehabilitation_assessment": KELA_REHABILITATION,
    "kela_vocational_rehabilitation": KELA_REHABILITATION,
    "studies_with_rehabilitation": KELA_REHABILITATION,
    "rehabilitation_psychotherapy": (
        REHABILITATION_AGE,
        Condition(
            ("work_ability_threatened",),
            is_true("work_ability_threatened"),
            gettext_noop("A mental disorder does not impair work or study ability."),
            gettext_noop("A doctor's assessment that an illness threatens work ability"),
        ),
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
    "rehabilitative_work_activity": (WORKING_AGE, BENEFIT_PAID, LONG_TERM_UNEMPLOYED),
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


# ---------------------------------------------------------------------------------------------
# Facts → complete columns


@cache
def _parameter_tree() -> ParameterNode:
    """The country package's parameters (rules/parameters), read once; the eligibility
    rules need no simulation."""
    return ParameterNode("", directory_path=str(Path(__file__).parent / "parameters"))


@cache
def _parameters(month: str) -> ParameterNodeAtInstant:
    return _parameter_tree()(f"{month}-01")


FLAGS = (ASSETS_TESTED, OWNER_HOMES_EXCLUDED, STUDENTS_EXCLUDED)


@cache
def _law_key(month: str) -> tuple:
    """What the law is in `month` for these rules: every parameter's value and the date
    switches. Months with the same key give the same results but for the age."""
    values: list[tuple[str, str]] = []

    def walk(node: ParameterNodeAtInstant, prefix: str) -> None:
        for name, child in sorted(node._children.items()):
            if hasattr(child, "_children"):
                walk(child, f"{prefix}{name}.")
            else:
                values.append((f"{prefix}{name}", repr(child)))

    params = _parameters(month)
    walk(params, "")
    return (*values, *(flag(params) for flag in FLAGS))


@cache
def _subtree_key(month: str, name: str) -> str:
    node = _get(_parameters(month), name)
    return repr(node)


@cache
def _reads_key(month: str, reads: tuple[str, ...] | None) -> tuple:
    """The law in `month` as far as a check reading `reads` sees it (with the date
    switches, which may fall back on the date)."""
    if reads is None:
        return _law_key(month)
    params = _parameters(month)
    return (
        *(_subtree_key(month, name) for name in reads),
        *(flag(params) for flag in FLAGS),
    )


class Law:
    """The parameters in force in a month (attributes as the parameter tree's) and the
    population's memo of what is computed from them (shared by months of the same law)."""

    def __init__(self, month: str, memo: dict | None = None) -> None:
        self._node = _parameters(month)
        self.month = month
        self.key = _law_key(month)
        self.memo: dict = {} if memo is None else memo

    def __getattr__(self, name: str) -> Any:
        return getattr(self._node, name)


def _age_on(birth: np.ndarray, first: dt.date) -> np.ndarray:
    """Full years at `first` for birth dates as datetime64[D] (NaT → NaN)."""
    return _Births(birth).age_on(first)


class _Births:
    """Birth dates split once into year, month and day, for the age at each month."""

    def __init__(self, birth: np.ndarray) -> None:
        birth = np.asarray(birth, dtype="datetime64[D]")
        self.unknown = np.isnat(birth)
        self.year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
        self.month = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
        self.day = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1

    def age_on(self, first: dt.date) -> np.ndarray:
        before = (self.month > first.month) | ((self.month == first.month) & (self.day > first.day))
        age = (first.year - self.year - before).astype(float)
        return np.where(self.unknown, np.nan, age)


def _age_column(facts: Columns, births: _Births | None, month: str) -> np.ndarray | None:
    """Ages at the start of the month from the birth dates, where an age is not given."""
    given = facts.get("age")
    if births is None:
        return given
    derived = births.age_on(dt.date.fromisoformat(f"{month}-01"))
    return derived if given is None else np.where(np.isnan(given), derived, given)


def _complete(cols: Columns, n: int) -> Columns:
    """Unknown columns for facts not given."""
    full = dict(cols)
    for name in BOOLEAN_FACTS:
        value = full.get(name)
        full[name] = (
            np.full(n, UNKNOWN, dtype=np.int8)
            if value is None
            else np.asarray(value, dtype=np.int8)
        )
    for name in NUMBER_FACTS:
        value = full.get(name)
        full[name] = np.full(n, np.nan) if value is None else np.asarray(value, dtype=float)
    return full


def derive(cols: Columns) -> Columns:
    """The facts that follow from others (rules.facts), on complete columns."""
    out = dict(cols)
    partner = cols["partner_in_household"]
    alone = cols["adults_in_household"] == 1
    out["partner_in_household"] = np.where((partner == UNKNOWN) & alone, NO, partner).astype(
        np.int8
    )
    children = cols["children_in_household"]
    older, younger = cols["children_10_17"], cols["children_under_10"]
    none = children == 0
    older = np.where(np.isnan(older) & none, 0.0, older)
    younger = np.where(np.isnan(younger) & none, 0.0, younger)
    out["children_10_17"], out["children_under_10"] = older, younger
    out["children_in_household"] = np.where(np.isnan(children), older + younger, children)
    return out


def _rows(cols: Columns) -> int:
    return len(next(iter(cols.values()))) if cols else 0


class _Population:
    """One population's facts made complete and derived once, for any number of months:
    a condition that does not read the age is checked once per law, not once per month."""

    def __init__(self, facts: Columns) -> None:
        n = _rows(facts)
        self.base = derive(_complete(facts, n))
        birth = facts.get("birth_date")
        self.births = _Births(birth) if birth is not None else None
        # The birth year (NaN where unknown): the unemployment benefit's minimum age by it.
        self.base["birth_year"] = (
            np.full(n, np.nan)
            if self.births is None
            else np.where(self.births.unknown, np.nan, self.births.year.astype(float))
        )
        self.facts = facts
        self.memo: dict = {}  # arrays computed from the parameters (rules.eligibility._memo)
        self.results: dict[tuple, np.ndarray] = {}  # condition results by law (and month)
        self.ranks: dict[tuple, np.ndarray] = {}

    def month(self, month: str) -> tuple[Columns, Law]:
        law = Law(month, self.memo)
        age = _age_column(self.facts, self.births, month)
        cols = dict(self.base)
        if age is not None:
            cols["age"] = age
        return cols, law

    @staticmethod
    def key(condition: Condition, month: str) -> tuple:
        """Months with the same key give the condition the same result."""
        return (
            id(condition),
            _reads_key(month, condition.reads),
            month if condition.by_month else None,
        )

    def check(self, condition: Condition, cols: Columns, law: Law, month: str) -> np.ndarray:
        key = self.key(condition, month)
        if key not in self.results:
            self.results[key] = condition.check(cols, law)
        return self.results[key]

    def rank(self, condition: Condition, cols: Columns, law: Law, month: str) -> np.ndarray:
        key = self.key(condition, month)
        if key not in self.ranks:
            self.ranks[key] = _rank(self.check(condition, cols, law, month))
        return self.ranks[key]

    @classmethod
    def rule_key(cls, rule_id: str, month: str) -> tuple:
        """Months with the same key give the rule the same result (for any population)."""
        return (rule_id, *(cls.key(c, month) for c in RULES[rule_id]))

    def screen(self, month: str) -> dict[str, np.ndarray]:
        cols, law = self.month(month)
        out: dict[str, np.ndarray] = {}
        for rule_id, conditions in RULES.items():
            key = self.rule_key(rule_id, month)
            if key not in self.results:
                if len(conditions) == 1:
                    self.results[key] = self.check(conditions[0], cols, law, month)
                else:
                    ranks = [self.rank(c, cols, law, month) for c in conditions]
                    self.results[key] = _FROM_RANK[np.minimum.reduce(ranks)]
            out[rule_id] = self.results[key]
        return out


def prepare(facts: Columns, month: str) -> Columns:
    """Complete, derived columns for `month` (what every condition reads)."""
    return _Population(facts).month(month)[0]


def screen(facts: Columns, month: str) -> dict[str, np.ndarray]:
    """Every rule for every person: int8 arrays of 1 / 0 / -1."""
    return _Population(facts).screen(month)


# A population of more rows is screened in chunks of CHUNK_ROWS rows on a thread per core
# (NumPy releases the GIL): each condition's arrays stay small and the memory a chunk frees
# is reused by the next, where the whole population's intermediate arrays would be fresh
# memory (a page fault on the first touch of each page).
CHUNK_ROWS = 100_000


def screen_months(facts: Columns, months: list[str]) -> dict[str, dict[str, np.ndarray]]:
    """`screen` for several months: the facts are prepared once, and what does not depend
    on the age is checked once per law in force (most months share one), not per month.
    The arrays of months of the same law may be the same objects: read, do not modify.
    More than CHUNK_ROWS rows are screened in chunks, on a thread per core (row by row the
    same results)."""
    n = _rows(facts)
    if n <= CHUNK_ROWS:
        population = _Population(facts)
        return {month: population.screen(month) for month in months}
    # One result array per rule and law (and month, for the rules reading the age), shared
    # by the months with the same key as on the one-chunk path; each chunk fills its rows.
    keys = {month: {r: _Population.rule_key(r, month) for r in RULES} for month in months}
    results = {
        key: np.empty(n, dtype=np.int8) for by_rule in keys.values() for key in by_rule.values()
    }
    bounds = np.linspace(0, n, -(-n // CHUNK_ROWS) + 1).astype(int)

    def chunk(lo: int, hi: int) -> None:
        population = _Population({name: values[lo:hi] for name, values in facts.items()})
        written: set[tuple] = set()
        for month in months:
            for rule_id, values in population.screen(month).items():
                key = keys[month][rule_id]
                if key not in written:
                    results[key][lo:hi] = values
                    written.add(key)

    with ThreadPoolExecutor(min(os.cpu_count() or 1, len(bounds) - 1)) as pool:
        list(pool.map(chunk, bounds[:-1], bounds[1:]))
    return {
        month: {r: results[key] for r, key in by_rule.items()} for month, by_rule in keys.items()
    }


def explain(facts: Columns, month: str) -> dict[str, tuple[np.ndarray, dict[str, np.ndarray]]]:
    """For every rule: its status array and, for each fact, where it is missing — unknown
    and needed by a condition that is unknown in a row where the rule needs information
    (the facts to ask first)."""
    population = _Population(facts)
    statuses = population.screen(month)
    cols, law = population.month(month)
    found: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
    for rule_id, conditions in RULES.items():
        status = statuses[rule_id]
        open_rows = status == UNKNOWN
        missing: dict[str, np.ndarray] = {}
        for condition in conditions:
            result = population.check(condition, cols, law, month)
            unknown_here = open_rows & (result == UNKNOWN)
            if not unknown_here.any():
                continue
            for name, where in condition.missing(cols).items():
                hit = unknown_here & where
                missing[name] = missing[name] | hit if name in missing else hit
        found[rule_id] = (status, {k: v for k, v in missing.items() if v.any()})
    return found


def _columns_of(facts: dict) -> Columns:
    cols: Columns = {}
    for name, (kind, _) in FACTS.items():
        value = facts.get(name)
        if kind == "bool":
            cols[name] = np.array([UNKNOWN if value is None else int(bool(value))], dtype=np.int8)
        elif kind == "number":
            cols[name] = np.array([np.nan if value is None else float(value)])
        elif value is not None:
            cols[name] = np.array([np.datetime64(str(value)[:10], "D")])
    return cols


def evaluate(rule_id: str, facts: dict, month: str) -> dict:
    if rule_id not in RULES:
        raise KeyError(rule_id)
    population = _Population(_columns_of(facts))
    cols, law = population.month(month)
    reasons: list[str] = []
    opens: list[str] = []
    results = []
    missing: list[str] = []
    for condition in RULES[rule_id]:
        result = int(population.check(condition, cols, law, month)[0])
        results.append(result)
        if result == NO:
            reasons.append(condition.reason)
            if condition.opens_with:
                opens.append(condition.opens_with)
        elif result == UNKNOWN:
            missing.extend(
                name
                for name, where in condition.missing(cols).items()
                if where[0] and name not in missing
            )
    status = int(all_of([np.array([r], dtype=np.int8) for r in results])[0])
    return {
        "status": STATUS[status],
        "reasons": reasons,
        "opens_with": opens,
        "missing_facts": missing if status == UNKNOWN else [],
    }
