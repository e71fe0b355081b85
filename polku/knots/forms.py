from django import forms
from django.utils.translation import gettext_lazy as _

from polku.catalogue.models import Service
from polku.core.forms import model_choice_field
from polku.core.widgets import DateInput

from .models import Application, ApplicationStatus, BlockerKind


class ServiceChoiceField(forms.ModelChoiceField[Service]):
    def label_from_instance(self, obj: Service) -> str:
        return obj.name


class ApplicationChoiceField(forms.ModelChoiceField[Application]):
    """An application by its service's name (select_related("service") in the queryset)."""

    def label_from_instance(self, obj: Application) -> str:
        return obj.service.name


class ApplicationForm(forms.Form):
    service = ServiceChoiceField(
        label=_("Benefit or service"), queryset=Service.objects.filter(is_active=True)
    )
    status = forms.ChoiceField(label=_("Status"), choices=ApplicationStatus.choices)
    submitted = forms.DateField(label=_("Submitted"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The map's current view: an ended benefit is not offered (checked again on save).
        model_choice_field(self, "service").queryset = Service.objects.current()


class BlockerForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it waits for"), choices=BlockerKind.choices)
    waits_for = ApplicationChoiceField(
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
        model_choice_field(self, "waits_for").queryset = Application.objects.filter(
            client=client
        ).select_related("service")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ApplicationStatus.choices)
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        widget=DateInput(),
        help_text=_("For a decision; today when left empty."),
    )
