"""Forms of the route plan: the client's facts, and choosing a route."""

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from polku.core.forms import choice_field
from polku.core.validators import validate_no_markup
from polku.core.widgets import DateInput
from polku.plans.services import GOAL_MAX

from . import definitions
from . import facts as client_facts
from .models import ClientFacts, Tenure

DATE_WIDGET = DateInput()  # d.m.yyyy like every date shown (polku.core.widgets)
YES_NO_UNKNOWN = [("", _("Unknown")), ("true", _("Yes")), ("false", _("No"))]


# The household facts first (issue #17), in the order a person asks them; then the client's
# own. The counts of adults and children are not asked: they follow from the household.
HOUSEHOLD_ORDER = (
    "partner_in_household",
    "partner_gross_wage",
    "partner_unemployment_benefit",
    "children_at_home",
    "children_birth_years",
    "tenure",
    "housing_cost",
)
HELP = {
    "partner_gross_wage": _("Before taxes. Write 0 if the partner has no wage."),
    "children_birth_years": _(
        "Only the birth years, e.g. 2014, 2017 — also children aged 18 or over who live at home."
    ),
    "withholding_percent": _(
        "From the client's tax card, e.g. 18,5. If left empty, the tax is estimated."
    ),
}


class FactsForm(forms.Form):
    """Every recorded fact; empty = unknown. Values are checked by services.update_facts,
    which saves all or nothing."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    children_at_home = forms.ChoiceField(
        label=_("Children live at home"), choices=YES_NO_UNKNOWN, required=False
    )

    def __init__(self, *args, row: ClientFacts | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in client_facts.EDITABLE.items():
            if name in client_facts.DERIVED_COUNTS:
                continue
            model_field = ClientFacts._meta.get_field(name)
            assert isinstance(model_field, models.Field)
            label = capfirst(model_field.verbose_name)  # a label starts with a capital
            current = getattr(row, name) if row is not None else None
            field: forms.Field
            if kind == client_facts.BOOL:
                field = forms.ChoiceField(label=label, choices=YES_NO_UNKNOWN, required=False)
                initial = "" if current is None else ("true" if current else "false")
            elif kind == client_facts.CHOICE:
                field = forms.ChoiceField(
                    label=label, choices=[("", _("Unknown")), *Tenure.choices], required=False
                )
                initial = current or ""
            elif kind == client_facts.YEARS:
                field = forms.CharField(
                    label=label, required=False, max_length=200, help_text=HELP[name]
                )
                initial = ", ".join(str(y) for y in current or [])
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=20,
                    help_text=HELP.get(name, _("Leave empty if not known.")),
                )
                initial = "" if current is None else str(current).replace(".", ",")
            field.initial = initial
            self.fields[name] = field
        years = row.children_birth_years if row is not None else None
        self.fields["children_at_home"].initial = (
            "" if years is None else ("true" if years else "false")
        )
        self.fields["version"].initial = row.version if row is not None else 0
        self.order_fields(["version", *HOUSEHOLD_ORDER])

    def household_fields(self):
        return [self[name] for name in HOUSEHOLD_ORDER]

    def other_fields(self):
        return [field for field in self.visible_fields() if field.name not in HOUSEHOLD_ORDER]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        at_home = cleaned.get("children_at_home")
        years = (cleaned.get("children_birth_years") or "").strip()
        if at_home == "false" and years:
            self.add_error(
                "children_birth_years",
                _("You chose that no children live at home: leave the birth years empty."),
            )
        if at_home == "true" and not years:
            self.add_error(
                "children_birth_years", _("Write the birth year of each child living at home.")
            )
        return cleaned

    def values(self) -> dict:
        names = [n for n in client_facts.EDITABLE if n not in client_facts.DERIVED_COUNTS]
        found = {name: self.cleaned_data.get(name) for name in names}
        if self.cleaned_data.get("children_at_home") == "false":
            found["children_birth_years"] = []  # none: known, not unknown
        return found


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
        choice_field(self, "route").choices = [
            ("", _("Choose…")),
            *[(r.id, _(r.title)) for r in choosable],
        ]
        self.order_fields(["route", "goal", "starts_on"])
