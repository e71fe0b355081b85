"""The assessment form: the date, the self-rated score, sickness absence, and for every domain
the client's view and the professional's view side by side. One form, so one error summary
(includes/form_errors.html) lists every problem. polku.assessment.services re-checks."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.validators import validate_no_markup
from polku.core.widgets import DateInput

from .models import ABSENCE_MAX_DAYS, Assessment, Domain, DomainStatus
from .services import TEXT_MAX

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_WIDGET = DateInput()  # d.m.yyyy like every date shown (polku.core.widgets)


def _score_choices():
    choices: list[tuple[str, StrOrPromise]] = [("", _("Not asked"))]
    for n in range(0, 11):
        label: StrOrPromise
        if n == 0:
            label = _("0 – cannot work at all")
        elif n == 10:
            label = _("10 – work ability at its best")
        else:
            label = str(n)
        choices.append((str(n), label))
    return choices


def _status_choices():
    return [("", _("Not assessed")), *[(str(v), label) for v, label in DomainStatus.choices]]


@dataclass(frozen=True)
class DomainFields:
    domain: str
    label: str
    client_status: forms.BoundField
    client_view: forms.BoundField
    professional_status: forms.BoundField
    professional_view: forms.BoundField
    support_needed: forms.BoundField


def field_name(domain: str, name: str) -> str:
    return f"{domain}__{name}"


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Date of the assessment"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Give the date of the assessment.")},
    )
    work_ability_score = forms.TypedChoiceField(
        label=_("Self-rated work ability (0–10)"),
        help_text=_(
            "The client's own rating of their current work ability compared with their "
            "lifetime best."
        ),
        choices=_score_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    sickness_absence_days = forms.IntegerField(
        label=_("Sickness absence days in the last 12 months"),
        min_value=0,
        max_value=ABSENCE_MAX_DAYS,
        required=False,
    )

    def __init__(self, *args, previous: Assessment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        for domain in Domain:
            label = domain.label
            self.fields[field_name(domain, "client_status")] = forms.TypedChoiceField(
                label=_("%(domain)s: status as the client sees it") % {"domain": label},
                choices=_status_choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[field_name(domain, "client_view")] = forms.CharField(
                label=_("%(domain)s: the client's own view") % {"domain": label},
                max_length=TEXT_MAX,
                required=False,
                validators=[validate_no_markup],
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[field_name(domain, "professional_status")] = forms.TypedChoiceField(
                label=_("%(domain)s: status as the professional sees it") % {"domain": label},
                choices=_status_choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[field_name(domain, "professional_view")] = forms.CharField(
                label=_("%(domain)s: the professional's view") % {"domain": label},
                max_length=TEXT_MAX,
                required=False,
                validators=[validate_no_markup],
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[field_name(domain, "support_needed")] = forms.BooleanField(
                label=_("%(domain)s: support needed") % {"domain": label}, required=False
            )
        if previous is not None and not self.is_bound:
            self._start_from(previous)

    def _start_from(self, previous: Assessment) -> None:
        """A reassessment starts from the previous version (its domains prefetched)."""
        self.initial["work_ability_score"] = previous.work_ability_score
        self.initial["sickness_absence_days"] = previous.sickness_absence_days
        for row in previous.domains.all():
            for name in (
                "client_status",
                "client_view",
                "professional_status",
                "professional_view",
                "support_needed",
            ):
                self.initial[field_name(row.domain, name)] = getattr(row, name)

    def domain_groups(self) -> list[DomainFields]:
        return [
            DomainFields(
                domain=domain.value,
                label=str(domain.label),
                **{
                    name: self[field_name(domain, name)]
                    for name in (
                        "client_status",
                        "client_view",
                        "professional_status",
                        "professional_view",
                        "support_needed",
                    )
                },
            )
            for domain in Domain
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "assessed_on": data["assessed_on"],
            "work_ability_score": data["work_ability_score"],
            "sickness_absence_days": data["sickness_absence_days"],
            "domains": {
                domain.value: {
                    name: data[field_name(domain, name)]
                    for name in (
                        "client_status",
                        "client_view",
                        "professional_status",
                        "professional_view",
                        "support_needed",
                    )
                }
                for domain in Domain
            },
        }
