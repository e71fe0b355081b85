"""Person variables: each member's inputs and own benefits (monthly, euros, each component
rounded to cents). The parameters are under rules/parameters/ (dated, with sources)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNodeAtInstant
from openfisca_core.periods import DateUnit, Period
from openfisca_core.populations import Population
from openfisca_core.variables import Variable

from ..entities import Person
from .common import (
    ADULT_AGE,
    CHILD_BAND_AGE,
    CHILD_ROLES,
    CODE,
    DAILY_ALLOWANCES,
    ETERNITY,
    EXCLUDES_UNEMPLOYMENT_BENEFIT,
    MONTH,
    PARTNER,
    REHABILITATION,
    REHABILITATIVE_WORK_DAYS_A_WEEK,
    WORK_TRIAL_DAYS_A_WEEK,
    Activity,
    Money,
    Parameters,
    cents,
    days_in_weeks,
    one_of,
)


def _input(
    name: str, value_type: type, label: str, default: Any = None, period: DateUnit = MONTH
) -> type[Variable]:
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


# --------------------------------------------------------------------------------------------
# Inputs. Monthly facts have MONTH periods; the membership (role) and birth date are eternal.


class role(Variable):
    value_type = int
    entity = Person
    definition_period = ETERNITY
    label = "Role in the household: 0 applicant, 1 partner, 2 child, 3 adult child (rules.entities)"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        # The member's role in the household entity (a YAML case's `applicants`,
        # `partners`, `children`, `adult_children`); rules.calc sets the codes as an input.
        household = person.household
        members_role = household.members_role
        codes = np.zeros(len(members_role), dtype=np.int64)
        for code, entity_role in enumerate(household.entity.flattened_roles):
            codes[members_role == entity_role] = code
        return codes


birth_date = _input("birth_date", dt.date, "Date of birth", None, ETERNITY)


class activity(Variable):
    value_type = Enum
    possible_values = Activity
    default_value = Activity.status_quo
    entity = Person
    definition_period = MONTH
    label = "The alternative's kind (set as indices into ACTIVITIES)"


gross_wage = _input(
    "gross_wage", float, "Own gross wage a month (the applicant's: the alternative's)"
)
attendance_days = _input("attendance_days", float, "Attendance (or rehabilitation) days a month")
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
withholding_percent = _input(
    "withholding_percent",
    float,
    "Withholding percentage of the tax card; NaN when not known (the tax is then estimated)",
    float("nan"),
)
full_time_student = _input("full_time_student", bool, "A full-time student")
assets = _input("assets", float, "Assets in euros (bank deposits, securities …)")


class age_years(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Age in full years on the first day of the month"
    default_value = 30

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        # rules.calc sets the ages as an input (vectorised, once per month); this formula
        # serves the YAML cases that give a birth date.
        birth = person("birth_date", period)
        first = period.start
        years = birth.astype("datetime64[Y]").astype(int) + 1970
        months = birth.astype("datetime64[M]").astype(int) % 12 + 1
        days = (birth - birth.astype("datetime64[M]")).astype(int) + 1
        before = (months > first.month) | ((months == first.month) & (days > first.day))
        return first.year - years - before.astype(int)


class birth_year(Variable):
    value_type = int
    entity = Person
    definition_period = ETERNITY
    label = "Year of birth"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        return person("birth_date", period).astype("datetime64[Y]").astype(int) + 1970


class sibling_rank(Variable):
    value_type = int
    entity = Person
    definition_period = ETERNITY
    label = "Place among the household's children (child or adult child), the oldest 1; 0 others"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        household = person.household.members_entity_id
        child = one_of(person("role", period), CHILD_ROLES)
        birth = person("birth_date", period).astype("datetime64[D]").astype(np.int64)
        rows = np.arange(len(child))
        # Children first, by household, then by birth date (the oldest first), then as given.
        order = np.lexsort((rows, birth, household, ~child))
        sorted_household = household[order]
        children = int(child.sum())
        rank = np.zeros(len(child), dtype=np.int64)
        if children:
            first = np.r_[True, sorted_household[1:children] != sorted_household[: children - 1]]
            starts = np.maximum.accumulate(np.where(first, np.arange(children), 0))
            rank[order[:children]] = np.arange(children) - starts + 1
        return rank


class minor_child(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "A child of the household under 18"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        return one_of(person("role", period), CHILD_ROLES) & (
            person("age_years", period) < ADULT_AGE
        )


def household_has_partner(person: Population, period: Period) -> np.ndarray:
    roles = person("role", period)
    return person.household.sum(roles == PARTNER) > 0


# --------------------------------------------------------------------------------------------
# Earnings and benefits


class wage(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Wage: the own gross wage; none with a full sickness or rehabilitation allowance"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        # A partial allowance is paid beside part-time work: its wage counts as income.
        full_allowance = one_of(person("activity", period), DAILY_ALLOWANCES) & ~person(
            "partial_allowance", period
        )
        return cents(np.where(full_allowance, 0.0, person("gross_wage", period)))


def _unemployment_benefit(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
    p = parameters(period).unemployment
    # 18–64 from 1.1.2025; those born before 2008 keep the earlier minimum age, 17
    # (1290/2002 ch. 3 s. 1; the 17 of one born later who has completed compulsory education
    # is not an input).
    age = person("age_years", period)
    born = person("birth_year", period)
    youngest = np.where(
        born < p.earlier_minimum_age_born_before, p.earlier_minimum_age, p.minimum_age
    )
    payable = (
        person("entitled_to_unemployment_benefit", period)
        & ~one_of(person("activity", period), EXCLUDES_UNEMPLOYMENT_BENEFIT)
        & (age >= youngest)
        & (age <= p.maximum_age)
    )
    # The adjusted (sovitellut) benefit: the earnings adjustment spread over the payment
    # days, the adjusted daily amount rounded to cents, then × the payment days.
    days = p.payment_days_per_month
    daily = cents(
        np.maximum(p.daily_amount - p.earnings_adjustment_rate * person("wage", period) / days, 0)
    )
    return cents(np.where(payable, daily * days, 0.0))


class unemployment_benefit(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Unemployment benefit (labour-market subsidy / basic allowance; yleistuki from 5/2026)"

    # Before 1.5.2026: the labour-market subsidy or the basic unemployment allowance.
    def formula_2024_04_01(
        person: Population, period: Period, parameters: Parameters
    ) -> np.ndarray:
        return _unemployment_benefit(person, period, parameters)

    # From 1.5.2026: yleistuki replaces both, with the same daily amount and earnings
    # adjustment: the same formula (one function, so rules.calc computes the months on both
    # sides of the change together).
    formula_2026_05_01 = formula_2024_04_01


class attendance_day_limit(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Attendance days the month allows the activity (per calendar week)"
    default_value = 31

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        # The calendar of the month, not a parameter: rules.calc sets it per month as an
        # input (the months it stacks into one period differ in their weeks).
        start = period.start
        kind = person("activity", period)
        trial = days_in_weeks(start.year, start.month, WORK_TRIAL_DAYS_A_WEEK, weekdays_only=True)
        activity_days = days_in_weeks(
            start.year, start.month, REHABILITATIVE_WORK_DAYS_A_WEEK, weekdays_only=False
        )
        return np.where(
            kind == CODE["work_trial"],
            trial,
            np.where(kind == CODE["rehabilitative_work_activity"], activity_days, 31),
        )


class expense_allowance(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Expense allowance (kulukorvaus) per attendance day; tax-free"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        p = parameters(period).expense_allowance
        kind = person("activity", period)
        # At most 5 days a week in a work trial, 4 in rehabilitative work activity (law
        # 189/2001, section 14), counted per calendar week; rules.inputs refuses more.
        days = np.minimum(person("attendance_days", period), person("attendance_day_limit", period))
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

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        p = parameters(period).daily_allowances
        income = person("annual_earned_income", period) * (1 - p.contribution_deduction)
        below = np.minimum(income, p.income_limit)
        above = np.maximum(income - p.income_limit, 0.0)
        return (p.replacement_rate * below + p.rate_above_limit * above) / 300


def _daily_allowance(
    person: Population, period: Period, parameters: Parameters, kinds: tuple[int, ...]
) -> np.ndarray:
    p = parameters(period).daily_allowances
    daily = np.maximum(person("allowance_daily_amount", period), p.minimum_daily)
    daily = np.where(person("partial_allowance", period), daily * p.partial_share, daily)
    # 18–67 from 1.1.2025; those born before 2009 keep the earlier minimum age, 16.
    age = person("age_years", period)
    born = person("birth_year", period)
    youngest = np.where(
        born < p.earlier_minimum_age_born_before, p.earlier_minimum_age, p.minimum_age
    )
    paid = one_of(person("activity", period), kinds) & (age >= youngest)
    paid = paid & (age <= p.maximum_age)
    return cents(np.where(paid, cents(daily) * p.payment_days_per_month, 0.0))


class sickness_allowance(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Sickness allowance"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        return _daily_allowance(person, period, parameters, (CODE["sickness_allowance"],))


class rehabilitation_allowance(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Rehabilitation allowance (Kela vocational rehabilitation)"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        return _daily_allowance(person, period, parameters, REHABILITATION)


class rehabilitation_days(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Rehabilitation days a month: the attendance days, else five days a week"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        days = person("attendance_days", period)
        usual = parameters(period).unemployment.payment_days_per_month
        return np.where(days > 0, days, usual)


class maintenance_allowance(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Maintenance allowance (ylläpitokorvaus) on the minimum rehabilitation allowance"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        p = parameters(period)
        on_minimum = person("allowance_daily_amount", period) <= p.daily_allowances.minimum_daily
        paid = person("rehabilitation_allowance", period) > 0
        days = person("rehabilitation_days", period)
        amount = p.maintenance_allowance.daily_amount * days
        return cents(np.where(paid & on_minimum, amount, 0.0))


class child_order(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Place among the household's children under the child benefit's age, the oldest 1"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        limit = parameters(period).child_benefit.maximum_age
        child = one_of(person("role", period), CHILD_ROLES)
        under = child & (person("age_years", period) < limit)
        # Every older child has a lower sibling_rank; those past the age limit are older than
        # every child under it, so the place among the children under it is the rank less
        # the household's children past the limit.
        household = person.household
        past = household.sum(child & ~under)
        return np.where(under, person("sibling_rank", period) - past, 0)


class child_benefit(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Child benefit (lapsilisä) for this child, by its order; tax-free"

    # The amounts by order, the supplement and the increase under 3: Child Benefit Act
    # 796/1992, section 7 (rules/parameters/child_benefit).

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        p = parameters(period).child_benefit
        order = person("child_order", period)
        # The amount by order (0: not a child under the age limit): a lookup by index.
        by_order = np.array([0.0, p.first, p.second, p.third, p.fourth, p.fifth_on])
        amount = by_order[np.clip(order, 0, 5)]
        # A parent living without a spouse or partner gets the single-parent supplement for
        # each child; a child under 3 has an increase (to the end of the month it turns 3).
        single = ~household_has_partner(person, period)
        supplement = np.where((order > 0) & single, p.single_parent_supplement, 0.0)
        young = (order > 0) & (person("age_years", period) < p.under_3_age)
        increase = np.where(young, p.under_3_supplement, 0.0)
        return cents(amount + supplement + increase)


# Member types of basic social assistance (social_assistance_member_type), each with its
# basic amount under social_assistance.basic_amount.
MEMBER_TYPES = (
    "single",
    "cohabiting",
    "single_parent",
    "adult_with_parents",
    "child_10_17",
    "child_under_10",
)
SINGLE, COHABITING, SINGLE_PARENT, ADULT_WITH_PARENTS, CHILD_10_17, CHILD_UNDER_10 = range(6)
SIBLING_ORDERS = ("first", "second", "third_on")


class social_assistance_member_type(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Member type of basic social assistance (index into MEMBER_TYPES)"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        roles = person("role", period)
        age = person("age_years", period)
        household = person.household
        child = one_of(roles, CHILD_ROLES)
        minor = child & (age < ADULT_AGE)
        partner = household_has_partner(person, period)
        with_children = household.sum(minor) > 0
        parent = np.where(partner, COHABITING, np.where(with_children, SINGLE_PARENT, SINGLE))
        young = np.where(age >= CHILD_BAND_AGE, CHILD_10_17, CHILD_UNDER_10)
        return np.where(minor, young, np.where(child, ADULT_WITH_PARENTS, parent))


class social_assistance_sibling_order(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Place among the family's children under 18, the oldest 1; 0 for the adults"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        child = one_of(person("role", period), CHILD_ROLES)
        minor = person("minor_child", period)
        # Children aged 18 or over (adults living with their parents) are older than every
        # child under 18 and are not among the siblings.
        household = person.household
        adults_among_children = household.sum(child & ~minor)
        return np.where(minor, person("sibling_rank", period) - adults_among_children, 0)


class social_assistance_basic_amount(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "This member's basic amount of basic social assistance, by member type and order"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        p = parameters(period).social_assistance.basic_amount
        kind = person("social_assistance_member_type", period)
        order = person("social_assistance_sibling_order", period)

        # A lookup table [member type, sibling order]: the children's bands by order 1, 2,
        # 3 or more (0, which a child does not have, as the third on); the adults' one amount.
        def by_order(band: ParameterNodeAtInstant) -> list[float]:
            return [band.third_on, band.first, band.second, band.third_on]

        table = np.array(
            [
                [p.single] * 4,
                [p.cohabiting] * 4,
                [p.single_parent] * 4,
                [p.adult_with_parents] * 4,
                by_order(p.child_10_17),
                by_order(p.child_under_10),
            ]
        )
        return table[kind, np.clip(order, 0, 3)]


class taxable_income(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Taxable income: wage and earnings-replacing benefits"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        return (
            person("wage", period)
            + person("unemployment_benefit", period)
            + person("sickness_allowance", period)
            + person("rehabilitation_allowance", period)
        )


class gross_income(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "This member's components before tax (the household's own ones apart)"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        return cents(
            person("taxable_income", period)
            + person("expense_allowance", period)
            + person("maintenance_allowance", period)
            + person("child_benefit", period)
        )


class net_income(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "This member's components after tax (income_tax: rules/tax.py)"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        return cents(person("gross_income", period) - person("income_tax", period))


PERSON_VARIABLES = [
    role,
    birth_date,
    activity,
    gross_wage,
    attendance_days,
    outside_commuting_area,
    partial_allowance,
    entitled_to_unemployment_benefit,
    annual_earned_income,
    withholding_percent,
    full_time_student,
    assets,
    age_years,
    birth_year,
    sibling_rank,
    minor_child,
    wage,
    unemployment_benefit,
    attendance_day_limit,
    expense_allowance,
    allowance_daily_amount,
    sickness_allowance,
    rehabilitation_allowance,
    rehabilitation_days,
    maintenance_allowance,
    child_order,
    child_benefit,
    social_assistance_member_type,
    social_assistance_sibling_order,
    social_assistance_basic_amount,
    taxable_income,
    gross_income,
    net_income,
]
