"""Income tax of each household member a month (Django-free; TAX_VARIABLES for rules.system).

Two cases, chosen per member and month:

1. **The tax card.** `withholding_percent` (person input; NaN = not known) is the percentage on
   the client's own tax card. The month's tax is exactly that share of the member's taxable
   income (wage and taxable benefits), rounded to cents. Kela's minimum withholding (20 % on
   unemployment benefits, at least 25 % on sickness and rehabilitation allowances) applies
   only when Kela withholds on the basis of the *wage* tax card; with a tax card for benefits
   Kela uses its percentage (vero.fi, "Etuudet ja Kelan käyttämät ennakonpidätysprosentit").
   Polku asks for the client's own percentage and does not know which card it is, so the
   minimum is not applied: the percentage given is used as given.

2. **An estimate** from the published tax bases of the month's year (rules/parameters/tax/,
   each dated and sourced; what vero.fi could not confirm here is marked `unverified`): the
   month's wage and taxable benefits × 12 are taxed as a year's income, and the year's tax ÷ 12
   is the month's estimate, labelled an estimate wherever it shows (`tax_estimate`):

   - net earned income = wages − the expense deduction (750 €, at most the wages) + benefits;
   - the daily allowance contribution (päivärahamaksu) on wages of 16- to 67-year-olds whose
     annual wages reach the threshold; it is deductible;
   - the employee's pension (TyEL) and unemployment insurance contributions on wages: not
     taxes (not in the tax figure), but deductible, so they lower the taxable income;
   - the basic deduction (perusvähennys, in state and municipal taxation since 2023): up to
     its maximum, less 18 % of the income above the maximum;
   - state income tax by the scale; municipal income tax at the home municipality's rate
     (`tax.municipal_rate`, by the household's `municipality_code`: the 2026 rates of the
     mainland municipalities), else at the national average rate (`municipal_rate_average`:
     an unknown municipality, Åland, and every municipality in 2025); the medical care
     contribution (sairaanhoitomaksu) at the wage rate on the wage part of the taxable income
     (at most the wages less the expense deduction) and at the benefit rate on the rest
     (Statistics Finland's SISU allocates it so, with the gross wage);
   - the work income deduction (työtulovähennys) from those taxes: 18 % of wages up to the
     maximum (raised from age 65, and for each child under 18 of the household for the
     applicant and the partner — double for a single parent; custody is not known), reduced
     above the income limits;
   - the public broadcasting tax (Yle-vero) from age 18.

   Not included, and said so: church tax (membership is not known; the average rate is about
   1.4 %); the municipal earned income deduction (ansiotulovähennys), abolished from 2025
   (vero.fi); capital income; other deductions claimed in the tax return. The employee's
   contributions only lower the taxable income here; Polku's net income does not subtract
   them (they are not taxes).

Every formula here is written on NumPy arrays (`estimate_monthly`, `monthly_tax`) so that the
OpenFisca formulas and a plain NumPy reference (polku/benchmarks) compute the same cents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache, reduce
from typing import Any

import numpy as np
from openfisca_core.periods import DateUnit, Period
from openfisca_core.populations import Population
from openfisca_core.variables import Variable

from .entities import ROLE_CODES, Person
from .explanations import described
from .i18n import gettext_noop
from .variables.common import Money, Parameters, cents

MONTH = DateUnit.MONTH
ETERNITY = DateUnit.ETERNITY
MONTHS_A_YEAR = 12


def marginal_tax(scale: Any, amount: np.ndarray) -> np.ndarray:
    """A marginal-rate scale's tax on `amount` (≥ 0): the tax is linear between the scale's
    thresholds, so one interpolation a row gives the same figures as
    MarginalRateTaxScale.calc (the top rate runs on to a far point, `FAR`)."""
    thresholds = np.asarray(scale.thresholds, dtype=float)
    rates = np.asarray(scale.rates, dtype=float)
    points = np.append(thresholds, FAR)
    at_points = np.concatenate(([0.0], np.cumsum(rates * np.diff(points))))
    return np.interp(amount, points, at_points)


# Far above any income the input contract lets in (a wage of at most 100 000 € a month).
FAR = 1e12
OLDEST = 150


@lru_cache(maxsize=32)
def _by_age(t: Any) -> tuple[np.ndarray, ...]:
    """What depends only on the age, for ages 0–OLDEST in full years (one lookup a row):
    the employee's pension + unemployment insurance contribution rate, the daily allowance
    contribution rate, the work income deduction's age increase, and 1 where the
    broadcasting tax is charged."""
    age = np.arange(OLDEST + 1)

    def within(low: float, high: float) -> np.ndarray:
        return (age >= low) & (age <= high)

    pension = np.where(
        within(
            t.employee_pension_contribution_minimum_age, t.employee_pension_contribution_maximum_age
        ),
        t.employee_pension_contribution
        + np.where(
            within(
                t.employee_pension_contribution_increase_minimum_age,
                t.employee_pension_contribution_increase_maximum_age,
            ),
            t.employee_pension_contribution_increase,
            0.0,
        ),
        0.0,
    )
    unemployment = np.where(
        within(
            t.unemployment_insurance_contribution_minimum_age,
            t.unemployment_insurance_contribution_maximum_age,
        ),
        t.unemployment_insurance_contribution,
        0.0,
    )
    daily = np.where(
        within(
            t.daily_allowance_contribution_minimum_age, t.daily_allowance_contribution_maximum_age
        ),
        t.daily_allowance_contribution,
        0.0,
    )
    increase = np.where(
        age >= t.work_income_deduction_increase_age, t.work_income_deduction_age_increase, 0.0
    )
    broadcasting = (age >= t.broadcasting_tax_minimum_age).astype(float)
    return pension + unemployment, daily, increase, broadcasting


@lru_cache(maxsize=32)
def _rate_table(rates: Any, average: float) -> np.ndarray:
    """Municipal tax rate by municipality code (index 0–999) from `tax.municipal_rate` at one
    instant; the average where the table has no rate (code 0 = not known)."""
    table = np.full(1000, average)
    for code, rate in rates._children.items():
        table[int(code)] = rate
    return table


def municipal_rates(t: Any, codes: Any) -> np.ndarray:
    """The municipal income tax rate of each row's municipality (`codes`: official codes,
    0 = not known) in the year of `t` (`parameters(period).tax`): one NumPy lookup."""
    codes = np.asarray(codes)
    table = _rate_table(t.municipal_rate, float(t.municipal_rate_average))
    return np.where((codes > 0) & (codes < 1000), table[np.clip(codes, 0, 999)], table[0])


def estimate_parts(
    t: Any,
    wage: Any,
    taxable: Any,
    age: Any,
    municipal_rate: Any = None,
    child_increases: Any = 0,
) -> dict[str, np.ndarray]:
    """The estimate's parts for a year, in euros (not rounded), from the month's `wage` and
    `taxable` income (wage + taxable benefits) × 12. `t` is the `tax` parameters at the
    month's instant (`parameters(period).tax`), `age` the age in full years,
    `municipal_rate` the municipality's rate (`municipal_rates`; default the average),
    `child_increases` the number of child increases of the work income deduction (children
    under 18, doubled for a single parent)."""
    if municipal_rate is None:
        municipal_rate = t.municipal_rate_average
    wage = np.atleast_1d(np.asarray(wage, dtype=float))
    taxable = np.atleast_1d(np.asarray(taxable, dtype=float))
    contribution_rate, daily_rate, age_increase, broadcast = (
        table[np.clip(np.asarray(age), 0, OLDEST)] for table in _by_age(t)
    )
    wage_a = MONTHS_A_YEAR * np.maximum(wage, 0.0)
    benefits_a = MONTHS_A_YEAR * np.maximum(taxable - wage, 0.0)
    net_wage = wage_a - np.minimum(t.income_expense_deduction, wage_a)
    net = net_wage + benefits_a
    # The daily allowance contribution from wages that reach its threshold; the employee's
    # pension and unemployment insurance contributions (all three deductible).
    daily_allowance = np.where(
        wage_a >= t.daily_allowance_contribution_threshold, daily_rate * wage_a, 0.0
    )
    employee_contributions = contribution_rate * wage_a
    before_basic = np.maximum(net - daily_allowance - employee_contributions, 0.0)
    # The basic deduction: all of a small income, at most the maximum less 18 % above it.
    maximum = t.basic_deduction_maximum
    basic = np.minimum(
        before_basic,
        np.maximum(maximum - t.basic_deduction_reduction_rate * (before_basic - maximum), 0.0),
    )
    taxable_a = before_basic - basic
    state = marginal_tax(t.state_scale, taxable_a)
    municipal = municipal_rate * taxable_a
    wage_part = np.minimum(taxable_a, net_wage)
    medical_care = (
        t.medical_care_contribution_benefits * taxable_a
        - (t.medical_care_contribution_benefits - t.medical_care_contribution_wages) * wage_part
    )
    most = (
        t.work_income_deduction_maximum
        + age_increase
        + t.work_income_deduction_child_increase * np.asarray(child_increases)
    )
    start = t.work_income_deduction_reduction_start
    second = t.work_income_deduction_second_reduction_start
    reduction = t.work_income_deduction_reduction_rate * np.minimum(
        np.maximum(net - start, 0.0), second - start
    ) + t.work_income_deduction_second_reduction_rate * np.maximum(net - second, 0.0)
    work = np.maximum(np.minimum(t.work_income_deduction_rate * wage_a, most) - reduction, 0.0)
    broadcasting = broadcast * np.minimum(
        t.broadcasting_tax_rate * np.maximum(net - t.broadcasting_tax_threshold, 0.0),
        t.broadcasting_tax_maximum,
    )
    # The work income deduction is made from the state tax, and what it does not use from
    # the municipal tax and the medical care contribution: in all, from their sum.
    income_taxes = np.maximum(state + municipal + medical_care - work, 0.0)
    return {
        "net_earned_income": net,
        "daily_allowance_contribution": daily_allowance,
        "employee_contributions": employee_contributions,
        "basic_deduction": basic,
        "taxable_income": taxable_a,
        "state_tax": state,
        "municipal_tax": municipal,
        "medical_care_contribution": medical_care,
        "work_income_deduction": work,
        "broadcasting_tax": broadcasting,
        "total": income_taxes + daily_allowance + broadcasting,
    }


def estimate_monthly(
    t: Any,
    wage: Any,
    taxable: Any,
    age: Any,
    municipal_rate: Any = None,
    child_increases: Any = 0,
) -> np.ndarray:
    """The month's tax estimate in euros and cents: the year's estimate ÷ 12."""
    parts = estimate_parts(t, wage, taxable, age, municipal_rate, child_increases)
    return cents(parts["total"] / MONTHS_A_YEAR)


def card_or_estimate(percent: Any, taxable: Any, estimate: Any) -> np.ndarray:
    """The tax card's percentage of the taxable income where the percentage is known
    (finite), else `estimate`."""
    percent = np.asarray(percent, dtype=float)
    card = cents(np.nan_to_num(percent) / 100 * np.asarray(taxable, dtype=float))
    return np.where(np.isfinite(percent), card, estimate)


def monthly_tax(
    t: Any,
    wage: Any,
    taxable: Any,
    age: Any,
    withholding_percent: Any,
    municipality_code: Any = 0,
    child_increases: Any = 0,
) -> np.ndarray:
    """The month's tax of each member: the tax card's percentage, else the estimate (at the
    rate of the municipality `municipality_code`, 0 = not known: the average; with
    `child_increases` of the work income deduction)."""
    rate = municipal_rates(t, municipality_code)
    estimate = estimate_monthly(t, wage, taxable, age, rate, child_increases)
    return card_or_estimate(withholding_percent, taxable, estimate)


# --------------------------------------------------------------------------------------------
# OpenFisca variables. They read the person inputs `withholding_percent` (NaN = not known) and
# `age_years` and the formulas `wage` and `taxable_income` of rules/variables.


class tax_estimate(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "The tax is an estimate (no withholding percentage known)"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        return ~np.isfinite(person("withholding_percent", period))


class income_tax_estimate(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Income tax ESTIMATE a month from the published tax bases"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        return estimate_monthly(
            parameters(period).tax,
            person("wage", period),
            person("taxable_income", period),
            person("age_years", period),
            person("municipal_tax_rate", period),
            person("work_income_deduction_child_increases", period),
        )


class work_income_deduction_child_increases(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Child increases of the work income deduction: the household's children under 18"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        # For the applicant and the partner, each child of the household (custody is not
        # known), multiplied for a single parent (no partner in the household).
        roles = person("role", period)
        children = person.household.sum(roles == ROLE_CODES["child"])
        single = person.household.sum(roles == ROLE_CODES["partner"]) == 0
        multiplier = parameters(
            period
        ).tax.work_income_deduction_child_increase_single_parent_multiplier
        parent = (roles == ROLE_CODES["applicant"]) | (roles == ROLE_CODES["partner"])
        return np.where(parent, children * np.where(single, multiplier, 1), 0).astype(int)


class municipal_tax_rate(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Municipal income tax rate of the home municipality (the average when not known)"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        return municipal_rates(
            parameters(period).tax, person.household("municipality_code", period)
        )


class income_tax(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Income tax a month: the tax card's percentage, else the estimate"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        percent = person("withholding_percent", period)
        taxable = person("taxable_income", period)
        # The estimate only where it is needed (no tax card and some taxable income; without
        # income it is 0): a screening of many people is mostly such rows.
        estimate = np.zeros_like(taxable)
        rows = np.flatnonzero(~np.isfinite(percent) & (taxable > 0))
        if rows.size:
            estimate[rows] = estimate_monthly(
                parameters(period).tax,
                person("wage", period)[rows],
                taxable[rows],
                person("age_years", period)[rows],
                person("municipal_tax_rate", period)[rows],
                person("work_income_deduction_child_increases", period)[rows],
            )
        return card_or_estimate(percent, taxable, estimate)


class income_tax_rate(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Effective tax rate: the month's tax as a percentage of the taxable income"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        taxable = person("taxable_income", period)
        tax = person("income_tax", period)
        rate = np.divide(100 * tax, taxable, out=np.zeros_like(tax), where=taxable > 0)
        return np.round(rate, 2)


TAX_VARIABLES = [
    tax_estimate,
    municipal_tax_rate,
    work_income_deduction_child_increases,
    income_tax_estimate,
    income_tax,
    income_tax_rate,
]


# --------------------------------------------------------------------------------------------
# The explanation (rules.calc builds `tax_explanation` from these)

TAX_FORMULA_ID = "income_tax"
WITHHOLDING_FORMULA = gettext_noop(
    "The withholding percentage on the tax card × the taxable income of the month (wage and "
    "taxable benefits)."
)
ESTIMATE_FORMULA = gettext_noop(
    "An estimate, not the tax card: the taxable income of the month × 12 is taxed as a year's "
    "income — state income tax by the scale, municipal tax at the home municipality's rate "
    "(the average rate when it is not known), the medical care and daily allowance "
    "contributions and the public broadcasting tax, after the basic deduction, the employee's "
    "pension and unemployment insurance contributions and the work income deduction — and "
    "divided by 12. Church tax is not included."
)
ESTIMATE_PARAMETERS: tuple[str, ...] = (
    "tax.state_scale",
    "tax.municipal_rate_average",
    "tax.medical_care_contribution_wages",
    "tax.medical_care_contribution_benefits",
    "tax.daily_allowance_contribution",
    "tax.daily_allowance_contribution_threshold",
    "tax.daily_allowance_contribution_minimum_age",
    "tax.daily_allowance_contribution_maximum_age",
    "tax.employee_pension_contribution",
    "tax.employee_pension_contribution_minimum_age",
    "tax.employee_pension_contribution_maximum_age",
    "tax.employee_pension_contribution_increase",
    "tax.employee_pension_contribution_increase_minimum_age",
    "tax.employee_pension_contribution_increase_maximum_age",
    "tax.unemployment_insurance_contribution",
    "tax.unemployment_insurance_contribution_minimum_age",
    "tax.unemployment_insurance_contribution_maximum_age",
    "tax.income_expense_deduction",
    "tax.basic_deduction_maximum",
    "tax.basic_deduction_reduction_rate",
    "tax.work_income_deduction_rate",
    "tax.work_income_deduction_maximum",
    "tax.work_income_deduction_age_increase",
    "tax.work_income_deduction_increase_age",
    "tax.work_income_deduction_child_increase",
    "tax.work_income_deduction_child_increase_single_parent_multiplier",
    "tax.work_income_deduction_reduction_start",
    "tax.work_income_deduction_reduction_rate",
    "tax.work_income_deduction_second_reduction_start",
    "tax.work_income_deduction_second_reduction_rate",
    "tax.broadcasting_tax_rate",
    "tax.broadcasting_tax_threshold",
    "tax.broadcasting_tax_maximum",
    "tax.broadcasting_tax_minimum_age",
)
SCALES = frozenset({"tax.state_scale"})
MUNICIPAL_RATE = "tax.municipal_rate"


def tax_formula(estimate: bool) -> str:
    """The plain-English msgid of the tax formula: the estimate's or the tax card's."""
    return ESTIMATE_FORMULA if estimate else WITHHOLDING_FORMULA


def tax_explanation_parameters(
    month: str, estimate: bool = True, municipality_code: int = 0, root: Any = None
) -> tuple[str, ...]:
    """The parameters (dotted names) the tax of `month` (YYYY-MM) reads: the estimate's, or
    none when the tax card's percentage is used. `tax.state_scale` is a scale (SCALES): its
    value is read with `scale_at`, not as a single value. With `root` (system().parameters)
    and a municipality whose own rate is known in the month, `tax.municipal_rate` (read with
    `municipal_rate_info`) replaces `tax.municipal_rate_average`."""
    if not estimate:
        return ()
    if root is None or municipal_rate_info(root, month, municipality_code) is None:
        return ESTIMATE_PARAMETERS
    return tuple(
        MUNICIPAL_RATE if name == "tax.municipal_rate_average" else name
        for name in ESTIMATE_PARAMETERS
    )


def scale_at(root: Any, name: str, month: str) -> tuple[list[dict[str, float]], dt.date]:
    """A scale's brackets in effect in `month` as [{"threshold", "rate"}, …] and the latest
    date any of them changed on or before the month. `root`: system().parameters."""
    node = reduce(getattr, name.split("."), root)
    instant = f"{month}-01"
    scale = node(instant)
    changes = [
        v.instant_str
        for bracket in node.brackets
        for leaf in bracket.children.values()
        for v in leaf.values_list
        if v.instant_str <= instant
    ]
    brackets = [
        {"threshold": float(threshold), "rate": float(rate)}
        for threshold, rate in zip(scale.thresholds, scale.rates, strict=True)
    ]
    return brackets, dt.date.fromisoformat(max(changes))


def scale_info(root: Any, name: str, month: str) -> dict[str, Any]:
    """A scale as an explanation's parameter, in the form of rules.calc.parameter_info: the
    value is the list of brackets (threshold in euros a year, marginal rate as a share)."""
    node = reduce(getattr, name.split("."), root)
    brackets, since = scale_at(root, name, month)
    return described(name, node, brackets, since)


def municipal_rate_info(root: Any, month: str, municipality_code: int) -> dict[str, Any] | None:
    """The home municipality's own income tax rate in `month` as an explanation's parameter
    (the form of rules.calc.parameter_info, with `municipality_code`), or None when the
    table has no rate for it then (the estimate then uses the average rate)."""
    node = root.tax.municipal_rate
    leaf = node.children.get(f"{int(municipality_code or 0):03d}")
    instant = f"{month}-01"
    current = (
        next((v for v in leaf.values_list if v.instant_str <= instant), None) if leaf else None
    )
    if current is None or current.value is None:
        return None
    since = dt.date.fromisoformat(current.instant_str)
    info = described(MUNICIPAL_RATE, node, current.value, since, leaf.description)
    return {**info, "municipality_code": int(municipality_code)}


def tax_explanation(
    month: str,
    estimate: bool,
    parameter_info: Callable[[str, str], dict],
    root: Any,
    municipality_code: int = 0,
) -> dict[str, Any]:
    """The tax's explanation for `month` (YYYY-MM): the formula's id and msgid, whether it
    is an estimate, and each parameter read (`parameter_info(name, month)` for a value,
    `scale_info` for the state scale, `municipal_rate_info` for the home municipality's
    rate). `root`: system().parameters; `municipality_code`: the household's (0 = not known)."""

    def info(name: str) -> dict[str, Any]:
        if name in SCALES:
            return scale_info(root, name, month)
        if name == MUNICIPAL_RATE:
            return municipal_rate_info(root, month, municipality_code) or {}
        return parameter_info(name, month)

    names = tax_explanation_parameters(month, estimate, municipality_code, root)
    return {
        "formula_id": TAX_FORMULA_ID,
        "formula": tax_formula(estimate),
        "estimate": estimate,
        "parameters": [info(name) for name in names],
    }
