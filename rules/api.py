"""The rules engine's entry points for Python callers (the product and the CLI).

calculate(situation: dict) -> dict
    Exactly the `polku-rules calc` format (docs/rules.md). Amounts in euros, rounded to
    cents. Raises rules.errors.InputError, one English message that begins with the path of
    the field (`household.members[1].gross_wages: unknown field (did you mean
    gross_wage?)`), on every input listed under "Refused" below; nothing is clipped or
    ignored. The parser is rules.inputs (parse, parse_months; the dataclasses Household,
    Member, Alternative).

    Input, the household format:
        {"month": "2026-06",
         "household": {"municipality": "Seinäjoki", "housing_cost": 700, "tenure": "rent",
                       "members": [{"role": "applicant", "birth_date": "1985-02-01",
                                    "unemployment_benefit": true, "withholding_percent": 18.5},
                                   {"role": "partner", "birth_date": "1987-06-01",
                                    "gross_wage": 3000},
                                   {"role": "child", "birth_date": "2014-01-10"}]},
         "alternatives": [{"id": "now", "kind": "status_quo"},
                          {"id": "trial", "kind": "work_trial", "attendance_days": 18}]}
    month (required): "YYYY-MM", from rules.system.FIRST_MONTH (2025-01) to LAST_MONTH
        (2026-12), the months the law is encoded for.
    household.municipality: the municipality's name in Finnish or Swedish (any case or
        accents), made the official code by rules.municipalities.code_for; absent: unknown
        (the rules' documented default group and average tax rate).
    household.housing_cost: € a month, 0–20 000 (inputs.MAX_HOUSING_COST); default 0.
    household.tenure: "rent" (default), "owner" or "right_of_occupancy" (inputs.TENURES).
    household.members (required): 1–20 members, each an object of
        role (required): "applicant" (exactly one), "partner" (at most one; a spouse or
            cohabiting partner), "child" (under 18), "adult_child" (18 or over, living with
            the parent(s)) — inputs.ROLES;
        birth_date (required): "YYYY-MM-DD"; ages are full years on the first day of the
            month (of the first month with `months`);
        id: a unique name of the member in the output (1–100 characters, not "household");
            default by role in the order given: "applicant", "partner", "child1", "child2",
            "adult_child1", …;
        gross_wage: own gross wage, € a month, 0–100 000 (inputs.MAX_WAGE); default 0. The
            applicant's is the status quo's; an alternative with a wage replaces it;
        annual_earned_income: the year's earned income for the sickness and rehabilitation
            allowances, € 0–1 200 000; default 0;
        unemployment_benefit: true if entitled to the basic unemployment benefit (yleistuki)
            now; default false;
        withholding_percent: the tax card's withholding percentage, 0–100; absent: the tax is
            estimated (and the output says so);
        full_time_student: default false;  assets: €, 0–100 000 000; default 0.
    alternatives (required): a non-empty list; each changes only the applicant's situation:
        id (required, unique, 1–100 characters); kind (required), one of
        status_quo                      no other field;
        part_time_work, pay_subsidised_work
                                        gross_wage (required, € a month, 0–100 000);
        work_trial                      attendance_days (required), outside_commuting_area
                                        (true/false; the higher expense allowance);
        rehabilitative_work_activity    attendance_days (required);
        sickness_allowance              partial (true/false; with partial: true, gross_wage:
                                        the part-time wage beside it);
        vocational_rehabilitation, studies_with_rehabilitation
                                        partial and gross_wage as above; attendance_days
                                        (optional, the rehabilitation days; absent or 0:
                                        the usual days).
        attendance_days is a whole number (18 or 18.0, not 2.5) of at most: in a work trial
        the month's weekdays Monday to Friday (22 in June 2026); in rehabilitative work
        activity 4 days in each calendar week, counted over the days of the week within the
        month (law 189/2001; 18 in June 2026); in rehabilitation the days of the month. With
        `months`, the limit of every month computed.

    Input, the older person format (still accepted; either household or person, not both):
        "person": {"birth_date" (required), "unemployment_benefit" (required, true/false),
                   "adults_in_household" (1–20, default 1), "children_in_household" (0–20,
                   default 0), "annual_earned_income", "housing_cost", "municipality"}
    is the household of an applicant (the person) with the person's income; a second adult
    as a partner without income, born the same day as the person but at least 18; each
    further adult an adult_child without income, 20 years old; the children, whose birth
    dates are unknown, as 5-year-olds (under 10 in every month encoded), the first given the
    oldest (their birth dates a day apart: the sibling order is the order given); a rented
    home.

    Refused (InputError; the CLI prints it on stderr and exits with status 2):
      * a field not listed above, anywhere (a close known name is suggested); for a kind,
        a field the kind does not take (gross_wage on status_quo, attendance_days on
        sickness_allowance, outside_commuting_area true outside a work trial, partial on
        a kind without an allowance); a required field missing; both person and
        household, or neither;
      * a wrong type: numbers must be JSON numbers (not strings, not true/false), finite;
        flags true or false; dates "YYYY-MM-DD" and months "YYYY-MM" that exist;
      * a negative amount, or one above its maximum (a wage of 1e300, a rent of 1e9);
        withholding_percent outside 0–100; a fractional number of days or people;
      * attendance days above what the kind allows in the month (31 days in June);
      * a birth date after the month (a member not yet born), an age over 120;
        an applicant under 15 (inputs.MIN_APPLICANT_AGE: the age from which a young
        person may be employed in regular work, Act on Young Workers (998/1993), section 2; the
        benefits of a younger child are the parents'); a child 18 or over (use adult_child);
        a partner or an adult_child under 18; a second applicant or partner; no applicant;
        more than 20 members; a member id used twice or "household"; an alternative id used
        twice;
      * a municipality rules.municipalities does not know; a tenure outside TENURES; an
        unknown kind;
      * a month (or one of `months`) before FIRST_MONTH or after LAST_MONTH.

    Output: {"month", "alternatives": [{"id", "kind", "components": [{"id", "member",
    "amount", "taxable", "explanation": {"formula_id", "formula", "parameters": [{"name",
    "value", "unit", "valid_from", "source", "sources", "unverified"}]}}], "gross", "tax",
    "net", "members": [{"id", "role", "gross", "tax", "net", "tax_estimate"}],
    "tax_explanation"}]}. Each component belongs to a `member` (its id) or to "household";
    gross, tax and net are the household's. The explanation is data for the product to
    render in the reader's language: `formula_id` (the component's id, or "income_tax")
    names the formula in words (`formula`, an English msgid), `name` the parameter
    (rules.labels names both), `valid_from` is a datetime.date (YYYY-MM-DD in the CLI's
    JSON), `sources` the source in each language {"fi", "sv", "en"}.

calculate_months(situation: dict, months: list[str]) -> dict[str, dict]
    The same for several months ("YYYY-MM" → calculate() output) in ONE simulation
    (alternatives × months), for the route plan's 12-month income table. Every month must
    be within FIRST_MONTH … LAST_MONTH; the months computed are `months` (the situation's own
    `month` may be left out; if given it must be valid too); ages are checked in the first
    of them and the attendance days against each.

evaluate_eligibility(rule_id: str, facts: dict, month: str) -> dict
    rule_id from rules.references.ELIGIBILITY_RULES; facts keyed by rules.facts.FACTS (a
    missing fact is unknown, not false). Returns {"status": "eligible" | "not_eligible" |
    "needs_information", "reasons": [str], "opens_with": [str], "missing_facts": [str]};
    reasons and opens_with are English msgids (rules.i18n.gettext_noop) that the product
    translates with Django's gettext.

screen(facts: dict[str, numpy.ndarray], month: str) -> dict[str, numpy.ndarray]
    Vectorised eligibility for many people: facts as column arrays (rules.facts
    conventions for unknown values) → for every rule id an int8 array: 1 eligible,
    0 not eligible, -1 needs information. Agrees with evaluate_eligibility row by row.

screen_months(facts, months: list[str]) -> {month: the same as screen}
    Several months at once: the facts are prepared once, and what does not depend on the
    age is checked once per law in force.

explain_eligibility(facts, month: str) -> {rule id: (statuses, {fact: bool array})}
    `screen`'s statuses and, per fact, the rows where it is missing (unknown and needed
    for a rule that needs information there); agrees with evaluate_eligibility's
    missing_facts row by row. Fact names are rules.facts.FACTS keys (their descriptions
    are English msgids).
"""

from .calc import calculate, calculate_months, income_traps
from .eligibility import evaluate as evaluate_eligibility
from .eligibility import explain as explain_eligibility
from .eligibility import screen, screen_months

__all__ = [
    "calculate",
    "calculate_months",
    "evaluate_eligibility",
    "explain_eligibility",
    "income_traps",
    "screen",
    "screen_months",
]
