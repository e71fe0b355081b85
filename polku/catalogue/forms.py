from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import OrganisationKind
from polku.core.forms import choice_field

from .models import LifeSituation, ServiceKind, Source
from .ptv import regions
from .search import Filters

if TYPE_CHECKING:
    pass


def _national(scheme: str) -> list:
    """The national codes of one scheme found on the map, named in the reader's language."""
    from .selectors import national_codes

    return ANY + national_codes(scheme)


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

    source = forms.ChoiceField(label=_("Source"), required=False, choices=ANY + Source.choices)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False, choices=ANY)
    target_group = forms.ChoiceField(label=_("Target group"), required=False, choices=ANY)
    life_event = forms.ChoiceField(label=_("Life event"), required=False, choices=ANY)
    service_class = forms.ChoiceField(label=_("Service class"), required=False, choices=ANY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "municipality").choices = [
            *ANY,
            *sorted(regions.MUNICIPALITIES.items(), key=lambda item: item[1]),
        ]
        for scheme in ("target_group", "life_event", "service_class"):
            choice_field(self, scheme).choices = _national(scheme)

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            kind=data.get("kind", ""),
            provider_kind=data.get("provider_kind", ""),
            language=data.get("language", ""),
            region=data.get("region", "").strip(),
            situation=data.get("situation", ""),
            source=data.get("source", ""),
            municipality=data.get("municipality", ""),
            target_group=data.get("target_group", ""),
            life_event=data.get("life_event", ""),
            service_class=data.get("service_class", ""),
        )
