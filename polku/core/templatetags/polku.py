import datetime as dt
from decimal import Decimal

from django import template
from django.utils.safestring import SafeString

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


@register.simple_tag
def form_token() -> SafeString:
    """A creating form's hidden one-use token (polku.core.submissions)."""
    from django.utils.html import format_html

    from polku.core.submissions import FIELD, new_token

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
