"""Household variables, and the per-member ones they read: the general housing allowance
(for the household, the `ruokakunta`) and basic social assistance (for each family), and the
household's totals. Monthly, euros, rounded to cents; parameters under rules/parameters/
(dated, with sources)."""

from __future__ import annotations

from functools import cache

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNodeAtInstant
from openfisca_core.periods import Period
from openfisca_core.populations import GroupPopulation, Population
from openfisca_core.variables import Variable

from ..entities import Household, Person
from .common import (
    ADULT_AGE,
    APPLICANT,
    CHILD_ROLES,
    ETERNITY,
    MONTH,
    PARTNER,
    Money,
    Parameters,
    Tenure,
    cents,
    one_of,
)

# A municipality the household did not name (code 0) or that the table does not know is
# taken to be in group 4, the group with the lowest caps: the estimate errs towards less
# housing allowance, never towards an unpleasant surprise.
DEFAULT_MUNICIPALITY_GROUP = 4


class housing_cost(Money):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Housing costs a month (rent, or the charges of an owned or right-of-occupancy home)"


class tenure(Variable):
    value_type = Enum
    possible_values = Tenure
    default_value = Tenure.rent
    entity = Household
    definition_period = MONTH
    label = "How the household holds its home"


class municipality_code(Variable):
    value_type = int
    entity = Household
    definition_period = ETERNITY
    label = "Official 3-digit code of the home municipality; 0 when not known"


@cache
def _group_table() -> np.ndarray:
    """Housing-allowance municipality group by municipality code (index), 0–999."""
    from ..municipalities import HOUSING_GROUP

    table = np.full(1000, DEFAULT_MUNICIPALITY_GROUP, dtype=np.int64)
    for code, group in HOUSING_GROUP.items():
        table[int(code)] = int(group)
    return table


class municipality_group(Variable):
    value_type = int
    entity = Household
    definition_period = ETERNITY
    label = "Municipality group of the housing allowance's caps (1–4; 4 when not known)"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        codes = household("municipality_code", period)
        known = (codes > 0) & (codes < 1000)
        return np.where(known, _group_table()[np.clip(codes, 0, 999)], DEFAULT_MUNICIPALITY_GROUP)


class household_size(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Members of the household"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        return household.nb_persons()


class adults_in_household(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Members aged 18 or over"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        return household.sum(household.members("age_years", period) >= ADULT_AGE).astype(int)


def _max_cost(p: ParameterNodeAtInstant, group: np.ndarray, size: np.ndarray) -> np.ndarray:
    """The cap on housing costs by municipality group × household size."""
    caps = np.zeros((5, 5))  # [group, persons 1–4]
    extra = np.zeros(5)
    for g in range(1, 5):
        node = getattr(p.max_cost, f"group_{g}")
        for n in range(1, 5):
            caps[g, n] = getattr(node, f"persons_{n}")
        extra[g] = node.each_additional
    group = np.clip(group, 1, 4)
    size = np.maximum(size, 1)
    return caps[group, np.minimum(size, 4)] + extra[group] * np.maximum(size - 4, 0)


class housing_allowance_member(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "A member of the household for the general housing allowance"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        # From 1.8.2025 a student entitled to the housing supplement of student financial
        # aid is not a member of the household (Act on General Housing Allowance (938/2014),
        # section 4, subsection 5, and section 8, subsection 2, paragraph 1, as amended by
        # Act 836/2024). Not entitled to it (Student Financial Aid Act (65/1994), section 14,
        # subsection 2, as amended by Act 835/2024): a student living with a parent (here an
        # adult child of the household) or with their own or their partner's child.
        p = parameters(period).housing_allowance
        student = person("full_time_student", period) & bool(p.students_excluded_from)
        student = student & one_of(person("role", period), (APPLICANT, PARTNER))
        with_child = person.household.sum(person("minor_child", period)) > 0
        return ~(student & ~with_child)


class housing_allowance_assets(Money):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "The household's assets for the housing allowance's assets test"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        # The members' assets; a child's assets do not count (Act on General Housing
        # Allowance (938/2014), section 13, subsection 5, as enacted by Act 910/2024 from
        # 1.1.2025: "Omaisuutena ei kuitenkaan oteta huomioon ... lapsen omaisuutta").
        members = household.members
        counted = ~members("minor_child", period) & members("housing_allowance_member", period)
        return household.sum(members("assets", period) * counted)


class housing_allowance_adults(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Members aged 18 or over of the household for the general housing allowance"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        members = household.members
        adult = members("age_years", period) >= ADULT_AGE
        return household.sum(adult & members("housing_allowance_member", period)).astype(int)


class housing_allowance_income(Money):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "The household's monthly income for the housing allowance, in whole euros"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        p = parameters(period).housing_allowance
        # The members' gross income; a child under 18's own income does not count when the
        # child lives with a parent (kela.fi, "Tulojen vaikutus asumistukeen").
        members = household.members
        counted = ~members("minor_child", period) | (members("role", period) == APPLICANT)
        counted = counted & members("housing_allowance_member", period)
        earned = household.sum(members("taxable_income", period) * counted)
        # Assets above the limit: a share of the excess counts as yearly income (from 2025).
        a = p.assets
        adults = household("housing_allowance_adults", period)
        wealth = household("housing_allowance_assets", period)
        limit = np.where(adults > 1, a.limit_more, a.limit_one_adult)
        from_assets = a.counted_share * np.maximum(wealth - limit, 0.0) / 12
        return np.floor(earned + from_assets)


class housing_allowance(Money):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "General housing allowance of the household"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        p = parameters(period).housing_allowance
        # The household of the allowance: without the students left out (from 1.8.2025),
        # whose per-head share of the costs is left out too (Act on General Housing
        # Allowance (938/2014), section 9, subsection 4, as amended by Act 836/2024).
        everyone = household("household_size", period)
        size = household.sum(household.members("housing_allowance_member", period)).astype(int)
        adults = household("housing_allowance_adults", period)
        children = size - adults
        income = household("housing_allowance_income", period)
        threshold = p.threshold_base + p.threshold_per_adult * adults
        threshold = threshold + p.threshold_per_child * children
        deductible = p.deductible_rate * np.maximum(income - threshold, 0.0)
        deductible = np.where(deductible < p.ignored_deductible, 0.0, deductible)
        cap = _max_cost(p, household("municipality_group", period), size)
        costs = household("housing_cost", period) * size / np.maximum(everyone, 1)
        acceptable = np.minimum(costs, cap)
        amount = np.maximum(p.share_of_costs * (acceptable - deductible), 0.0)
        # No allowance for an owner-occupied home (from 1.1.2025), for a household of
        # full-time students only (from 1.8.2025: the student housing supplement), or with
        # assets at or above the limit (from 1.1.2025).
        owner = (household("tenure", period) == Tenure.owner) & bool(p.owner_homes_excluded_from)
        students = size == 0
        wealth = household("housing_allowance_assets", period)
        rich = wealth >= p.assets.no_allowance_from
        amount = np.where(owner | students | rich, 0.0, amount)
        # An allowance under the smallest amount paid is not paid.
        return cents(np.where(amount < p.minimum_payment, 0.0, amount))


class social_assistance_own_family(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "A child aged 18 or over: a family of its own in basic social assistance"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        # The family of basic social assistance is the spouses or partners and their
        # children under 18 (Act on Social Assistance (1412/1997), section 3); a child aged 18 or
        # over living with the parents has its own assistance, with the basic amount of an
        # adult living with the parents.
        return one_of(person("role", period), CHILD_ROLES) & ~person("minor_child", period)


class social_assistance_net_income(Money):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "This member's net income for social assistance (child benefit included)"

    def formula(person: Population, period: Period, parameters: Parameters) -> np.ndarray:
        p = parameters(period).social_assistance
        taxable = person("taxable_income", period)
        tax = person("income_tax", period)
        # Before 1.3.2026 part of each earner's earnings is left out (up to the deduction),
        # from the net wage: the wage less its share of the member's tax.
        wage = person("wage", period)
        tax_share = np.divide(wage, taxable, out=np.zeros_like(wage), where=taxable > 0)
        net_wage = np.maximum(wage - tax * tax_share, 0.0)
        left_out = np.minimum(p.earned_income_deduction, net_wage)
        # Counted: net income after tax and child benefit; the tax-free expense and
        # maintenance allowances are not.
        return taxable - tax - left_out + person("child_benefit", period)


class social_assistance(Money):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Basic social assistance: the last resort after all other income"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        members = household.members
        own = members("social_assistance_own_family", period)
        basic = members("social_assistance_basic_amount", period)
        income = members("social_assistance_net_income", period)
        # The housing costs and the housing allowance are shared by head among the people
        # who live in the home; each adult child's share is in its own assistance.
        size = household("household_size", period)
        per_head = (
            household("housing_cost", period) - household("housing_allowance", period)
        ) / np.maximum(size, 1)
        shares = household.project(per_head)
        # A child's own income (its child benefit, a wage) covers only the child's own
        # expenses: the rest of it does not reduce the family's assistance (Act on Social
        # Assistance (1412/1997), section 11, subsection 2, paragraph 2 as amended by Act
        # 1218/2005: a child under 18's regular income is not counted beyond the child's own
        # expenses; read in Finlex open data, no later amendment through 21.2.2025). That
        # child benefit is the child's income here is STM's guide 2013:4, not re-read.
        minor = members("minor_child", period)
        income = np.where(minor, np.minimum(income, basic + shares), income)
        need = basic + shares - income
        # Each family's assistance is rounded to the cent on its own.
        adults_apart = household.sum(np.where(own, cents(np.maximum(need, 0.0)), 0.0))
        family = cents(np.maximum(household.sum(np.where(own, 0.0, need)), 0.0))
        return cents(family + adults_apart)


class household_gross_income(Money):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "All the household's components before tax"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        return cents(
            household.sum(household.members("gross_income", period))
            + household("housing_allowance", period)
            + household("social_assistance", period)
        )


class household_income_tax(Money):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "The members' income tax"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        return cents(household.sum(household.members("income_tax", period)))


class household_net_income(Money):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "The household's disposable income a month"

    def formula(household: GroupPopulation, period: Period, parameters: Parameters) -> np.ndarray:
        return cents(
            household("household_gross_income", period) - household("household_income_tax", period)
        )


HOUSEHOLD_VARIABLES = [
    housing_cost,
    tenure,
    municipality_code,
    municipality_group,
    household_size,
    adults_in_household,
    housing_allowance_member,
    housing_allowance_adults,
    housing_allowance_assets,
    housing_allowance_income,
    housing_allowance,
    social_assistance_own_family,
    social_assistance_net_income,
    social_assistance,
    household_gross_income,
    household_income_tax,
    household_net_income,
]
