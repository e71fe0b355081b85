"""Forms for referrals; the services re-check everything and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import User
from polku.clients.models import Language
from polku.core.validators import validate_no_markup
from polku.core.widgets import DateInput

from .models import ContactChannel, Outcome, ReceivingTeam, ReferralStatus, Urgency


class TeamField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} — {obj.organisation.name}"


class ReferralForm(forms.Form):
    team = TeamField(
        label=_("Receiving team"),
        queryset=ReceivingTeam.objects.none(),
        error_messages={"required": _("Choose the receiving team.")},
    )
    first_names = forms.CharField(label=_("First names"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    hetu = forms.CharField(
        label=_("Personal identity code"),
        max_length=11,
        required=False,
        help_text=_("For example 010190-123A. Check it from the client's identity document."),
    )
    identity_confirmed = forms.BooleanField(
        label=_("I confirmed the client's identity with the client present"), required=False
    )
    situation = forms.CharField(
        label=_("The situation in the client's own words"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Short and concrete: what is tangled and what the client hopes for."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    consent_in_person = forms.BooleanField(
        label=_("The client gave consent to this referral in person with me"), required=False
    )
    consent_scope = forms.CharField(
        label=_("What the client agreed to share"),
        max_length=500,
        required=False,
        help_text=_("For example: the situation above, contact details, benefit matters."),
    )
    consent_covers_partner = forms.BooleanField(
        label=_("The client agrees that our organisation may follow the case in Polku"),
        required=False,
        help_text=_(
            "Without it you see only the status, the named worker and the outcome category."
        ),
    )
    contact_channel = forms.ChoiceField(
        label=_("Preferred contact channel"), choices=ContactChannel.choices
    )
    contact_details = forms.CharField(
        label=_("How to reach the client"),
        max_length=200,
        required=False,
        validators=[validate_no_markup],
    )
    language = forms.ChoiceField(label=_("Client's language"), choices=Language.choices)
    partner_present = forms.BooleanField(
        label=_("I take part in the first contact with the client"), required=False
    )

    def __init__(self, *args, exclude_organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, TeamField)
        field.queryset = (
            ReceivingTeam.objects.filter(is_active=True)
            .exclude(organisation_id=exclude_organisation_id)
            .select_related("organisation")
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (ReferralStatus.CONTACTED, ReferralStatus.CONTACTED.label),
            (ReferralStatus.IN_PROGRESS, ReferralStatus.IN_PROGRESS.label),
            (ReferralStatus.CLOSED, ReferralStatus.CLOSED.label),
        ],
    )
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"),
        choices=[("", "—"), *Outcome.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class OpenCaseForm(forms.Form):
    share_with_partner = forms.BooleanField(
        label=_("The client also wants the referring organisation in the network"),
        required=False,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("What the client said (optional)"), max_length=500, required=False
    )


class DischargePlanForm(forms.Form):
    discharge_on = forms.DateField(
        label=_("Discharge date"),
        widget=DateInput(attrs={"type": "date"}),  # ISO value
    )
    destination = forms.CharField(label=_("Where the client goes"), max_length=300)
    municipality = forms.CharField(label=_("Home municipality"), max_length=100, required=False)
    social_services_contact = forms.CharField(
        label=_("Home municipality's social services contact"), max_length=300
    )


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class FollowUpForm(forms.Form):
    contact_by = PersonField(
        label=_("Who contacts the client"), queryset=User.objects.none(), required=False
    )
    contact_by_other = forms.CharField(
        label=_("Or someone else (name and organisation)"), max_length=200, required=False
    )
    due_on = forms.DateField(label=_("When"), widget=DateInput(attrs={"type": "date"}))  # ISO value
    channel = forms.ChoiceField(label=_("How"), choices=ContactChannel.choices)
    note = forms.CharField(label=_("About what"), max_length=300, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["contact_by"]
        assert isinstance(field, PersonField)
        if people is not None:
            field.queryset = people
