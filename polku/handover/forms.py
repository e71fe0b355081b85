"""Forms for the warm handover; the services re-check everything and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import User
from polku.core.validators import validate_no_markup
from polku.meetings.models import Meeting


class ProfessionalField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name()} — {obj.get_profession_display()}, {obj.organisation.name}"


class ProposeForm(forms.Form):
    to_professional = ProfessionalField(
        label=_("Receiving professional"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose the receiving professional.")},
        help_text=_("A consent in force must cover their organisation."),
    )
    reason = forms.CharField(
        label=_("Reason for the handover"), max_length=500, validators=[validate_no_markup]
    )
    summary = forms.CharField(
        label=_("Handover summary"),
        max_length=8000,
        validators=[validate_no_markup],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The client's situation, what has been agreed and what the next coordinator "
            "needs to know."
        ),
    )

    def __init__(self, *args, exclude_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_professional"]
        assert isinstance(field, ProfessionalField)
        field.queryset = (
            User.objects.filter(is_active=True, organisation__isnull=False)
            .exclude(profession="")
            .exclude(pk=exclude_id)
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "first_name")
        )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        from django.utils import formats, timezone

        when = formats.date_format(timezone.localtime(obj.starts_at), "SHORT_DATETIME_FORMAT")
        return f"{obj.get_kind_display()} {when} ({obj.get_status_display()})"


class LinkMeetingForm(forms.Form):
    meeting = MeetingChoiceField(
        label=_("Joint meeting with the client"),
        queryset=Meeting.objects.none(),
        error_messages={"required": _("Choose the joint meeting.")},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, MeetingChoiceField)
        field.queryset = meetings


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        validators=[validate_no_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
