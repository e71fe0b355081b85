from django import forms
from django.utils.translation import gettext_lazy as _

from polku.catalogue.models import Service
from polku.core.widgets import DateInput

from .models import Application, ApplicationStatus, BlockerKind


class ApplicationForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Benefit or service"), queryset=Service.objects.filter(is_active=True)
    )
    status = forms.ChoiceField(label=_("Status"), choices=ApplicationStatus.choices)
    submitted = forms.DateField(label=_("Submitted"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The map's current view: an ended benefit is not offered (checked again on save).
        self.fields["service"].queryset = Service.objects.current()
        self.fields["service"].label_from_instance = lambda s: s.name


class BlockerForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it waits for"), choices=BlockerKind.choices)
    waits_for = forms.ModelChoiceField(
        label=_("The application whose decision it waits for"),
        queryset=Application.objects.none(),
        required=False,
    )
    what = forms.CharField(label=_("What is needed"), max_length=300, required=False)
    from_whom = forms.CharField(label=_("From whom"), max_length=200, required=False)
    owner_is_client = forms.BooleanField(label=_("The client acts"), required=False)
    due = forms.DateField(label=_("By when"), required=False, widget=DateInput())

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["waits_for"]
        field.queryset = Application.objects.filter(client=client).select_related("service")
        field.label_from_instance = lambda a: a.service.name


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ApplicationStatus.choices)
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        widget=DateInput(),
        help_text=_("For a decision; today when left empty."),
    )
