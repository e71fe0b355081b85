"""Forms for the warm handover; the services re-check everything and save."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import User
from polku.clients.models import NetworkMember
from polku.core.validators import validate_no_markup
from polku.meetings.models import Meeting, NextContact

from . import selectors

if TYPE_CHECKING:  # annotations only: the services import the forms' app
    from polku.clients.models import Client

    from .services import OpenItem


class ProfessionalField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        organisation = obj.organisation.name if obj.organisation else ""  # a professional has one
        return f"{obj.get_full_name()} — {obj.get_profession_display()}, {organisation}"


class ProposeForm(forms.Form):
    to_professional = ProfessionalField(
        label=_("Receiving professional"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose the receiving professional.")},
        help_text=_(
            "Professionals who can take the coordinator role, the client's network first. "
            "Only organisations covered by a consent in force are listed: to hand over to "
            "another organisation, record the client's consent first."
        ),
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

    def __init__(self, *args: Any, exclude_id: int, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_professional"]
        assert isinstance(field, ProfessionalField)
        people = selectors.receivers(client, exclude_id=exclude_id)
        field.queryset = User.objects.filter(pk__in=[p.pk for p in people])
        in_network = NetworkMember.objects.of(client).professional_ids()
        groups: dict[str, list[tuple[int, str]]] = {}
        network_group = str(_("In the client's network"))
        for person in people:
            organisation = person.organisation.name if person.organisation else ""
            group = network_group if person.pk in in_network else organisation
            groups.setdefault(group, []).append((person.pk, field.label_from_instance(person)))
        ordered = sorted(groups, key=lambda name: (name != network_group, name))
        field.choices = [("", field.empty_label or "")] + [(name, groups[name]) for name in ordered]


class MeetingChoiceField(forms.ModelChoiceField[Meeting]):
    def label_from_instance(self, obj: Meeting) -> str:
        from django.utils import formats, timezone

        when = formats.date_format(timezone.localtime(obj.starts_at), "SHORT_DATETIME_FORMAT")
        return f"{obj.get_kind_display()} {when} ({obj.get_status_display()})"


class LinkMeetingForm(forms.Form):
    meeting = MeetingChoiceField(
        label=_("Joint meeting with the client"),
        queryset=Meeting.objects.none(),
        error_messages={"required": _("Choose the joint meeting.")},
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
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


class SettleForm(forms.Form):
    """One choice per open item of the leaving coordinator: keep it, or reassign it to a
    network member who sees the client. Field names are the items' keys."""

    def __init__(
        self,
        *args: Any,
        items: list[OpenItem],
        candidates: Iterable[User],
        receiver_id: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        from .services import KEEP

        choices: list[tuple[str, object]] = [
            ("", _("Choose")),
            (KEEP, _("I keep it and stay in the client's network as a member")),
        ]
        for person in candidates:
            organisation = person.organisation.name if person.organisation else ""
            label = f"{person.get_full_name()}, {organisation}"
            if person.pk == receiver_id:
                marker = _("the new coordinator")
                label = f"{label} ({marker})"
            choices.append((str(person.pk), label))
        self.items = items
        for item in items:
            settlement = item.settlement
            initial = ""
            if settlement is not None:
                initial = KEEP if settlement.keep else str(settlement.to_professional_id)
            self.fields[item.key] = forms.ChoiceField(
                label=_("Next contact") if isinstance(item.item, NextContact) else item.item.what,
                choices=choices,
                required=False,
                initial=initial,
            )

    def rows(self) -> list[tuple[OpenItem, forms.BoundField]]:
        return [(item, self[item.key]) for item in self.items]
