"""Forms for clients, consents and networks. They check input and show messages in the
user's language; the services re-check and save (tests/clients/test_services.py)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organisation, User
from polku.core.validators import validate_no_markup, validate_postal_code
from polku.core.widgets import DateInput

from . import hetu as hetu_rules
from .models import Client, Consent, ConsentMethod, ConsentPurpose, NetworkMember
from .services import CLIENT_FIELDS, hetu_error_message

DATE_WIDGET = DateInput()  # d.m.yyyy like every date shown (polku.core.widgets)
FREE_TEXT_FIELDS = (
    "first_names",
    "last_name",
    "interpreter_language",
    "phone",
    "street_address",
    "municipality",
)


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = list(CLIENT_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FREE_TEXT_FIELDS:
            self.fields[name].validators.append(validate_no_markup)
        self.fields["postal_code"].validators.append(validate_postal_code)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("needs_interpreter") and data.get("interpreter_language"):
            self.add_error(
                "interpreter_language",
                _("Give the interpreter language only when an interpreter is needed."),
            )
        return data


class ClientEditForm(ClientForm):
    """The client's details with the version the user loaded (a hidden field), so that a save
    made from a stale page is refused instead of reverting someone else's change."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("version") is None:
            self.errors.pop("version", None)
            self.add_error(
                None,
                _("The form did not say which version of the details you edited. Reload the page."),
            )
        return data

    def changed_fields_against(self, stored: Client) -> list[str]:
        """The fields whose saved value differs from what the user typed."""
        data = self.cleaned_data
        return [n for n in CLIENT_FIELDS if n in data and getattr(stored, n) != data[n]]


class NewClientForm(ClientForm):
    hetu = forms.CharField(
        label=_("Personal identity code"),
        max_length=11,
        min_length=11,
        help_text=_("For example 010190-123A. It is stored encrypted and shown masked."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    class Meta(ClientForm.Meta):
        fields = ["hetu", *ClientForm.Meta.fields]

    def clean_hetu(self) -> str:
        try:
            return hetu_rules.parse(self.cleaned_data["hetu"]).value
        except hetu_rules.InvalidHetu as error:
            raise forms.ValidationError(hetu_error_message(error)) from None


class ConsentForm(forms.ModelForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations that may exchange information"),
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one organisation.")},
    )

    class Meta:
        model = Consent
        fields = [
            "organisations",
            "purpose",
            "description",
            "given_how",
            "valid_from",
            "valid_until",
        ]
        widgets = {"valid_from": DATE_WIDGET, "valid_until": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].validators.append(validate_no_markup)
        self.fields["valid_from"].initial = timezone.localdate()
        for name, choices in (("purpose", ConsentPurpose), ("given_how", ConsentMethod)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices.choices

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date must be on or after the start date."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "organisations": list(data["organisations"]),
            "purpose": data["purpose"],
            "description": data["description"],
            "given_how": data["given_how"],
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
        }


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=500,
        required=False,
        validators=[validate_no_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProfessionalChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        # The queryset holds professionals only: each has an organisation (its name).
        return f"{obj.get_full_name()} — {obj.get_profession_display()}, {obj.organisation}"


class AddMemberForm(forms.Form):
    professional = ProfessionalChoiceField(
        label=_("Professional"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose a professional.")},
    )
    responsibility = forms.CharField(
        label=_("Responsibility in the network"),
        max_length=200,
        required=False,
        validators=[validate_no_markup],
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        already = NetworkMember.objects.of(client).values("professional")
        field = self.fields["professional"]
        assert isinstance(field, ProfessionalChoiceField)
        field.queryset = (
            User.objects.filter(is_active=True, organisation__isnull=False)
            .exclude(profession="")
            .exclude(pk__in=already)
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "first_name")
        )


class RevealHetuForm(forms.Form):
    purpose = forms.CharField(
        label=_("Why do you need the full personal identity code?"),
        max_length=200,
        validators=[validate_no_markup],
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name or personal identity code"),
        max_length=100,
        required=False,
        validators=[validate_no_markup],
    )


class AccessDecisionForm(forms.Form):
    GRANT, DECLINE = "grant", "decline"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (GRANT, _("Add the professional to the client's network")),
            (DECLINE, _("Decline the request")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to add the professional or decline.")},
    )
    note = forms.CharField(
        label=_("Note (optional, not shown to the professional who asked)"),
        max_length=500,
        required=False,
        validators=[validate_no_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
