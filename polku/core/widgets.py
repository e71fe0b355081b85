"""The one date widget of the product. Every forms.DateField uses it (set in CoreConfig.ready),
so a date is prefilled the same way in every form:

- a text input (the default) shows the Finnish d.m.yyyy (2.12.2026), as dates are displayed
  everywhere else; DATE_INPUT_FORMATS in polku/core/formats read it back (ISO too);
- an `<input type="date">` gets the ISO value (2026-12-02): browsers read nothing else, and
  show the date in the user's locale themselves.
"""

import datetime as dt
from typing import Any

from django import forms

DATE_PLACEHOLDER = "p.k.vvvv"


def finnish_date(day: dt.date) -> str:
    """2.12.2026: day and month without leading zeros (Django's j.n.Y)."""
    return f"{day.day}.{day.month}.{day.year}"


class DateInput(forms.DateInput):
    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        attrs = dict(attrs or {})
        if attrs.get("type") == "date":
            self.input_type = "date"
        else:
            attrs.setdefault("placeholder", DATE_PLACEHOLDER)
        super().__init__(attrs, format=format)

    def format_value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat() if self.input_type == "date" else finnish_date(value)
        return super().format_value(value)  # what the user typed, shown back as typed


def install() -> None:
    """Make DateInput the widget of every forms.DateField (model forms included)."""
    forms.DateField.widget = DateInput
