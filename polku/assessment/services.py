"""Writes on holistic assessments. An assessment is never changed: each reassessment is a new
version (1, 2, 3 … per client), validated whole and saved whole or not at all, with its audit
event."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from polku.access import policy
from polku.accounts.models import User
from polku.audit import services as audit
from polku.audit.models import Action
from polku.clients.models import Client
from polku.core.http import AnyRequest
from polku.core.validators import validate_no_markup

from .models import (
    ABSENCE_MAX_DAYS,
    SCORE_MAX,
    SCORE_MIN,
    Assessment,
    Domain,
    DomainAssessment,
    DomainStatus,
)

DOMAIN_FIELDS = (
    "client_status",
    "professional_status",
    "support_needed",
    "client_view",
    "professional_view",
)
TEXT_MAX = 4000
_VERSION_ATTEMPTS = 3


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clean_number(value, *, low: int, high: int, message: str) -> int | None:
    if value is None or value == "":
        return None
    if not _is_int(value) or not low <= value <= high:
        raise ValidationError(message)
    return value


def _clean_domain(domain: str, data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The domain's stored values, or None when nothing was filled in."""
    unknown = set(data) - set(DOMAIN_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields for %(domain)s: %(fields)s.")
            % {"domain": domain, "fields": ", ".join(sorted(unknown))}
        )
    label = Domain(domain).label
    cleaned: dict[str, Any] = {}
    for name in ("client_status", "professional_status"):
        value = data.get(name)
        if value in (None, ""):
            cleaned[name] = None
        elif _is_int(value) and value in DomainStatus.values:
            cleaned[name] = value
        else:
            raise ValidationError(
                _("%(domain)s: the status must be 1, 2, 3 or 4.") % {"domain": label}
            )
    cleaned["support_needed"] = bool(data.get("support_needed", False))
    for name in ("client_view", "professional_view"):
        text = (data.get(name) or "").strip()
        if len(text) > TEXT_MAX:
            raise ValidationError(
                _("%(domain)s: a view may have at most %(max)s characters.")
                % {"domain": label, "max": TEXT_MAX}
            )
        try:
            validate_no_markup(text)
        except ValidationError as error:
            raise ValidationError(f"{label}: {' '.join(error.messages)}") from None
        cleaned[name] = text
    empty = (
        cleaned["client_status"] is None
        and cleaned["professional_status"] is None
        and not cleaned["support_needed"]
        and not cleaned["client_view"]
        and not cleaned["professional_view"]
    )
    return None if empty else cleaned


def validate(
    *,
    assessed_on,
    work_ability_score,
    sickness_absence_days,
    domains: Mapping[str, Mapping[str, Any]],
) -> tuple[int | None, int | None, dict[str, dict[str, Any]]]:
    """Check everything before anything is saved; raise one ValidationError with every
    problem (field errors under the form's field names)."""
    errors: dict[str, list] = {}
    if not isinstance(assessed_on, dt.date) or isinstance(assessed_on, dt.datetime):
        errors.setdefault("assessed_on", []).append(_("Give the date of the assessment."))
    elif assessed_on > timezone.localdate():
        errors.setdefault("assessed_on", []).append(
            _("The date of the assessment cannot be in the future.")
        )
    score = days = None
    try:
        score = _clean_number(
            work_ability_score,
            low=SCORE_MIN,
            high=SCORE_MAX,
            message=_("The self-rated work ability is a whole number from 0 to 10."),
        )
    except ValidationError as error:
        errors.setdefault("work_ability_score", []).extend(error.messages)
    try:
        days = _clean_number(
            sickness_absence_days,
            low=0,
            high=ABSENCE_MAX_DAYS,
            message=_("Sickness absence is a number of days from 0 to 366."),
        )
    except ValidationError as error:
        errors.setdefault("sickness_absence_days", []).extend(error.messages)
    cleaned_domains: dict[str, dict[str, Any]] = {}
    for domain, data in domains.items():
        if domain not in Domain.values:
            errors.setdefault("__all__", []).append(
                _("Unknown domain: %(domain)s.") % {"domain": domain}
            )
            continue
        try:
            cleaned = _clean_domain(domain, data)
        except ValidationError as error:
            errors.setdefault("__all__", []).extend(error.messages)
            continue
        if cleaned is not None:
            cleaned_domains[domain] = cleaned
    if not errors and score is None and days is None and not cleaned_domains:
        errors["__all__"] = [
            _("The assessment is empty: fill in the work ability score or at least one domain.")
        ]
    if errors:
        raise ValidationError(errors)
    return score, days, cleaned_domains


def _next_version(client: Client) -> tuple[int, dt.date | None]:
    # Lock the client row (PostgreSQL) so concurrent assessments of one client take turns;
    # SQLite serialises writers already (IMMEDIATE transactions). FOR NO KEY UPDATE, not FOR
    # UPDATE: it does not block the key-share locks that inserting rows referring to the client
    # takes (e.g. an audit event written meanwhile under the audit chain lock), so no deadlock.
    # The unique constraint (client, version) is the last guard: record_assessment retries.
    Client.objects.select_for_update(no_key=True).filter(pk=client.pk).values_list("pk").get()
    last = (
        Assessment.objects.filter(client_id=client.pk)
        .order_by("-version")
        .values_list("version", "assessed_on")
        .first()
    )
    return (last[0] + 1, last[1]) if last else (1, None)


def record_assessment(
    *,
    client: Client,
    by: User,
    assessed_on,
    work_ability_score,
    sickness_absence_days,
    domains: Mapping[str, Mapping[str, Any]],
    request: AnyRequest | None = None,
) -> Assessment:
    """Record a new version of the client's holistic assessment.

    `domains` maps a Domain value to {client_status, professional_status (1–4 or None),
    support_needed, client_view, professional_view}; domains left empty are not stored."""
    score, days, cleaned = validate(
        assessed_on=assessed_on,
        work_ability_score=work_ability_score,
        sickness_absence_days=sickness_absence_days,
        domains=domains,
    )
    for attempt in range(_VERSION_ATTEMPTS):
        try:
            return _save(
                client=client,
                by=by,
                assessed_on=assessed_on,
                score=score,
                days=days,
                domains=cleaned,
                request=request,
            )
        except IntegrityError:
            if attempt == _VERSION_ATTEMPTS - 1:
                raise ValidationError(
                    _("Another assessment was saved at the same moment. Please try again.")
                ) from None
    raise AssertionError("unreachable")


@transaction.atomic
def _save(
    *, client: Client, by: User, assessed_on, score, days, domains, request: AnyRequest | None
) -> Assessment:
    version, previous_day = _next_version(client)
    if previous_day is not None and assessed_on < previous_day:
        raise ValidationError(
            {
                "assessed_on": _(
                    "The date cannot be before the previous assessment (%(day)s): a new "
                    "version follows the earlier ones."
                )
                % {"day": date_format(previous_day, "SHORT_DATE_FORMAT")}
            }
        )
    assessment = Assessment(
        client=client,
        version=version,
        assessed_on=assessed_on,
        assessed_by=by,
        work_ability_score=score,
        sickness_absence_days=days,
    )
    assessment.save(force_insert=True)
    DomainAssessment.objects.bulk_create(
        DomainAssessment(assessment=assessment, domain=domain, **values)
        for domain, values in sorted(domains.items(), key=lambda item: _order(item[0]))
    )
    audit.record(
        actor=by,
        action=Action.CREATE,
        client=client,
        purpose=policy.purpose_for(by, client),
        target=f"assessment:{assessment.pk}",
        request=request,
        details={"version": assessment.version},
    )
    return assessment


def _order(domain: str) -> int:
    return Domain.values.index(domain)
