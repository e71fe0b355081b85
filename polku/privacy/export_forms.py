"""The data-protection officer's request form (polku.privacy.views.data_request)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

CLIENT_LANGUAGE = "client"


class DataRequestForm(forms.Form):
    hetu = forms.CharField(
        label=_("Personal identity code"),
        max_length=11,
        min_length=11,
        help_text=_("The client's full code, for example 010190-123A."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Why you produce the export, e.g. the client's request and its date."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("pdf", _("PDF to read and print")),
            ("json", _("JSON for machines")),
        ],
        initial="pdf",
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language of the export"),
        choices=[(CLIENT_LANGUAGE, _("The client's own language")), *settings.LANGUAGES],
        initial=CLIENT_LANGUAGE,
    )
