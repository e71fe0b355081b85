"""The named facts about a person that the eligibility rules read.

A fact nobody knows is unknown — never false or zero. In column arrays (rules.api.screen)
an unknown boolean is -1 (int8: 1 yes, 0 no), an unknown number NaN; `birth_date` is
datetime64[D] and `age` (full years) may be given instead of or besides it. In a facts dict
(rules.api.evaluate_eligibility) a missing key or None is unknown."""

BOOL, NUMBER, DATE = "bool", "number", "date"

FACTS: dict[str, tuple[str, str]] = {
    "birth_date": (DATE, "Date of birth"),
    "age": (NUMBER, "Age in full years at the start of the month (derived from birth_date)"),
    "adults_in_household": (NUMBER, "Adults in the household"),
    "children_in_household": (NUMBER, "Children in the household"),
    "housing_cost": (NUMBER, "Housing costs a month (€)"),
    "annual_earned_income": (NUMBER, "Earned income of the last 12 months (€)"),
    "monthly_earnings": (NUMBER, "Gross earnings a month now (€)"),
    "expected_wage": (NUMBER, "Expected gross wage in pay-subsidised work (€ a month)"),
    "jobseeker_registered": (BOOL, "Registered as a jobseeker"),
    "unemployment_benefit": (BOOL, "Entitled to the basic unemployment benefit now"),
    "unemployed_months": (NUMBER, "Months unemployed without a break"),
    "on_sick_leave": (BOOL, "Incapable of work because of illness (doctor's certificate)"),
    "sickness_days_used": (NUMBER, "Sickness allowance days already paid (of 300)"),
    "work_ability_threatened": (BOOL, "Illness threatens work or study ability in the next years"),
    "medical_statement": (BOOL, "Has a medical statement (B) on work ability"),
    "psychiatrist_statement": (BOOL, "Has a psychiatrist's statement"),
    "treatment_months": (NUMBER, "Months of appropriate treatment since the diagnosis"),
    "in_studies": (BOOL, "Studying full time"),
    "multi_agency_need": (BOOL, "Needs the services of several agencies together"),
}
BOOLEAN_FACTS = tuple(name for name, (kind, _) in FACTS.items() if kind == BOOL)
NUMBER_FACTS = tuple(name for name, (kind, _) in FACTS.items() if kind == NUMBER)
