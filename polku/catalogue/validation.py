"""Validation of catalogue entries: one set of rules for every way in.

The field rules live on the model fields (web addresses only http(s): `validate_web_url`;
long texts at most `LONG_TEXT` characters: `validate_long_text`), the rules across fields in
`validate_service` (Service.clean). The admin applies them through its model forms; the HSDS
importer and the loader of services.yaml through `problems_of`, before anything is written,
so a refusal names the record and the field and leaves the catalogue as it was."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rules.references import ELIGIBILITY_RULES, INCOME_COMPONENTS

if TYPE_CHECKING:
    from .models import Service

WEB_SCHEMES = ("http", "https")
# The longest text an entry may hold (characters, per language); the curated ones are < 200.
LONG_TEXT = 4000

validate_long_text = MaxLengthValidator(LONG_TEXT)


def is_web_url(value: object) -> bool:
    """Whether `value` is an http(s) address (what a page may link and the API publish)."""
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        return urlsplit(value.strip()).scheme.lower() in WEB_SCHEMES
    except ValueError:
        return False


def validate_web_url(value: str) -> None:
    """Only web addresses: `javascript:`, `data:`, `ftp:` and the like are refused."""
    if value and not is_web_url(value):
        raise ValidationError(
            gettext_lazy("A web address must start with http:// or https://."),
            code="url_scheme",
        )


def problems_of(instance: models.Model, where: str, exclude: Iterable[str] = ()) -> list[str]:
    """The model's own validation (field validators and `clean`) of an unsaved `instance`,
    as "where: field: message" lines; [] when it is valid. Uniqueness is the writer's check."""
    errors: dict[str, list[str]] = {}
    for step in (lambda: instance.clean_fields(exclude=set(exclude)), instance.clean):
        try:
            step()
        except ValidationError as error:
            for field, messages in error.update_error_dict({}).items():
                errors.setdefault(field, []).extend(
                    str(m) for e in messages for m in ValidationError(e).messages
                )
    return [
        f"{where}: {field}: {message}"
        for field, messages in sorted(errors.items())
        for message in dict.fromkeys(messages)
    ]


def validate_service(service: Service) -> None:
    errors: dict[str, str] = {}
    if service.eligibility_rule and service.eligibility_rule not in ELIGIBILITY_RULES:
        errors["eligibility_rule"] = _("There is no eligibility rule “%(rule)s”.") % {
            "rule": service.eligibility_rule
        }
    if service.income_component and service.income_component not in INCOME_COMPONENTS:
        errors["income_component"] = _("There is no income component “%(rule)s”.") % {
            "rule": service.income_component
        }
    if service.valid_from and service.valid_until and service.valid_until < service.valid_from:
        errors["valid_until"] = _("The last day in force cannot be before the first day.")
    if (service.valid_from or service.valid_until) and not service.validity_source_fi.strip():
        errors["validity_source_fi"] = _("Say where the dates of validity come from.")
    if errors:
        raise ValidationError(errors)
