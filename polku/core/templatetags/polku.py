import datetime as dt
from decimal import Decimal
from functools import lru_cache

from django import template
from django.template import defaultfilters
from django.utils.safestring import SafeData, SafeString, mark_safe

from polku.core.dates import due_state as due_state_words
from polku.core.dates import lateness
from polku.core.money import format_euros

register = template.Library()


@register.filter
def euros(amount: Decimal | int | float | str | None) -> str:
    """``{{ amount|euros }}`` → ``1 234,56 €``."""
    return format_euros(amount)


@register.filter
def rule_label(rule_id: str) -> str:
    """``{{ service.eligibility_rule|rule_label }}`` → the rule's name, never its code name."""
    from polku.core.rules_labels import rule_label as label

    return label(rule_id)


@register.filter
def component_label(component_id: str) -> str:
    """``{{ service.income_component|component_label }}`` → the income component's name."""
    from polku.core.rules_labels import component_label as label

    return label(component_id)


@register.filter
def late_by(due: dt.date | None, today: dt.date | None = None) -> str:
    """``{{ step.target_date|late_by:today }}`` → "myöhässä 3 päivää"; "" when not late
    (polku.core.dates.lateness)."""
    return lateness(due, today)


@register.filter
def due_state(due: dt.date | None, today: dt.date | None = None) -> str:
    """``{{ agreement.due_on|due_state:today }}`` → "Erääntyy tänään", "Erääntyy 3 päivän
    päästä" or, when late, "myöhässä 2 päivää" (polku.core.dates.due_state)."""
    return due_state_words(due, today)


@register.filter(is_safe=True, needs_autoescape=True)
def urlize_once(text: object, autoescape: bool = True) -> SafeString:
    """``{{ parameter.source|urlize_once }}``: Django's ``urlize``, computed once per distinct
    text in a process. A page repeats the same few sources hundreds of times (a route plan's
    parameters) and ``urlize`` is slow; the HTML is the same as ``urlize`` gives."""
    html = _urlized(str(text), isinstance(text, SafeData), autoescape)
    return mark_safe(html)  # noqa: S308 (urlize's output, escaped as urlize escapes)


@lru_cache(maxsize=1024)
def _urlized(text: str, safe: bool, autoescape: bool) -> str:
    value = mark_safe(text) if safe else text  # noqa: S308 (the text given was safe)
    return defaultfilters.urlize(value, autoescape=autoescape)


@register.simple_tag
def form_token() -> SafeString:
    """A creating form's hidden one-use token (polku.core.submissions)."""
    from django.utils.html import format_html

    from polku.core.submissions import FIELD, new_token

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
