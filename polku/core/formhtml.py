"""A form's fields as HTML, rendered once for many rows.

A page that offers the same empty form in each row (a knot's "what it waits for" under every
open application) would render the same widgets again and again, differing only in the
prefix of the names and ids; Django's field and widget templates cost about a millisecond a
field. `fields_by_prefix` renders the form once, under a mark in place of the prefix, and
puts each row's prefix in place of the mark: the HTML is the same as rendering each form.

An empty form with a long list of choices (a select of every benefit in the catalogue) is
kept in the shared cache by `remembered_fields`, under everything its HTML comes from.
Bound forms (sent back with errors) are rendered on their own (`fields_html`)."""

from collections.abc import Callable, Iterable
from typing import Any

import django
from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from polku.core import memo

FIELDS_TEMPLATE = "includes/fields.html"
# What shapes every form's fields besides the form's own code: the template, the date
# widget, this module, and the translations (Django's own: its version, in the key).
FIELDS_SOURCES = (
    "templates/includes/fields.html",
    "polku/core/widgets.py",
    "polku/core/formhtml.py",
    "locale/*/LC_MESSAGES/django.mo",
)
KEEP_SECONDS = 24 * 3600
# In names, ids, `for` and `aria-describedby` of the rendered fields; nowhere else (the
# labels and choices are the product's own texts and rows' names, never this).
PREFIX_MARK = "polku7f3prefix9c1mark"


def fields_html(form: forms.BaseForm) -> SafeString:
    """The form's fields as templates/includes/fields.html renders them."""
    return mark_safe(render_to_string(FIELDS_TEMPLATE, {"form": form}))  # noqa: S308  # the template's output


def fields_by_prefix(
    make: Callable[[str], forms.BaseForm],
    prefixes: Iterable[str],
    *,
    remember: tuple[str, Iterable[str], Any] | None = None,
) -> dict[str, SafeString]:
    """Each prefix's fields of the unbound form `make(prefix)`, rendered once. `make` must
    give the same form for every prefix but for the prefix (same choices and initial
    values); a prefix is a plain name (letters, digits, hyphens). `remember`: the
    namespace, sources and inputs to keep the rendering under (`remembered_fields`)."""
    wanted = list(prefixes)
    if not wanted:
        return {}
    form = make(PREFIX_MARK)
    assert not form.is_bound, "a bound form shows its own data and errors: render it alone"
    if remember is None:
        html = str(fields_html(form))
    else:
        namespace, sources, inputs = remember
        html = str(remembered_fields(form, namespace=namespace, sources=sources, inputs=inputs))
    return {prefix: mark_safe(html.replace(PREFIX_MARK, prefix)) for prefix in wanted}  # noqa: S308  # the template's output, with a plain prefix in place of the mark


def remembered_fields(
    form: forms.BaseForm, *, namespace: str, sources: Iterable[str], inputs: Any
) -> SafeString:
    """The unbound form's fields' HTML, kept in the shared cache (polku.core.memo) under the
    files of the form's code (`sources`, beside FIELDS_SOURCES), the active language,
    Django's version, the prefix and `inputs`: everything else the fields show (the
    choices offered, as plain values). The same inputs give the same HTML."""
    assert not form.is_bound, "a bound form shows its own data and errors: render it alone"
    key = memo.content_key(
        namespace,
        memo.fingerprint((*FIELDS_SOURCES, *sources)),
        django.get_version(),
        get_language(),
        form.prefix,
        inputs,
    )
    html = memo.remembered(key, lambda: str(fields_html(form)), timeout=KEEP_SECONDS)
    return mark_safe(html)  # noqa: S308  # the template's output
