"""Forms of the route plan: the client's facts, and choosing a route."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.core.widgets import DateInput

from . import definitions
from . import facts as client_facts
from .models import ClientFacts

DATE_WIDGET = DateInput()  # d.m.yyyy like every date shown (polku.core.widgets)
YES_NO_UNKNOWN = [("", _("Unknown")), ("true", _("Yes")), ("false", _("No"))]


class FactsForm(forms.Form):
    """Every recorded fact; empty = unknown. Values are checked by services.update_facts."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, row: ClientFacts | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in client_facts.RECORDED.items():
            model_field = ClientFacts._meta.get_field(name)
            assert isinstance(model_field, models.Field)
            label = model_field.verbose_name
            current = getattr(row, name) if row is not None else None
            field: forms.Field
            if kind == client_facts.BOOL:
                field = forms.ChoiceField(label=label, choices=YES_NO_UNKNOWN, required=False)
                initial = "" if current is None else ("true" if current else "false")
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=20,
                    help_text=_("Leave empty if not known.") if kind != client_facts.BOOL else "",
                )
                initial = "" if current is None else str(current).replace(".", ",")
            field.initial = initial
            self.fields[name] = field
        self.fields["version"].initial = row.version if row is not None else 0

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in client_facts.RECORDED}


class ChooseRouteForm(forms.Form):
    route = forms.ChoiceField(
        label=_("Route"), choices=[(r.id, _(r.title)) for r in definitions.ROUTES]
    )
    starts_on = forms.DateField(
        label=_("Starts on"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("For example 1.3.2026. If left empty: today."),
    )
