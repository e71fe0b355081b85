"""The API's error answers in one place. Business rules live in the services, which raise
Django's ValidationError; `exception_handler` (REST_FRAMEWORK["EXCEPTION_HANDLER"]) turns it
into DRF's 400 answer keyed by field like the input, so views simply call the service. The
messages are the services' own, in the language of the request."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def as_drf_error(
    error: DjangoValidationError, *, nested: dict[str, set[str]] | None = None
) -> ValidationError:
    """A service's Django ValidationError as DRF's (400), keyed by field like the input.
    `nested` moves the given fields under a nested input's name (e.g. "consent")."""
    if not hasattr(error, "error_dict"):
        return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})
    detail: dict[str, Any] = {}
    for field, messages in error.message_dict.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        for outer, fields in (nested or {}).items():
            if field in fields:
                detail.setdefault(outer, {})[key] = messages
                break
        else:
            detail[key] = messages
    return ValidationError(detail)


@contextmanager
def nested_errors(nested: dict[str, set[str]]) -> Iterator[None]:
    """For an input with a nested part (a client with its consent): the service's errors on
    the nested part's fields go under its name, as the input gave them."""
    try:
        yield
    except DjangoValidationError as error:
        raise as_drf_error(error, nested=nested) from None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, which also answers a service's ValidationError with 400."""
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_error(exc)
    return drf_exception_handler(exc, context)
