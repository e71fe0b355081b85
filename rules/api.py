"""The rules engine's entry points for Python callers (the product and the CLI).

calculate(situation: dict) -> dict
    Exactly the `polku-rules calc` format (docs/rules.md): input
    {"month": "YYYY-MM", "person": {...}, "alternatives": [{"id", "kind", ...}]}, output
    {"alternatives": [{"id", "components": [{"id", "amount", "taxable",
    "explanation": {"formula_id", "formula", "parameters": [{"name", "value", "unit",
    "valid_from", "source", "sources", "unverified"}]}}], "gross", "tax", "net",
    "tax_explanation"}]}. Amounts in euros, rounded to cents. The explanation is data for
    the product to render in the reader's language: `formula_id` (the component's id, or
    "income_tax") names the formula in words (`formula`, an English msgid), `name` the
    parameter (rules.labels names both), `valid_from` is a datetime.date (YYYY-MM-DD in the
    CLI's JSON), `sources` the source in each language {"fi", "sv", "en"}.
    Raises rules.errors.InputError (an English message naming the field) on unknown
    kinds, impossible dates, negative amounts.

calculate_months(situation: dict, months: list[str]) -> dict[str, dict]
    The same for several months ("YYYY-MM" → calculate() output) in ONE simulation
    (alternatives × months), for the route plan's 12-month income table.

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
    Several months at once; for a large population the months run in parallel threads.
"""

from .calc import calculate, calculate_months, income_traps
from .eligibility import evaluate as evaluate_eligibility
from .eligibility import screen, screen_months

__all__ = [
    "calculate",
    "calculate_months",
    "evaluate_eligibility",
    "income_traps",
    "screen",
    "screen_months",
]
