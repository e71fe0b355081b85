from django import forms
from django.utils.translation import gettext_lazy as _

from polku.core.forms import choice_field

from .alerts import rule_choices


class TeamFilterForm(forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    coordinator = forms.TypedChoiceField(
        label=_("Coordinator"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, coordinators=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "rule").choices = [("", _("All rules")), *rule_choices()]
        choice_field(self, "coordinator").choices = [("", _("All coordinators"))] + [
            (person.pk, person.get_full_name() or person.username) for person in coordinators
        ]
