"""The rules engine's entry points for Python callers (the product and the CLI). CONTRACT.

The lead fixed these signatures so that the engine (rules/) and the route planner
(polku/routes) could be written at the same time; the rules engineer implements them and
may add keyword arguments, but not change these shapes.

    calculate(situation: dict) -> dict
        Exactly the `polku-rules calc` format (README): input
        {"month": "YYYY-MM", "person": {...}, "alternatives": [{"id", "kind", ...}]}, output
        {"alternatives": [{"id", "components": [{"id", "amount", "taxable",
        "explanation": {"formula", "parameters": [{"name", "value", "valid_from", "source",
        "unverified"?}]}}], "gross", "tax", "net"}]}. Amounts are floats in euros, rounded to
        cents. Raises rules.errors.InputError (an English message naming the field) on
        unknown kinds, impossible dates, negative amounts.

    calculate_months(situation: dict, months: list[str]) -> dict[str, dict]
        The same for several months ("YYYY-MM" → calculate() output for that month) in ONE
        vectorised simulation (people × alternatives × months), for the route plan's
        12-month income table.

    evaluate_eligibility(rule_id: str, facts: dict, month: str) -> dict
        rule_id from rules.references.ELIGIBILITY_RULES; facts keyed by rules.facts.FACTS
        (a missing fact is unknown, not false). Returns {"status": "eligible" |
        "not_eligible" | "needs_information", "reasons": [str], "opens_with": [str],
        "missing_facts": [fact names]}: reasons and opens_with are English plain-language
        msgids marked with rules.i18n.gettext_noop so that the product translates them with
        Django's gettext.

    screen(facts: dict[str, numpy.ndarray], month: str) -> dict[str, numpy.ndarray]
        Vectorised eligibility for many people at once: facts as column arrays (one element
        per person; unknown values per rules.facts conventions) → for every rule id an int8
        array: 1 eligible, 0 not eligible, -1 needs information. Must agree with
        evaluate_eligibility person by person.
"""
