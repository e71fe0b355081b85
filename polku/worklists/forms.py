from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import User
from polku.core.forms import choice_field

from .alerts import rule_choices


class LongSelect(forms.Select):
    """A select of many plain options (every coordinator of a large organisation), each
    written in the one template instead of a template included per option (with 150
    coordinators that took a quarter of the team view's time, issue 20)."""

    template_name = "worklists/widgets/long_select.html"


class TeamFilterForm(forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    coordinator = forms.TypedChoiceField(
        label=_("Coordinator"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )

    def __init__(self, *args: Any, coordinators: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "rule").choices = [("", _("All rules")), *rule_choices()]
        choice_field(self, "coordinator").choices = [("", _("All coordinators"))] + [
            (person.pk, person.get_full_name() or person.username) for person in coordinators
        ]
