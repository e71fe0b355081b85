"""Forms for meetings, agreements and the next contact. They check input and show messages in
the user's language; the services re-check everything and save."""

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import User
from polku.core import channels
from polku.core.channels import NEXT_CONTACT_CHANNELS
from polku.core.forms import choice_field
from polku.core.validators import validate_no_markup
from polku.core.widgets import DateInput

from .models import Meeting, MeetingKind, MeetingMode, NextContact

HELSINKI = ZoneInfo("Europe/Helsinki")
DATE_WIDGET = DateInput()  # d.m.yyyy like every date shown (polku.core.widgets)
TIME_FORMATS = ["%H.%M", "%H:%M"]
CLIENT = "client"


def person_label(user: User) -> str:
    organisation = user.organisation.name if user.organisation is not None else ""
    name = user.get_full_name() or user.username
    return f"{name} — {organisation}" if organisation else name


class ParticipantsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=[("", _("Choose…")), *MeetingKind.choices],  # chosen, never a silent default
        error_messages={"required": _("Choose the kind of meeting.")},
    )
    mode = forms.ChoiceField(
        label=_("How the meeting is held"),
        choices=MeetingMode.choices,
        widget=forms.RadioSelect,
    )
    day = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    start_time = forms.TimeField(
        label=_("Starts at"),
        input_formats=TIME_FORMATS,
        help_text=_("For example 13.00"),
        widget=forms.TimeInput(format="%H.%M"),
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        input_formats=TIME_FORMATS,
        help_text=_("For example 14.30"),
        widget=forms.TimeInput(format="%H.%M"),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        validators=[validate_no_markup],
        help_text=_("Needed for a meeting in person."),
    )
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("Needed for a video meeting."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=4000,
        required=False,
        validators=[validate_no_markup],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    client_present = forms.BooleanField(
        label=_("The client takes part"), required=False, initial=True
    )
    participants = ParticipantsField(
        label=_("Professionals taking part"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the client's network. You take part as the organiser."),
    )

    def __init__(self, *args, professionals, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, ParticipantsField)
        field.queryset = professionals

    def clean(self):
        super().clean()

        data = self.cleaned_data
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = dt.datetime.combine(day, start, tzinfo=HELSINKI)
            data["ends_at"] = dt.datetime.combine(day, end, tzinfo=HELSINKI)
            if end <= start:
                self.add_error("end_time", _("The meeting must end after it starts."))
        mode = data.get("mode")
        if mode == MeetingMode.IN_PERSON and not data.get("place"):
            self.add_error("place", _("An in-person meeting needs a place."))
        if mode == MeetingMode.VIDEO and not data.get("video_link"):
            self.add_error("video_link", _("A video meeting needs a link."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "mode": data["mode"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "video_link": data["video_link"],
            "agenda": data["agenda"],
            "client_present": data["client_present"],
        }

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        starts = timezone.localtime(meeting.starts_at, HELSINKI)
        ends = timezone.localtime(meeting.ends_at, HELSINKI)
        return {
            "kind": meeting.kind,
            "mode": meeting.mode,
            "day": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "place": meeting.place,
            "video_link": meeting.video_link,
            "agenda": meeting.agenda,
            "client_present": meeting.client_present,
        }


class MeetingEditForm(MeetingForm):
    notes = forms.CharField(
        label=_("Notes"),
        max_length=20000,
        required=False,
        validators=[validate_no_markup],
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "notes": self.cleaned_data["notes"]}

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        return {
            **MeetingForm.initial_for(meeting),
            "notes": meeting.notes,
            "version": meeting.version,
        }


def _person_choices(professionals, *, first: tuple[str, str] | None) -> list[tuple[str, str]]:
    choices = [("", "—")]
    if first:
        choices.append(first)
    choices.extend((str(p.pk), person_label(p)) for p in professionals)
    return choices


def _person(value: str, professionals) -> User | None:
    if not value or value == CLIENT:
        return None
    return next((p for p in professionals if str(p.pk) == value), None)


class AgreementForm(forms.Form):
    owner = forms.ChoiceField(label=_("Who does it"))
    what = forms.CharField(label=_("What"), max_length=500, validators=[validate_no_markup])
    due_on = forms.DateField(label=_("By when"), widget=DATE_WIDGET)

    def __init__(self, data: Any = None, *, professionals: Iterable[User], **kwargs: Any) -> None:
        super().__init__(data, prefix="agreement", **kwargs)
        self.professionals = list(professionals)
        choice_field(self, "owner").choices = _person_choices(
            self.professionals, first=(CLIENT, str(_("The client")))
        )
        self.fields["owner"].error_messages["required"] = _("Choose who does it.")

    def clean_due_on(self):
        day = self.cleaned_data["due_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The date by which it is done cannot be past."))
        return day

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "what": data["what"],
            "due_on": data["due_on"],
            "owner": _person(data["owner"], self.professionals),
            "owner_is_client": data["owner"] == CLIENT,
        }


class NextContactForm(forms.Form):
    contact_by = forms.ChoiceField(label=_("Who makes the contact"))
    contact_to = forms.ChoiceField(
        label=_("Whom they contact"),
        help_text=_("The client, or a professional in the client's network."),
    )
    due_on = forms.DateField(label=_("When"), widget=DATE_WIDGET)
    channel = forms.ChoiceField(label=_("How"), choices=channels.choices(NEXT_CONTACT_CHANNELS))

    def __init__(self, data: Any = None, *, professionals: Iterable[User], **kwargs: Any) -> None:
        super().__init__(data, prefix="contact", **kwargs)
        self.professionals = list(professionals)
        choice_field(self, "contact_by").choices = _person_choices(
            self.professionals, first=(CLIENT, str(_("The client")))
        )
        self.fields["contact_by"].error_messages["required"] = _("Choose who makes the contact.")
        choices = _person_choices(self.professionals, first=(CLIENT, str(_("The client"))))
        choices[0] = ("", str(_("Choose…")))
        choice_field(self, "contact_to").choices = choices
        self.fields["contact_to"].error_messages["required"] = _("Choose whom they contact.")

    @staticmethod
    def initial_for(contact: NextContact | None) -> dict:
        """The current next contact's values, so that changing it starts from them."""
        if contact is None:
            return {}
        return {
            "contact_by": CLIENT if contact.client_contacts else str(contact.contact_by_id),
            "contact_to": str(contact.contact_to_id) if contact.contact_to_id else CLIENT,
            "due_on": contact.due_on,
            "channel": contact.channel,
        }

    def clean_due_on(self):
        day = self.cleaned_data["due_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The next contact must be after today."))
        return day

    def clean(self):
        super().clean()

        data = self.cleaned_data
        if data.get("contact_by") == CLIENT and data.get("contact_to") == CLIENT:
            self.add_error("contact_to", _("Choose whom the client contacts."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "due_on": data["due_on"],
            "channel": data["channel"],
            "contact_by": _person(data["contact_by"], self.professionals),
            "client_contacts": data["contact_by"] == CLIENT,
            "contact_to": _person(data["contact_to"], self.professionals),
        }


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
