"""Validators shared by every form and API serializer that takes free text."""

import re

from django.core.exceptions import ValidationError
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
