"""polku.core.formhtml: a form's fields rendered once for many rows, or kept in the cache, are
the same HTML as each form rendered on its own."""

import pytest
from django import forms
from django.core.cache import cache
from django.utils import translation

from polku.core.formhtml import fields_by_prefix, fields_html, remembered_fields


class Example(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])
    when = forms.DateField(label="When", required=False, help_text="A day.")
    note = forms.CharField(label="Note", required=False)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_rendered_once_per_prefix_is_the_same_as_each_form_alone():
    def make(prefix):
        return Example(prefix=prefix, initial={"kind": "b"})

    found = fields_by_prefix(make, ["b1", "b22"])
    assert set(found) == {"b1", "b22"}
    for prefix, html in found.items():
        assert html == fields_html(make(prefix))
    assert 'name="b22-kind"' in found["b22"] and 'id="id_b22-when_helptext"' in found["b22"]
    assert "b1-" not in found["b22"]
    assert fields_by_prefix(make, []) == {}


def test_kept_fields_follow_their_inputs_and_the_language():
    def kept(form, inputs):
        return remembered_fields(form, namespace="t:example", sources=(), inputs=inputs)

    form = Example(prefix="x")
    assert kept(form, ["one"]) == fields_html(form)
    # another input: not the kept HTML (here the form changed under the same prefix)
    changed = Example(prefix="x", initial={"note": "changed"})
    assert 'value="changed"' not in kept(changed, ["one"])  # the same inputs: kept
    assert 'value="changed"' in kept(changed, ["two"])
    with translation.override("sv"):
        assert 'value="changed"' in kept(changed, ["one"])  # another language


def test_a_bound_form_is_not_kept():
    with pytest.raises(AssertionError):
        remembered_fields(Example({}, prefix="x"), namespace="t:example", sources=(), inputs=1)
    with pytest.raises(AssertionError):
        fields_by_prefix(lambda prefix: Example({}, prefix=prefix), ["x"])
