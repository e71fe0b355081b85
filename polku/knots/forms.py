from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from polku.catalogue.models import Service, Source
from polku.core.forms import model_choice_field
from polku.core.widgets import DateInput
from rules.municipalities import code_for

from .models import Application, ApplicationStatus, BlockerKind


class _KnownChoices(ModelChoiceIterator):
    """The choices from the rows already read (`field.known`), when given: the knot page
    offers the same list in every open application's form, and keeps the rendered fields
    under the list's content (polku.core.formhtml), without a query of the field's own."""

    def _known(self) -> Sequence[Any] | None:
        return getattr(self.field, "known", None)

    def __iter__(self) -> Iterator:
        known = self._known()
        if known is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in known:
            yield self.choice(obj)

    def __len__(self) -> int:
        known = self._known()
        if known is None:
            return super().__len__()
        return len(known) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self) -> bool:
        known = self._known()
        return super().__bool__() if known is None else bool(self.field.empty_label or known)


class ServiceChoiceField(forms.ModelChoiceField[Service]):
    """A service by its name. `known`: the queryset's services already read, in its order,
    to offer without a query (the queryset still checks what is sent)."""

    iterator = _KnownChoices
    known: Sequence[Service] | None = None

    def label_from_instance(self, obj: Service) -> str:
        return getattr(obj, "choice_label", obj.name)


class ApplicationChoiceField(forms.ModelChoiceField[Application]):
    """An application by its service's name (select_related("service") in the queryset).
    `known`: the queryset's applications already read, in its order, to offer without a
    query (the queryset still checks what is sent)."""

    iterator = _KnownChoices
    known: Sequence[Application] | None = None

    def label_from_instance(self, obj: Application) -> str:
        return obj.service.name


class ApplicationForm(forms.Form):
    service = ServiceChoiceField(
        label=_("Benefit or service"), queryset=Service.objects.filter(is_active=True)
    )
    status = forms.ChoiceField(label=_("Status"), choices=ApplicationStatus.choices)
    submitted = forms.DateField(label=_("Submitted"), required=False, widget=DateInput())

    def __init__(self, *args, services: Sequence[Service] | None = None, **kwargs):
        """`services`: the current services already read (`current_services`), offered
        without a query of their own."""
        super().__init__(*args, **kwargs)
        # The map's current view: an ended benefit is not offered (checked again on save).
        field = model_choice_field(self, "service")
        field.queryset = current_services()
        if services is not None:
            assert isinstance(field, ServiceChoiceField)
            field.known = list(services)


def current_services() -> QuerySet[Service]:
    """The services an application may be added for, in the order they are offered."""
    return Service.objects.current()


def offered(services: Iterable[Service], municipality: str = "") -> list[Service]:
    """One entry per choice a worker makes, named so that real differences show.

    A service offered only in some municipalities (Suomi.fi lists a municipality's own
    digital support, outreach youth work … once per municipality) is offered for a client
    whose municipality is known only when it is offered there; for a client whose
    municipality is not known, every one is offered, each named with its municipality.

    The map can hold the same service twice: a curated entry and the same service imported
    from Suomi.fi (PTV) before a curator has linked them (polku.catalogue.matching). Of
    entries with the same name from the same provider only one is offered, the curated one
    (it carries the processing time and the rules). Entries that still share a name — the
    same service from different providers — are named with their provider
    (`choice_label`). The services need their provider read (select_related)."""
    code = code_for(municipality) if municipality else None
    services = [
        s
        for s in services
        if code is None or not s.municipalities or f"{code:03d}" in s.municipalities
    ]
    kept: dict[tuple[str, int], Service] = {}
    for service in sorted(services, key=lambda s: (s.source != Source.CURATED, s.pk)):
        kept.setdefault((service.name.casefold(), service.provider_id), service)
    chosen = [s for s in services if kept.get((s.name.casefold(), s.provider_id)) is s]
    names = Counter(s.name.casefold() for s in chosen)
    for service in chosen:
        if names[service.name.casefold()] > 1:
            service.choice_label = f"{service.name} ({service.provider.name})"  # type: ignore[attr-defined]
    return chosen


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

    def __init__(self, *args, client, applications: Sequence[Application] | None = None, **kwargs):
        """`applications`: the client's applications already read (with their services), in
        the model's order, offered without a query of their own."""
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "waits_for")
        field.queryset = Application.objects.filter(client=client).select_related("service")
        if applications is not None:
            assert isinstance(field, ApplicationChoiceField)
            field.known = list(applications)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ApplicationStatus.choices)
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        widget=DateInput(),
        help_text=_("For a decision; today when left empty."),
    )
