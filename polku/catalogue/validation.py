"""Validation of catalogue entries (called from Service.clean and the importers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rules.references import ELIGIBILITY_RULES, INCOME_COMPONENTS

if TYPE_CHECKING:
    from .models import Service


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
