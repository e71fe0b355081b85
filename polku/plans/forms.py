"""Forms for goals and steps. Every form carries the plan version the user loaded (a hidden
field), so the service can refuse a save made from a stale page."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organisation, User
from polku.catalogue.models import Service
from polku.core.forms import choice_field
from polku.core.validators import validate_no_markup
from polku.core.widgets import DateInput

from . import selectors
from .models import Goal, GoalStatus, Step, StepStatus
from .services import (
    GOAL_MAX,
    MOVE_TO_GOAL,
    SERVICE_MAX,
    STEP_TO_CANCELLED,
    STEP_TO_DONE,
    STEP_WHAT_MAX,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_WIDGET = DateInput()  # d.m.yyyy like every date shown (polku.core.widgets)
CLIENT_RESPONSIBLE = "client"
NOBODY_YET = "open"


def _person_label(person: User) -> str:
    name = person.get_full_name() or person.username
    organisation = person.organisation.name if person.organisation else ""
    return f"{name}, {organisation}" if organisation else name


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()

        data = self.cleaned_data
        if data.get("version") is None:
            self.errors.pop("version", None)
            self.add_error(
                None,
                _("The form did not say which version of the plan you edited. Reload the page."),
            )
        return data


class GoalForm(VersionedForm):
    text = forms.CharField(
        label=_("The goal in the client's own words"),
        help_text=_("Write the goal as the client says it, e.g. “I want to work in a kitchen”."),
        max_length=GOAL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_markup],
    )
    field_order = ["text", "version"]


class GoalEditForm(GoalForm):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    order = forms.IntegerField(
        label=_("Place in the plan"),
        min_value=0,
        help_text=_("Goals are listed from the smallest number up."),
    )
    field_order = ["text", "status", "order", "version"]
    ALL_STEPS = "open_steps_all"

    def __init__(
        self,
        *args: Any,
        open_steps: Iterable[Step] = (),
        other_goals: Iterable[Goal] = (),
        **kwargs: Any,
    ) -> None:
        """`open_steps`: the goal's steps still open; each gets a choice of what happens to
        it when the goal is marked achieved or dropped (and one choice for all of them).
        `other_goals`: the plan's other active goals, where a step can move."""
        super().__init__(*args, **kwargs)
        self.open_steps = list(open_steps)
        if not self.open_steps:
            return
        decisions: list[tuple[str, StrOrPromise]] = [
            ("", _("Choose…")),
            (STEP_TO_DONE, _("Done")),
            (STEP_TO_CANCELLED, _("Cancelled")),
        ]
        for goal in other_goals:
            decisions.append(
                (f"{MOVE_TO_GOAL}{goal.pk}", _("Move to the goal “%(goal)s”") % {"goal": goal})
            )
        self.fields[self.ALL_STEPS] = forms.ChoiceField(
            label=_("All open steps"),
            choices=decisions,
            required=False,
            help_text=_(
                "When the goal is marked achieved or dropped: what happens to each open step "
                "left without a choice of its own below."
            ),
        )
        for step in self.open_steps:
            self.fields[self.step_field(step)] = forms.ChoiceField(
                label=_("Open step “%(step)s”") % {"step": step},
                choices=decisions,
                required=False,
            )
        self.order_fields(
            [
                "text",
                "status",
                "order",
                self.ALL_STEPS,
                *(self.step_field(s) for s in self.open_steps),
                "version",
            ]
        )

    @staticmethod
    def step_field(step: Step) -> str:
        return f"open_step_{step.pk}"

    def step_decisions(self) -> dict[int, str]:
        """What happens to each open step (step id → done, cancelled or "goal:<id>"): its
        own choice, else the choice for all; none for a step left without either."""
        data = self.cleaned_data
        every = data.get(self.ALL_STEPS) or ""
        decisions = {s.pk: data.get(self.step_field(s)) or every for s in self.open_steps}
        return {pk: decision for pk, decision in decisions.items() if decision}


class StepForm(VersionedForm):
    what = forms.CharField(
        label=_("What is done"),
        max_length=STEP_WHAT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_no_markup],
    )
    responsible = forms.ChoiceField(
        label=_("Who is responsible"),
        help_text=_("The client or a professional in the client's network."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("If left empty: the responsible professional's organisation."),
    )
    service = forms.ChoiceField(
        label=_("Service on the map"),
        required=False,
        help_text=_("The service or benefit used, from the map, e.g. Työkokeilu."),
    )
    service_name = forms.CharField(
        label=_("Service not on the map"),
        max_length=SERVICE_MAX,
        required=False,
        help_text=_("Only for something that is not on the map: leave the list above empty."),
        validators=[validate_no_markup],
    )
    target_date = forms.DateField(
        label=_("Target date"), widget=DATE_WIDGET, help_text=_("For example 15.3.2026.")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=StepStatus.choices, initial=StepStatus.PLANNED
    )
    done_on = forms.DateField(
        label=_("Done on"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Only for a step that is done. If left empty: today."),
    )

    def __init__(
        self,
        *args: Any,
        professionals: Iterable[User] = (),
        step: Step | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._professionals = {str(p.pk): p for p in professionals}
        choices: list[tuple[str, StrOrPromise]] = [
            ("", _("Choose…")),
            (CLIENT_RESPONSIBLE, _("The client themself")),
        ]
        if step is not None and step.is_unassigned:
            choices.append((NOBODY_YET, _("Nobody yet: the coordinator assigns it")))
        for person in professionals:
            choices.append((str(person.pk), _person_label(person)))
        choice_field(self, "responsible").choices = choices
        current = step.service if step is not None and step.service_id else None
        choice_field(self, "service").choices = [
            ("", _("Not on the map (write it below)")),
            *selectors.map_entry_choices(current),
        ]
        self.order_fields(
            [
                "what",
                "responsible",
                "organisation",
                "service",
                "service_name",
                "target_date",
                "status",
                "done_on",
                "version",
            ]
        )

    def clean(self) -> dict[str, Any]:
        super().clean()

        data = self.cleaned_data
        if data.get("status") != StepStatus.DONE:
            data["done_on"] = None  # the day is kept only for a step that is done
        if data.get("service") and data.get("service_name"):
            self.add_error(
                "service_name",
                _("Choose the service on the map, or write one that is not on the map — not both."),
            )
        return data

    def clean_service(self) -> Service | None:
        value = self.cleaned_data.get("service")
        if not value:
            return None
        return Service.objects.filter(pk=value).first()

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        is_client = data["responsible"] == CLIENT_RESPONSIBLE
        nobody = data["responsible"] == NOBODY_YET
        arguments = {
            "what": data["what"],
            "responsible": None
            if is_client or nobody
            else self._professionals[data["responsible"]],
            "responsible_is_client": is_client,
            "organisation": data["organisation"],
            "service": data["service"],
            "service_name": data["service_name"],
            "target_date": data["target_date"],
            "status": data["status"],
            "done_on": data["done_on"],
        }
        return arguments

    @staticmethod
    def initial_for(step: Step, version: int) -> dict:
        if step.responsible_is_client:
            responsible = CLIENT_RESPONSIBLE
        elif step.responsible_id is None:
            responsible = NOBODY_YET
        else:
            responsible = str(step.responsible_id)
        return {
            "what": step.what,
            "responsible": responsible,
            "organisation": step.organisation_id,
            "service": str(step.service_id) if step.service_id else "",
            "service_name": step.service_name,
            "target_date": step.target_date,
            "status": step.status,
            "done_on": step.done_on,
            "version": version,
        }


class StepStatusForm(VersionedForm):
    """The quick status change on the plan page."""

    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)


class AssignStepForm(VersionedForm):
    """Give a step nobody is responsible for to a professional of the client's network
    (on the plan page): the professionals of the step's organisation first."""

    responsible = forms.ChoiceField(label=_("Who is responsible"))

    def __init__(
        self, *args: Any, step: Step, professionals: Iterable[User] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._professionals = {str(p.pk): p for p in professionals}
        own = [p for p in professionals if p.organisation_id == step.organisation_id]
        others = [p for p in professionals if p.organisation_id != step.organisation_id]
        choices: list = [("", _("Choose…"))]
        if own and (organisation := step.organisation):
            choices.append((organisation.name, [(str(p.pk), _person_label(p)) for p in own]))
        if others:
            label = _("Others in the client's network") if own else _("The client's network")
            choices.append((label, [(str(p.pk), _person_label(p)) for p in others]))
        choice_field(self, "responsible").choices = choices
        self.order_fields(["responsible", "version"])

    def person(self) -> User:
        return self._professionals[self.cleaned_data["responsible"]]
