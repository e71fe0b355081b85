"""How the research pages and the report write a figure: counts as whole numbers with the
thousands grouped (1 234), other figures with one decimal and a decimal comma (the interface's
number format in every language, polku.core.formats), a hidden small-group figure as "< k",
no figure as "–"."""

from django import template
from django.utils.formats import number_format

from polku.research.disclosure import Hidden

register = template.Library()


def figure_text(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, Hidden):
        return str(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return number_format(value, 0, force_grouping=True)
    return number_format(value, 1, force_grouping=True)


@register.filter
def figure(value) -> str:
    return figure_text(value)


@register.filter
def whole(value) -> str:
    """A count: a whole number with the thousands grouped."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_format(round(value), 0, force_grouping=True)
    return figure_text(value)
