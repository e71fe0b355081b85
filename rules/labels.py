"""The one registry of names for the rules engine's code names: eligibility rules, income
components and parameters, as plain-English msgids (rules.i18n.gettext_noop) that the product
translates with gettext wherever it shows them (pages, PDFs, the API's human-readable
fields). A page never shows a code name such as `unemployment_benefit`.

tests/rules/test_labels.py keeps the registry complete: every rule in
rules.references.ELIGIBILITY_RULES, every component in INCOME_COMPONENTS and every parameter
under rules/parameters has a name here."""

from __future__ import annotations

from .i18n import gettext_noop

# Eligibility rules (rules.references.ELIGIBILITY_RULES).
RULE_LABELS: dict[str, str] = {
    "unemployment_benefit": gettext_noop("Unemployment benefit"),
    "expense_allowance": gettext_noop("Expense allowance"),
    "sickness_allowance": gettext_noop("Kela sickness allowance"),
    "rehabilitation_allowance": gettext_noop("Kela rehabilitation allowance"),
    "maintenance_allowance": gettext_noop("Maintenance allowance"),
    "housing_allowance": gettext_noop("General housing allowance"),
    "social_assistance": gettext_noop("Basic social assistance"),
    "vocational_rehabilitation_assessment": gettext_noop(
        "Kela vocational rehabilitation assessment"
    ),
    "kela_vocational_rehabilitation": gettext_noop("Kela vocational rehabilitation"),
    "studies_with_rehabilitation": gettext_noop("Studies as vocational rehabilitation"),
    "rehabilitation_psychotherapy": gettext_noop("Kela rehabilitation psychotherapy"),
    "work_trial": gettext_noop("Work trial"),
    "pay_subsidised_work": gettext_noop("Pay-subsidised work"),
    "rehabilitative_work_activity": gettext_noop("Rehabilitative work activity"),
    "social_rehabilitation": gettext_noop("Social rehabilitation"),
    "health_check_unemployed": gettext_noop("Health check for the unemployed"),
    "joint_service_typ": gettext_noop("Multi-agency joint service (TYP)"),
}

# Income components of `polku-rules calc` (rules.references.INCOME_COMPONENTS), and the tax.
COMPONENT_LABELS: dict[str, str] = {
    "wage": gettext_noop("Wage"),
    "unemployment_benefit": gettext_noop("Unemployment benefit"),
    "expense_allowance": gettext_noop("Expense allowance"),
    "sickness_allowance": gettext_noop("Sickness allowance"),
    "rehabilitation_allowance": gettext_noop("Rehabilitation allowance"),
    "maintenance_allowance": gettext_noop("Maintenance allowance"),
    "child_benefit": gettext_noop("Child benefit"),
    "housing_allowance": gettext_noop("General housing allowance"),
    "social_assistance": gettext_noop("Basic social assistance"),
    "income_tax": gettext_noop("Tax estimate"),
}

# Parameters (dotted names under rules/parameters).
PARAMETER_LABELS: dict[str, str] = {
    "daily_allowances.contribution_deduction": gettext_noop(
        "Employee contributions deducted from wages"
    ),
    "daily_allowances.income_limit": gettext_noop("Annual income limit of the formula"),
    "daily_allowances.minimum_daily": gettext_noop("Minimum allowance a day"),
    "daily_allowances.minimum_age": gettext_noop("Lower age limit of the allowance"),
    "daily_allowances.maximum_age": gettext_noop("Upper age limit of the allowance"),
    "daily_allowances.earlier_minimum_age": gettext_noop(
        "Lower age limit for those born before the year of change"
    ),
    "daily_allowances.earlier_minimum_age_born_before": gettext_noop(
        "Year of birth from which the higher lower age limit applies"
    ),
    "daily_allowances.partial_share": gettext_noop("Partial allowance: share of the full one"),
    "daily_allowances.payment_days_per_month": gettext_noop("Payment days a month"),
    "daily_allowances.rate_above_limit": gettext_noop("Share of the income above the limit"),
    "daily_allowances.replacement_rate": gettext_noop("Share of the income up to the limit"),
    "expense_allowance.daily_amount": gettext_noop("Expense allowance a day"),
    "expense_allowance.daily_amount_outside_commuting_area": gettext_noop(
        "Expense allowance a day outside the commuting area"
    ),
    "expense_allowance.max_days_per_month": gettext_noop("Attendance days a month at most"),
    "housing_allowance.deductible_rate": gettext_noop(
        "Basic deductible: share of the income above the threshold"
    ),
    "housing_allowance.ignored_deductible": gettext_noop(
        "A basic deductible below this is left out"
    ),
    "housing_allowance.share_of_costs": gettext_noop("Share of the acceptable housing costs"),
    "housing_allowance.threshold_base": gettext_noop("Income threshold of the basic deductible"),
    "housing_allowance.threshold_per_adult": gettext_noop("Threshold added for each adult"),
    "housing_allowance.threshold_per_child": gettext_noop("Threshold added for each child"),
    "maintenance_allowance.daily_amount": gettext_noop("Maintenance allowance a day"),
    "social_assistance.earned_income_deduction": gettext_noop("Earned income not counted"),
    "unemployment.daily_amount": gettext_noop("Unemployment benefit a day"),
    "unemployment.earnings_adjustment_rate": gettext_noop(
        "Reduction for each euro of gross earnings"
    ),
    "unemployment.maximum_age": gettext_noop("Upper age limit"),
    "unemployment.minimum_age": gettext_noop("Lower age limit"),
    "unemployment.earlier_minimum_age": gettext_noop(
        "Lower age limit for those born before the year of change"
    ),
    "unemployment.earlier_minimum_age_born_before": gettext_noop(
        "Year of birth from which the higher lower age limit applies"
    ),
    "unemployment.payment_days_per_month": gettext_noop("Payment days a month"),
    "unemployment.yleistuki_from": gettext_noop("Yleistuki in force"),
    "housing_allowance.max_cost.group_1.persons_1": gettext_noop(
        "Housing costs at most in Helsinki, one person"
    ),
    "housing_allowance.max_cost.group_1.persons_2": gettext_noop(
        "Housing costs at most in Helsinki, two persons"
    ),
    "housing_allowance.max_cost.group_1.persons_3": gettext_noop(
        "Housing costs at most in Helsinki, three persons"
    ),
    "housing_allowance.max_cost.group_1.persons_4": gettext_noop(
        "Housing costs at most in Helsinki, four persons"
    ),
    "housing_allowance.max_cost.group_1.each_additional": gettext_noop(
        "Housing costs at most in Helsinki, each further person"
    ),
    "housing_allowance.max_cost.group_2.persons_1": gettext_noop(
        "Housing costs at most in Espoo, Kauniainen and Vantaa, one person"
    ),
    "housing_allowance.max_cost.group_2.persons_2": gettext_noop(
        "Housing costs at most in Espoo, Kauniainen and Vantaa, two persons"
    ),
    "housing_allowance.max_cost.group_2.persons_3": gettext_noop(
        "Housing costs at most in Espoo, Kauniainen and Vantaa, three persons"
    ),
    "housing_allowance.max_cost.group_2.persons_4": gettext_noop(
        "Housing costs at most in Espoo, Kauniainen and Vantaa, four persons"
    ),
    "housing_allowance.max_cost.group_2.each_additional": gettext_noop(
        "Housing costs at most in Espoo, Kauniainen and Vantaa, each further person"
    ),
    "housing_allowance.max_cost.group_3.persons_1": gettext_noop(
        "Housing costs at most in the larger towns of group II, one person"
    ),
    "housing_allowance.max_cost.group_3.persons_2": gettext_noop(
        "Housing costs at most in the larger towns of group II, two persons"
    ),
    "housing_allowance.max_cost.group_3.persons_3": gettext_noop(
        "Housing costs at most in the larger towns of group II, three persons"
    ),
    "housing_allowance.max_cost.group_3.persons_4": gettext_noop(
        "Housing costs at most in the larger towns of group II, four persons"
    ),
    "housing_allowance.max_cost.group_3.each_additional": gettext_noop(
        "Housing costs at most in the larger towns of group II, each further person"
    ),
    "housing_allowance.max_cost.group_4.persons_1": gettext_noop(
        "Housing costs at most in other municipalities, one person"
    ),
    "housing_allowance.max_cost.group_4.persons_2": gettext_noop(
        "Housing costs at most in other municipalities, two persons"
    ),
    "housing_allowance.max_cost.group_4.persons_3": gettext_noop(
        "Housing costs at most in other municipalities, three persons"
    ),
    "housing_allowance.max_cost.group_4.persons_4": gettext_noop(
        "Housing costs at most in other municipalities, four persons"
    ),
    "housing_allowance.max_cost.group_4.each_additional": gettext_noop(
        "Housing costs at most in other municipalities, each further person"
    ),
    "housing_allowance.assets.limit_one_adult": gettext_noop("Assets not counted, one adult"),
    "housing_allowance.assets.limit_more": gettext_noop("Assets not counted, two or more adults"),
    "housing_allowance.assets.counted_share": gettext_noop(
        "Share of the assets above the limit counted as yearly income"
    ),
    "housing_allowance.assets.no_allowance_from": gettext_noop(
        "No housing allowance with assets of at least"
    ),
    "housing_allowance.students_excluded_from": gettext_noop(
        "Students no longer get the general housing allowance"
    ),
    "housing_allowance.owner_homes_excluded_from": gettext_noop(
        "No general housing allowance for owner-occupied homes"
    ),
    "child_benefit.first": gettext_noop("Child benefit for the first child"),
    "child_benefit.second": gettext_noop("Child benefit for the second child"),
    "child_benefit.third": gettext_noop("Child benefit for the third child"),
    "child_benefit.fourth": gettext_noop("Child benefit for the fourth child"),
    "child_benefit.fifth_on": gettext_noop("Child benefit for the fifth and each further child"),
    "child_benefit.single_parent_supplement": gettext_noop(
        "Single-parent supplement for each child"
    ),
    "child_benefit.under_3_supplement": gettext_noop("Increase for a child under 3"),
    "child_benefit.under_3_age": gettext_noop(
        "Age up to which the increase for young children is paid"
    ),
    "child_benefit.maximum_age": gettext_noop("Age up to which child benefit is paid"),
    "social_assistance.basic_amount.single": gettext_noop(
        "Basic amount a month, person living alone"
    ),
    "social_assistance.basic_amount.cohabiting": gettext_noop(
        "Basic amount a month, adult living with a spouse or partner"
    ),
    "social_assistance.basic_amount.single_parent": gettext_noop(
        "Basic amount a month, single parent"
    ),
    "social_assistance.basic_amount.adult_with_parents": gettext_noop(
        "Basic amount a month, adult living with a parent"
    ),
    "social_assistance.basic_amount.child_10_17.first": gettext_noop(
        "Basic amount a month, child aged 10 to 17, the oldest"
    ),
    "social_assistance.basic_amount.child_10_17.second": gettext_noop(
        "Basic amount a month, child aged 10 to 17, the second oldest"
    ),
    "social_assistance.basic_amount.child_10_17.third_on": gettext_noop(
        "Basic amount a month, child aged 10 to 17, third oldest or younger"
    ),
    "social_assistance.basic_amount.child_under_10.first": gettext_noop(
        "Basic amount a month, child under 10, the oldest"
    ),
    "social_assistance.basic_amount.child_under_10.second": gettext_noop(
        "Basic amount a month, child under 10, the second oldest"
    ),
    "social_assistance.basic_amount.child_under_10.third_on": gettext_noop(
        "Basic amount a month, child under 10, third oldest or younger"
    ),
    "tax.state_scale": gettext_noop("State income tax scale"),
    "tax.municipal_rate_average": gettext_noop(
        "Municipal tax rate: the average of all municipalities"
    ),
    "tax.medical_care_contribution_wages": gettext_noop("Medical care contribution on wages"),
    "tax.medical_care_contribution_benefits": gettext_noop("Medical care contribution on benefits"),
    "tax.daily_allowance_contribution": gettext_noop("Daily allowance contribution on wages"),
    "tax.daily_allowance_contribution_threshold": gettext_noop(
        "Daily allowance contribution: wages a year at least"
    ),
    "tax.daily_allowance_contribution_minimum_age": gettext_noop(
        "Daily allowance contribution from the age of"
    ),
    "tax.daily_allowance_contribution_maximum_age": gettext_noop(
        "Daily allowance contribution up to the age of"
    ),
    "tax.income_expense_deduction": gettext_noop("Deduction for the costs of earning a wage"),
    "tax.basic_deduction_maximum": gettext_noop("Basic deduction at most"),
    "tax.basic_deduction_reduction_rate": gettext_noop(
        "Basic deduction: reduction for each euro of income above it"
    ),
    "tax.work_income_deduction_rate": gettext_noop("Work income deduction: share of the wage"),
    "tax.work_income_deduction_maximum": gettext_noop("Work income deduction at most"),
    "tax.work_income_deduction_age_increase": gettext_noop(
        "Work income deduction: increase from the age limit"
    ),
    "tax.work_income_deduction_increase_age": gettext_noop(
        "Work income deduction: age limit of the increase"
    ),
    "tax.work_income_deduction_reduction_start": gettext_noop(
        "Work income deduction: reduced above this income a year"
    ),
    "tax.work_income_deduction_reduction_rate": gettext_noop(
        "Work income deduction: reduction for each euro above the limit"
    ),
    "tax.work_income_deduction_second_reduction_start": gettext_noop(
        "Work income deduction: second limit a year"
    ),
    "tax.work_income_deduction_second_reduction_rate": gettext_noop(
        "Work income deduction: reduction for each euro above the second limit"
    ),
    "tax.broadcasting_tax_rate": gettext_noop(
        "Public broadcasting tax: share of the income above the limit"
    ),
    "tax.broadcasting_tax_threshold": gettext_noop(
        "Public broadcasting tax: no tax on income a year up to"
    ),
    "tax.broadcasting_tax_maximum": gettext_noop("Public broadcasting tax a year at most"),
    "tax.broadcasting_tax_minimum_age": gettext_noop("Public broadcasting tax from the age of"),
    "housing_allowance.minimum_payment": gettext_noop("Smallest housing allowance paid"),
    "tax.employee_pension_contribution": gettext_noop(
        "Employee's pension contribution on wages (deductible)"
    ),
    "tax.employee_pension_contribution_minimum_age": gettext_noop(
        "Employee's pension contribution from the age of"
    ),
    "tax.employee_pension_contribution_maximum_age": gettext_noop(
        "Employee's pension contribution up to the age of"
    ),
    "tax.employee_pension_contribution_increase": gettext_noop(
        "Increase of the employee's pension contribution at ages 53 to 62"
    ),
    "tax.employee_pension_contribution_increase_minimum_age": gettext_noop(
        "Increased pension contribution from the age of"
    ),
    "tax.employee_pension_contribution_increase_maximum_age": gettext_noop(
        "Increased pension contribution up to the age of"
    ),
    "tax.unemployment_insurance_contribution": gettext_noop(
        "Employee's unemployment insurance contribution on wages (deductible)"
    ),
    "tax.unemployment_insurance_contribution_minimum_age": gettext_noop(
        "Unemployment insurance contribution from the age of"
    ),
    "tax.unemployment_insurance_contribution_maximum_age": gettext_noop(
        "Unemployment insurance contribution up to the age of"
    ),
    "tax.municipal_rate": gettext_noop("Municipal tax rate of the home municipality"),
    "tax.work_income_deduction_child_increase": gettext_noop(
        "Work income deduction: increase for each child under 18"
    ),
    "tax.work_income_deduction_child_increase_single_parent_multiplier": gettext_noop(
        "Work income deduction: child increase multiplied for a single parent"
    ),
}
