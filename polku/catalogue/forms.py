from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import OrganisationKind

from .models import LifeSituation, ServiceKind
from .search import Filters

ANY = [("", _("Any"))]
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + ServiceKind.choices)
    provider_kind = forms.ChoiceField(
        label=_("Provider type"), required=False, choices=ANY + OrganisationKind.choices
    )
    language = forms.ChoiceField(
        label=_("Language of service"), required=False, choices=ANY + LANGUAGES
    )
    region = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=100,
        help_text=_("Services of the whole country are always included."),
    )
    situation = forms.ChoiceField(
        label=_("Life situation"), required=False, choices=ANY + LifeSituation.choices
    )

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            kind=data.get("kind", ""),
            provider_kind=data.get("provider_kind", ""),
            language=data.get("language", ""),
            region=data.get("region", "").strip(),
            situation=data.get("situation", ""),
        )
