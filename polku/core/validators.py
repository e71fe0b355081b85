"""Validators shared by every model field, form and API serializer that takes free text.

The rules live on the model fields (`free_text(max_length)`), and every service calls
`full_clean()` before it saves (issue 19, item 5), so a page, the API, the portal and an
import all refuse the same input with the same translated message."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript\s*:", re.IGNORECASE)


def validate_no_markup(value: str) -> None:
    """Refuse HTML tags (e.g. ``<script>``) in free text. Output is escaped anyway; refusing
    makes the intent visible to the writer and keeps stored text clean."""
    if value and _MARKUP.search(value):
        raise ValidationError(
            _("Text may not contain HTML tags or script, such as <script>. Please remove them."),
            code="markup",
        )


def validate_postal_code(value: str) -> None:
    """A Finnish postal code: five digits."""
    if value and not (len(value) == 5 and value.isdigit()):
        raise ValidationError(
            _("A Finnish postal code has five digits, e.g. 60100."), code="postal_code"
        )


def validate_no_null(value: str) -> None:
    """PostgreSQL cannot store a NUL character; refused with a message instead of a 500."""
    if value and "\x00" in value:
        raise ValidationError(_("Null characters are not allowed."), code="null_characters")


class MaxLength(MaxLengthValidator):
    message = _("Write at most %(limit_value)d characters (now %(show_value)d).")


def free_text(max_length: int | None = None) -> list:
    """The validators of a free-text model field: no markup, no NUL and, for a TextField, at
    most `max_length` characters (full_clean does not check a TextField's max_length; a
    CharField checks its own)."""
    rules = [validate_no_markup, validate_no_null]
    return [*rules, MaxLength(max_length)] if max_length is not None else rules


def checked(model: type[models.Model], name: str, value: Any) -> Any:
    """`value` for the field `name` of `model` after the field's own rules (blank, length,
    markup, …), so a service can refuse bad input before it writes anything; the error is
    keyed by the field's name, as full_clean's are."""
    try:
        return model._meta.get_field(name).clean(value, None)  # type: ignore[union-attr]
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None


def field_errors(errors: dict[str, list[str]], model: type[models.Model], **values: str) -> None:
    """Add to `errors` what the model's fields say of each non-empty value (a service that
    gathers every error before it answers; whether a field may be empty is its own check)."""
    for name, value in values.items():
        if not value:
            continue
        try:
            checked(model, name, value)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.message_dict[name])
