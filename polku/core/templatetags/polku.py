from django import template

from polku.core.money import format_euros

register = template.Library()


@register.filter
def euros(amount):
    """``{{ amount|euros }}`` → ``1 234,56 €``."""
    return format_euros(amount)
