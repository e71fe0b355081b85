"""Every date field of every form in the product is prefilled the same way: a text input with
the Finnish d.m.yyyy (2.12.2026, as dates are shown everywhere), an `<input type="date">` with
the ISO value (2026-12-02: browsers read nothing else). The value typed back is read again."""

import datetime as dt
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

import polku
from polku.core.widgets import DateInput, finnish_date

DAY = dt.date(2026, 12, 2)


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(polku.__path__, "polku."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    stack = list(forms.BaseForm.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("polku.") and cls not in found:
            found.append(cls)
    return found


def _date_fields() -> list[tuple[str, str, forms.DateField]]:
    return [
        (f"{cls.__module__}.{cls.__name__}", name, field)
        for cls in _form_classes()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.DateField)
    ]


DATE_FIELDS = _date_fields()


def test_the_product_has_date_fields_to_check():
    """The search finds the forms (a test over an empty list would prove nothing)."""
    places = {place for place, _name, _field in DATE_FIELDS}
    assert len(DATE_FIELDS) >= 10
    for expected in (
        "polku.meetings.forms.AgreementForm",
        "polku.meetings.forms.NextContactForm",
        "polku.referrals.forms.DischargePlanForm",
        "polku.knots.forms.StatusForm",
    ):
        assert expected in places


@pytest.mark.parametrize(
    ("place", "name", "field"), DATE_FIELDS, ids=[f"{p}.{n}" for p, n, _f in DATE_FIELDS]
)
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_date_input_is_prefilled_in_its_one_format(place, name, field, language):
    assert isinstance(field.widget, DateInput), f"{place}.{name} uses polku.core.widgets"
    with translation.override(language):
        html = field.widget.render(name, DAY)
        prefilled = field.widget.format_value(DAY)
        typed_back = field.clean(prefilled)
    value = re.search(r'value="([^"]*)"', html)
    assert value is not None
    if 'type="date"' in html:
        assert value.group(1) == "2026-12-02"
    else:
        assert 'type="text"' in html and 'placeholder="p.k.vvvv"' in html
        assert value.group(1) == "2.12.2026"
    assert typed_back == DAY


def test_a_date_field_without_its_own_widget_gets_the_one_date_input():
    assert isinstance(forms.DateField().widget, DateInput)


def test_what_the_user_typed_is_shown_back_as_typed():
    assert DateInput().format_value("31.2.2026") == "31.2.2026"
    assert DateInput().format_value(None) is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_rule_a_prefilled_date_reads_back_to_the_same_day(day):
    text = finnish_date(day)
    assert not re.search(r"(^|\.)0", text)  # no leading zeros: 2.12.2026, not 02.12.2026
    assert forms.DateField(widget=DateInput()).clean(text) == day
    iso = DateInput(attrs={"type": "date"})
    assert forms.DateField(widget=iso).clean(iso.format_value(day)) == day
