from django import forms
from django.utils.translation import gettext_lazy as _

from polku.assessment.models import Domain
from polku.clients.models import ConsentPurpose
from polku.core.forms import choice_field
from polku.core.validators import validate_no_markup

from .models import SortedOut

SCALE = [(n, str(n)) for n in range(1, 6)]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Sign-in code"),
        max_length=20,
        help_text=_("The code your coordinator gave you, for example ABCD-2345."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


class OwnWordsForm(forms.Form):
    # The services refuse markup too (portal.services._text); checked here as well so that
    # it is a form error in the client's language, not a server error.
    text = forms.CharField(
        label=_("In your own words"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_markup],
    )


class OwnViewForm(OwnWordsForm):
    domain = forms.ChoiceField(label=_("About"), choices=Domain.choices)


class FeedbackForm(forms.Form):
    sorted_out = forms.ChoiceField(
        label=_("Did you get your matters sorted at once?"),
        choices=SortedOut.choices,
        widget=forms.RadioSelect,
    )
    heard = forms.TypedChoiceField(
        label=_("Were you heard? (1 = not at all, 5 = fully)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    overall = forms.TypedChoiceField(
        label=_("Overall, how did it go? (1 = badly, 5 = very well)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Anything else? (optional)"),
        required=False,
        max_length=1000,
        validators=[validate_no_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anonymous = forms.BooleanField(
        label=_("Answer anonymously (your name is not attached to the answer)"),
        required=False,
        initial=True,
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("For what"), choices=ConsentPurpose.choices)
    organisations = forms.MultipleChoiceField(
        label=_("Which organisations may share your information"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self._by_pk = {str(o.pk): o for o in organisations}
        choice_field(self, "organisations").choices = [(k, o.name) for k, o in self._by_pk.items()]

    def chosen(self):
        return [self._by_pk[k] for k in self.cleaned_data["organisations"]]
