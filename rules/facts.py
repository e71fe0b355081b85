"""The named facts about a person (and their household) that the eligibility rules read.

A fact nobody knows is unknown — never false or zero. In column arrays (rules.api.screen)
an unknown boolean is -1 (int8: 1 yes, 0 no), an unknown number NaN; `birth_date` is
datetime64[D] and `age` (full years) may be given instead of or besides it. In a facts dict
(rules.api.evaluate_eligibility) a missing key or None is unknown.

Each fact's description is a plain-language English msgid (rules.i18n.gettext_noop): the
product translates it with gettext to name a missing fact ("needs information").

Derived facts (rules.eligibility.derive, the same for one person and a population): the age
from the birth date; `partner_in_household` is no when there is exactly one adult in the
household; the children's counts by age group and `children_in_household` follow from each
other where one side is known (no children → none in either age group)."""

from .i18n import gettext_noop

BOOL, NUMBER, DATE = "bool", "number", "date"

FACTS: dict[str, tuple[str, str]] = {
    "birth_date": (DATE, gettext_noop("Date of birth")),
    "age": (NUMBER, gettext_noop("Age")),
    "adults_in_household": (NUMBER, gettext_noop("Adults in the household")),
    "children_in_household": (NUMBER, gettext_noop("Children under 18 in the household")),
    "children_under_10": (NUMBER, gettext_noop("Children under 10 in the household")),
    "children_10_17": (NUMBER, gettext_noop("Children aged 10–17 in the household")),
    "partner_in_household": (
        BOOL,
        gettext_noop("A spouse or partner lives in the same household"),
    ),
    "partner_gross_wage": (NUMBER, gettext_noop("The partner's gross wage a month (€)")),
    "partner_unemployment_benefit": (
        BOOL,
        gettext_noop("The partner receives unemployment benefit"),
    ),
    "owner_occupied": (BOOL, gettext_noop("Lives in an owner-occupied home")),
    "assets": (
        NUMBER,
        gettext_noop("The household's assets: savings, shares, property other than the home (€)"),
    ),
    "housing_cost": (NUMBER, gettext_noop("Housing costs a month (€)")),
    "annual_earned_income": (NUMBER, gettext_noop("Earned income of the last 12 months (€)")),
    "monthly_earnings": (NUMBER, gettext_noop("Gross earnings a month now (€)")),
    "expected_wage": (
        NUMBER,
        gettext_noop("Expected gross wage in pay-subsidised work (€ a month)"),
    ),
    "jobseeker_registered": (BOOL, gettext_noop("Registered as a jobseeker")),
    "unemployment_benefit": (
        BOOL,
        gettext_noop("Entitled to the basic unemployment benefit now"),
    ),
    "unemployed_months": (NUMBER, gettext_noop("Months unemployed without a break")),
    "in_employment_service": (
        BOOL,
        gettext_noop(
            "Takes part in an employment service or rehabilitative work activity (attendance days)"
        ),
    ),
    "on_sick_leave": (
        BOOL,
        gettext_noop("Incapable of work because of illness (doctor's certificate)"),
    ),
    "active_before_illness": (
        BOOL,
        gettext_noop(
            "In the 3 months before falling ill: working, an entrepreneur, a full-time student, "
            "an unemployed jobseeker or looking after the home"
        ),
    ),
    "sickness_days_used": (NUMBER, gettext_noop("Sickness allowance days already paid (of 300)")),
    "work_ability_threatened": (
        BOOL,
        gettext_noop(
            "An illness threatens work or study ability in the next few years (a doctor's view)"
        ),
    ),
    "medical_statement": (BOOL, gettext_noop("Has a medical statement (B) on work ability")),
    "pension_provider_responsible": (
        BOOL,
        gettext_noop(
            "An established work history: the earnings-related pension provider arranges "
            "vocational rehabilitation"
        ),
    ),
    "psychiatrist_statement": (BOOL, gettext_noop("Has a psychiatrist's statement")),
    "treatment_months": (
        NUMBER,
        gettext_noop("Months of appropriate treatment since the diagnosis"),
    ),
    "in_studies": (BOOL, gettext_noop("Studying full time")),
    "multi_agency_need": (
        BOOL,
        gettext_noop("Needs the services of several agencies together"),
    ),
}
BOOLEAN_FACTS = tuple(name for name, (kind, _) in FACTS.items() if kind == BOOL)
NUMBER_FACTS = tuple(name for name, (kind, _) in FACTS.items() if kind == NUMBER)
