"""Forms of the route plan: the client's facts, and choosing a route."""

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from polku.core.validators import validate_no_markup
from polku.core.widgets import DateInput
from polku.plans.services import GOAL_MAX

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
            label = capfirst(model_field.verbose_name)  # a label starts with a capital
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
    """Choosing a route together: only routes not closed to the client are offered (the
    service refuses a closed one too), and the goal is asked in the client's own words."""

    route = forms.ChoiceField(label=_("Route"))
    goal = forms.CharField(
        label=_("The goal in the client's own words"),
        help_text=_(
            "Ask the client what they want to reach on this route and write it as they say "
            "it, e.g. “I want to work in a kitchen again”. It becomes the goal in the plan."
        ),
        max_length=GOAL_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_no_markup],
        error_messages={
            "required": _("Write the goal in the client's own words, as the client says it.")
        },
    )
    starts_on = forms.DateField(
        label=_("Starts on"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("For example 1.3.2026. If left empty: today."),
    )

    def __init__(self, *args, routes=None, **kwargs):
        super().__init__(*args, **kwargs)
        choosable = routes if routes is not None else list(definitions.ROUTES)
        self.fields["route"].choices = [
            ("", _("Choose…")),
            *[(r.id, _(r.title)) for r in choosable],
        ]
        self.order_fields(["route", "goal", "starts_on"])
