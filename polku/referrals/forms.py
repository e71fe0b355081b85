"""Forms for referrals; the services re-check everything and save."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from polku.accounts.models import OrganisationKind, User
from polku.clients.models import ConsentMethod, Language
from polku.core import channels
from polku.core.channels import REFERRAL_CHANNELS
from polku.core.validators import validate_no_markup
from polku.core.widgets import DateInput

from .models import Outcome, ReceivingTeam, ReferralStatus, Urgency
from .services import deadline_days


class TeamField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} — {obj.organisation.name}"


def urgency_choices() -> list[tuple[str, str]]:
    """Each urgency with the answer time it gives: the working days come from the rule that
    computes the referral's deadline (services.deadline_days), not from a copy here."""
    choices = []
    for urgency in Urgency:
        days = deadline_days(urgency)
        text = ngettext(
            "%(urgency)s: first contact within %(days)d working day",
            "%(urgency)s: first contact within %(days)d working days",
            days,
        ) % {"urgency": urgency.label, "days": days}
        choices.append((urgency.value, text))
    return choices


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
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        help_text=_(
            "The receiving team contacts the client within this time, counted in Finnish "
            "working days (weekends and public holidays excluded)."
        ),
    )
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
        label=_("Preferred contact channel"), choices=channels.choices(REFERRAL_CHANNELS)
    )
    contact_details = forms.CharField(
        label=_("How to reach the client"),
        max_length=200,
        required=False,
        validators=[validate_no_markup],
    )
    language = forms.ChoiceField(label=_("Client's language"), choices=Language.choices)
    # For the client's record (carried into it when the receiving team opens the case).
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    municipality = forms.CharField(label=_("Home municipality"), max_length=100, required=False)
    needs_interpreter = forms.BooleanField(
        label=capfirst(_("needs an interpreter")), required=False
    )
    interpreter_language = forms.CharField(
        label=capfirst(_("interpreter language")), max_length=50, required=False
    )
    has_online_credentials = forms.BooleanField(
        label=capfirst(_("has online banking credentials")),
        required=False,
        help_text=_("Needed to sign in to Kela's and other authorities' e-services."),
    )
    can_read_kela_messages = forms.BooleanField(
        label=capfirst(_("can read Kela's e-messages")), required=False
    )
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
        urgency = self.fields["urgency"]
        assert isinstance(urgency, forms.ChoiceField)
        urgency.choices = urgency_choices()


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


def social_workers():
    """Active professionals of municipal social services organisations in Polku."""
    return (
        User.objects.filter(
            is_active=True,
            organisation__kind=OrganisationKind.SOCIAL,
            organisation__is_public_authority=True,
        )
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name", "pk")
    )


class SocialWorkerField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} — {obj.organisation.name}" if obj.organisation_id else name


class DischargePlanForm(forms.Form):
    discharge_on = forms.DateField(
        label=_("Discharge date"),
        widget=DateInput(attrs={"type": "date"}),  # ISO value
    )
    destination = forms.CharField(label=_("Where the client goes"), max_length=300)
    municipality = forms.CharField(label=_("Home municipality"), max_length=100, required=False)
    social_worker = SocialWorkerField(
        label=_("Home municipality's social worker"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "A professional of the home municipality's social services in Polku. They join "
            "the client's network with the client's consent, and the follow-ups you agree "
            "with them appear on their worklist."
        ),
    )
    social_worker_consent = forms.BooleanField(
        label=_("The client agrees that this social worker joins their network and sees the case"),
        required=False,
    )
    social_worker_consent_how = forms.ChoiceField(
        label=capfirst(_("given how")),
        choices=[
            (ConsentMethod.IN_PERSON, ConsentMethod.IN_PERSON.label),
            (ConsentMethod.PHONE, ConsentMethod.PHONE.label),
            (ConsentMethod.WRITTEN, ConsentMethod.WRITTEN.label),
        ],
        required=False,
    )
    social_services_contact = forms.CharField(
        label=_("Home municipality's social services contact"),
        max_length=300,
        required=False,
        help_text=_(
            "Only when the home municipality's social services are not in Polku: name, "
            "organisation and phone."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["social_worker"]
        assert isinstance(field, SocialWorkerField)
        field.queryset = social_workers()


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
    channel = forms.ChoiceField(label=_("How"), choices=channels.choices(REFERRAL_CHANNELS))
    note = forms.CharField(label=_("About what"), max_length=300, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["contact_by"]
        assert isinstance(field, PersonField)
        if people is not None:
            field.queryset = people
