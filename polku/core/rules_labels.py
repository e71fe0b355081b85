"""The rules engine's code names and explanations in the reader's language.

The engine (`rules/`, Django-free) gives structured data: rule, component and parameter ids,
formula ids with plain-English msgids, values with units, dates as `datetime.date`, sources
in each language. Every page, PDF and the API's human-readable fields name them through
these functions (gettext, Finnish number and date formats), never by the code name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext, ngettext

from polku.core.dates import short_date
from polku.core.money import NBSP, format_euros
from rules.calc import FORMULAS, TAX_FORMULA, TAX_FORMULA_ID
from rules.labels import COMPONENT_LABELS, PARAMETER_LABELS, RULE_LABELS

LANGUAGES = ("fi", "sv", "en")


def rule_label(rule_id: str) -> str:
    """An eligibility rule (rules.references.ELIGIBILITY_RULES) by its name."""
    label = RULE_LABELS.get(rule_id)
    return gettext(label) if label else gettext("Another rule of the benefit rules")


def component_label(component_id: str) -> str:
    """An income component of the rules engine (wage, unemployment benefit …) by its name."""
    label = COMPONENT_LABELS.get(component_id)
    return gettext(label) if label else gettext("Other income")


def parameter_label(name: str) -> str:
    label = PARAMETER_LABELS.get(name)
    return gettext(label) if label else gettext("Another parameter of the benefit rules")


def formula_text(formula_id: str) -> str:
    """The formula in words in the reader's language ("" for an unknown id)."""
    if formula_id == TAX_FORMULA_ID:
        return gettext(TAX_FORMULA)
    formula = FORMULAS.get(formula_id)
    return gettext(formula[0]) if formula else ""


def number_text(value: float | int | Decimal) -> str:
    """A number as Finns write it in every interface language: 21,5 · 0,0895 · 35 769."""
    number = Decimal(str(value)).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NBSP.join(groups) + ("," + fraction if fraction else "")
    return ("−" if number < 0 else "") + text


def value_text(value: Any, unit: str) -> str:
    """A parameter's value with its unit: 37,21 € · 20 % · 21,5 days · 64 years · 2009 (a
    calendar year: a birth year, never "2 009 years") · yes."""
    if isinstance(value, bool) or unit == "flag":
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):  # a marginal-rate scale: [{"threshold", "rate"}, …] (rules.tax)
        return "; ".join(
            gettext("%(rate)s from %(threshold)s")
            % {"rate": value_text(b["rate"], "/1"), "threshold": format_euros(b["threshold"])}
            for b in value
        )
    if not isinstance(value, int | float | Decimal):
        return str(value)
    if unit == "currency-EUR":
        return format_euros(value)
    if unit == "/1":
        return f"{number_text(round(Decimal(str(value)) * 100, 4))}{NBSP}%"
    if unit == "calendar-year":
        return str(int(value))
    count = number_text(value)
    if unit == "day":
        return ngettext("%(count)s day", "%(count)s days", _plural(value)) % {"count": count}
    if unit == "year":
        return ngettext("%(count)s year", "%(count)s years", _plural(value)) % {"count": count}
    return count


def _plural(value: float | int | Decimal) -> int:
    # 1 day, 1,5 days, 21 days: only exactly one is singular.
    return 1 if value == 1 else 2


def date_text(value: dt.date | str | None) -> str:
    """A date as d.m.yyyy (2.12.2026); an ISO string from the engine is read first."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return short_date(value)


def source_text(parameter: dict[str, Any]) -> str:
    """The parameter's source in the reader's language (Finnish when it lacks one)."""
    sources = parameter.get("sources") or {}
    language = (get_language() or "fi")[:2]
    return sources.get(language) or sources.get("fi") or ""


def parameter(info: dict[str, Any]) -> dict[str, Any]:
    """One parameter of an explanation, ready to show."""
    valid_from = info.get("valid_from")
    if isinstance(valid_from, str) and valid_from:
        valid_from = dt.date.fromisoformat(valid_from)
    return {
        "name": info.get("name", ""),
        "label": parameter_label(info.get("name", "")),
        "value": info.get("value"),
        "value_text": value_text(info.get("value"), info.get("unit", "")),
        "valid_from": valid_from or None,
        "valid_from_text": date_text(valid_from or None),
        "source": source_text(info),
        "unverified": bool(info.get("unverified")),
    }


def explanation(data: dict[str, Any]) -> dict[str, Any]:
    """An engine explanation ({"formula_id", "parameters"}) ready to show."""
    parameters = [parameter(p) for p in data.get("parameters") or []]
    formula_id = data.get("formula_id", "")
    # The tax's formula depends on the case (the tax card's or the estimate's msgid).
    tax_formula = formula_id == TAX_FORMULA_ID and data.get("formula")
    return {
        "formula": gettext(tax_formula) if tax_formula else formula_text(formula_id),
        "parameters": parameters,
        "uncertain": any(p["unverified"] for p in parameters),
    }
