"""Variables and formulas of Polku's rules (OpenFisca). Monthly amounts in euros, each
component rounded to cents; parameters come from rules/parameters/ (dated, with sources).

Activities (the `polku-rules calc` alternative kinds) are coded as integers in `activity`."""

from __future__ import annotations

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from .entities import Person

MONTH = DateUnit.MONTH
ETERNITY = DateUnit.ETERNITY

ACTIVITIES = (
    "status_quo",
    "part_time_work",
    "pay_subsidised_work",
    "work_trial",
    "rehabilitative_work_activity",
    "sickness_allowance",
    "vocational_rehabilitation",
    "studies_with_rehabilitation",
)
CODE = {name: i for i, name in enumerate(ACTIVITIES)}
WORK = (CODE["part_time_work"], CODE["pay_subsidised_work"])
REHABILITATION = (CODE["vocational_rehabilitation"], CODE["studies_with_rehabilitation"])
# No unemployment benefit with the rehabilitation allowance (TTL 3:4), nor with the sickness
# allowance for the same days.
EXCLUDES_UNEMPLOYMENT_BENEFIT = (CODE["sickness_allowance"], *REHABILITATION)


class Money(Variable):
    """A euro amount, held in float64: OpenFisca's default float32 cannot hold cents exactly
    enough for monthly sums."""

    value_type = float

    def __init__(self, baseline_variable=None):
        super().__init__(baseline_variable)
        self.dtype = np.float64


def cents(amount):
    """Half-up rounding to cents."""
    return np.floor(np.asarray(amount, dtype=float) * 100 + 0.5) / 100


def _input(name, value_type, label, default=None, period=ETERNITY):
    base = Money if value_type is float else Variable
    attrs = {
        "value_type": value_type,
        "entity": Person,
        "definition_period": period,
        "label": label,
    }
    if default is not None:
        attrs["default_value"] = default
    return type(name, (base,), attrs)


activity = _input("activity", int, "Alternative kind (index into ACTIVITIES)", 0)
gross_wage = _input("gross_wage", float, "Gross wage a month in this alternative")
attendance_days = _input("attendance_days", float, "Attendance days a month")
partial_allowance = _input(
    "partial_allowance", bool, "Partial sickness or rehabilitation allowance (part-time work)"
)
outside_commuting_area = _input(
    "outside_commuting_area", bool, "Work trial outside the commuting area or with lodging"
)
entitled_to_unemployment_benefit = _input(
    "entitled_to_unemployment_benefit", bool, "Entitled to the basic unemployment benefit now"
)
annual_earned_income = _input(
    "annual_earned_income", float, "Earned income of the 12 months before (for allowances)"
)
housing_cost = _input("housing_cost", float, "Housing costs a month")
adults_in_household = _input("adults_in_household", int, "Adults in the household", 1)
children_in_household = _input("children_in_household", int, "Children in the household", 0)
age_years = _input("age_years", int, "Age in full years at the start of the month", 30, MONTH)


class wage(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Wage"

    def formula(person, period, parameters):
        working = np.isin(person("activity", period), WORK)
        return cents(np.where(working, person("gross_wage", period), 0.0))


def _unemployment_benefit(person, period, parameters):
    p = parameters(period).unemployment
    age = person("age_years", period)
    payable = (
        person("entitled_to_unemployment_benefit", period)
        & ~np.isin(person("activity", period), EXCLUDES_UNEMPLOYMENT_BENEFIT)
        & (age >= p.minimum_age)
        & (age <= p.maximum_age)
    )
    full = p.daily_amount * p.payment_days_per_month
    adjusted = np.maximum(full - p.earnings_adjustment_rate * person("wage", period), 0.0)
    return cents(np.where(payable, adjusted, 0.0))


class unemployment_benefit(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Unemployment benefit (labour-market subsidy / basic allowance; yleistuki from 5/2026)"

    # Before 1.5.2026: the labour-market subsidy or the basic unemployment allowance.
    def formula_2024_04_01(person, period, parameters):
        return _unemployment_benefit(person, period, parameters)

    # From 1.5.2026: yleistuki replaces both; the same daily amount and earnings adjustment.
    def formula_2026_05_01(person, period, parameters):
        return _unemployment_benefit(person, period, parameters)


class expense_allowance(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Expense allowance (kulukorvaus) per attendance day; tax-free"

    def formula(person, period, parameters):
        p = parameters(period).expense_allowance
        kind = person("activity", period)
        days = np.clip(person("attendance_days", period), 0, p.max_days_per_month)
        trial = (kind == CODE["work_trial"]) & person("entitled_to_unemployment_benefit", period)
        trial_rate = np.where(
            person("outside_commuting_area", period),
            p.daily_amount_outside_commuting_area,
            p.daily_amount,
        )
        activity_days = kind == CODE["rehabilitative_work_activity"]
        rate = np.where(trial, trial_rate, np.where(activity_days, p.daily_amount, 0.0))
        return cents(rate * days)


class allowance_daily_amount(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Daily sickness / rehabilitation allowance from the annual income (before minimum)"

    def formula(person, period, parameters):
        p = parameters(period).daily_allowances
        income = person("annual_earned_income", period) * (1 - p.contribution_deduction)
        below = np.minimum(income, p.income_limit)
        above = np.maximum(income - p.income_limit, 0.0)
        return (p.replacement_rate * below + p.rate_above_limit * above) / 300


def _daily_allowance(person, period, parameters, kinds):
    p = parameters(period).daily_allowances
    daily = np.maximum(person("allowance_daily_amount", period), p.minimum_daily)
    daily = np.where(person("partial_allowance", period), daily * p.partial_share, daily)
    paid = np.isin(person("activity", period), kinds)
    return cents(np.where(paid, cents(daily) * p.payment_days_per_month, 0.0))


class sickness_allowance(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Sickness allowance"

    def formula(person, period, parameters):
        return _daily_allowance(person, period, parameters, (CODE["sickness_allowance"],))


class rehabilitation_allowance(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Rehabilitation allowance (Kela vocational rehabilitation)"

    def formula(person, period, parameters):
        return _daily_allowance(person, period, parameters, REHABILITATION)


class rehabilitation_days(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Rehabilitation days a month: the attendance days, else five days a week"

    def formula(person, period, parameters):
        days = person("attendance_days", period)
        usual = parameters(period).unemployment.payment_days_per_month
        return np.where(days > 0, days, usual)


class maintenance_allowance(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Maintenance allowance (ylläpitokorvaus) on the minimum rehabilitation allowance"

    def formula(person, period, parameters):
        p = parameters(period)
        on_minimum = person("allowance_daily_amount", period) <= p.daily_allowances.minimum_daily
        rehabilitating = np.isin(person("activity", period), REHABILITATION)
        days = person("rehabilitation_days", period)
        amount = p.maintenance_allowance.daily_amount * days
        return cents(np.where(rehabilitating & on_minimum, amount, 0.0))


class taxable_income(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Taxable income: wage and earnings-replacing benefits"

    def formula(person, period, parameters):
        return (
            person("wage", period)
            + person("unemployment_benefit", period)
            + person("sickness_allowance", period)
            + person("rehabilitation_allowance", period)
        )


class income_tax(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Income tax ESTIMATE: dated flat withholding rates"

    def formula(person, period, parameters):
        t = parameters(period).tax
        daily = person("sickness_allowance", period) + person("rehabilitation_allowance", period)
        return cents(
            t.wage_withholding * person("wage", period)
            + t.unemployment_benefit_withholding * person("unemployment_benefit", period)
            + t.daily_allowance_withholding * daily
        )


class housing_allowance(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "General housing allowance"

    def formula(person, period, parameters):
        p = parameters(period).housing_allowance
        adults = np.maximum(person("adults_in_household", period), 1)
        children = np.maximum(person("children_in_household", period), 0)
        threshold = p.threshold_base + p.threshold_per_adult * adults
        threshold = threshold + p.threshold_per_child * children
        excess = np.maximum(person("taxable_income", period) - threshold, 0.0)
        deductible = p.deductible_rate * excess
        deductible = np.where(deductible < p.ignored_deductible, 0.0, deductible)
        cost = person("housing_cost", period)
        alone = (adults + children) == 1
        acceptable = np.where(alone, np.minimum(cost, p.max_cost_one_person), cost)
        return cents(np.maximum(p.share_of_costs * (acceptable - deductible), 0.0))


class social_assistance(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Basic social assistance: the last resort after all other income"

    def formula(person, period, parameters):
        p = parameters(period).social_assistance
        adults = np.maximum(person("adults_in_household", period), 1)
        expenses = p.basic_amount * adults + person("housing_cost", period)
        net = person("taxable_income", period) - person("income_tax", period)
        wage_net = person("wage", period)
        counted = net + person("housing_allowance", period)
        counted = counted - np.minimum(p.earned_income_deduction, wage_net)
        return cents(np.maximum(expenses - counted, 0.0))


class gross_income(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "All components before tax"

    def formula(person, period, parameters):
        return cents(
            person("taxable_income", period)
            + person("expense_allowance", period)
            + person("maintenance_allowance", period)
            + person("housing_allowance", period)
            + person("social_assistance", period)
        )


class net_income(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Disposable income a month"

    def formula(person, period, parameters):
        return cents(person("gross_income", period) - person("income_tax", period))


VARIABLES = [
    activity,
    gross_wage,
    attendance_days,
    outside_commuting_area,
    partial_allowance,
    entitled_to_unemployment_benefit,
    annual_earned_income,
    housing_cost,
    adults_in_household,
    children_in_household,
    age_years,
    wage,
    unemployment_benefit,
    expense_allowance,
    allowance_daily_amount,
    sickness_allowance,
    rehabilitation_allowance,
    rehabilitation_days,
    maintenance_allowance,
    taxable_income,
    income_tax,
    housing_allowance,
    social_assistance,
    gross_income,
    net_income,
]
