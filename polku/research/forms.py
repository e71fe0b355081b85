import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from polku.accounts.models import Organisation
from polku.clients.models import Language
from polku.core.forms import choice_field
from polku.meetings.forms import DATE_WIDGET

from . import disclosure, selectors
from .exports import DICTIONARY, PRECISION_LABELS
from .frames import Filters
from .models import Cohort, OutcomeKind

AGE_BAND_CHOICES = [
    ("", _("All ages")),
    ("under_30", _("Under 30")),
    ("30_49", _("30–49")),
    ("50_plus", _("50 and over")),
]


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return today.replace(year=today.year - 1) + dt.timedelta(days=1), today


class FilterForm(forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("start date", "From"), widget=DATE_WIDGET, required=False
    )
    end = forms.DateField(label=pgettext_lazy("end date", "To"), widget=DATE_WIDGET, required=False)
    region = forms.ChoiceField(label=_("Municipality"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation in the network"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("All organisations"),
    )
    cohort = forms.ModelChoiceField(
        label=_("Pilot"),
        queryset=Cohort.objects.all(),
        required=False,
        empty_label=_("All clients"),
    )
    age_band = forms.ChoiceField(label=_("Age"), choices=AGE_BAND_CHOICES, required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *Language.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        places = selectors.municipalities()
        choice_field(self, "region").choices = [("", _("All municipalities"))] + [
            (p, p) for p in places
        ]

    def clean(self):
        super().clean()

        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The period's start must not be after its end."))
        return data

    def filters(self) -> Filters:
        start, end = default_period()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        organisation = data.get("organisation")
        return Filters(
            start=data.get("start") or start,
            end=data.get("end") or end,
            region=data.get("region") or "",
            organisation=organisation.pk if organisation else None,
            age_band=data.get("age_band") or "",
            language=data.get("language") or "",
            cohort=data["cohort"].pk if data.get("cohort") else None,
        )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Situation"), choices=OutcomeKind.choices)
    date = forms.DateField(label=pgettext_lazy("start date", "From"), widget=DATE_WIDGET)


class ExportForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose"), max_length=500)
    permit_reference = forms.CharField(label=_("Research permit reference"), max_length=100)
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        # each column by its name in the reader's language; the CSV header is the code
        choices=[
            (code, column.label) for code, column in DICTIONARY.items() if code != "pseudonym"
        ],
        widget=forms.CheckboxSelectMultiple,
        initial=[c for c in DICTIONARY if c != "pseudonym"],
    )
    # no quasi-identifier ticks: every one written (age band, municipality, language, entry
    # month) is checked (issue 18); k at least POLKU_RESEARCH_K, checked by the service
    k = forms.IntegerField(
        label=_("k (smallest group size)"),
        help_text=_(
            "Every combination of the age band, municipality, language and entry month "
            "written must be shared by at least k people. The smallest k allowed is set for "
            "Polku (POLKU_RESEARCH_K)."
        ),
    )
    date_precision = forms.ChoiceField(
        label=_("Dates coarsened to"),
        choices=list(PRECISION_LABELS.items()),
        initial="month",
    )

    generalise = forms.BooleanField(
        label=_("Generalise when a group is too small (otherwise refuse)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minimum = disclosure.threshold()
        self.fields["k"].initial = minimum
        self.fields["k"].widget.attrs.update({"min": minimum, "max": disclosure.MAX_K})
