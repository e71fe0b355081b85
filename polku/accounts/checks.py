"""Deployment checks on Polku's own secrets (`manage.py check --deploy`): the key the
henkilötunnus encryption and search hash are derived from must be long, varied and not one
of the values published in this repository; the same for the research pseudonym key when it
is set. Django checks SECRET_KEY itself (security.W009)."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

MIN_LENGTH = 32
MIN_DISTINCT = 12
# Values written in this repository (settings, Makefile, tests): known to everyone.
PUBLISHED = {
    "polku-development-data-key",
    "polku-development-export-key",
    "polku-test-data-key",
    "polku-test-export-key",
    "check-only",
}
GENERATE = "head -c 48 /dev/urandom | base64"


def weakness(value: str) -> str | None:
    """Why `value` is not a strong secret, or None."""
    if not value:
        return "it is empty"
    if value in PUBLISHED:
        return "it is a value published in Polku's repository"
    if len(value) < MIN_LENGTH:
        return f"it has {len(value)} characters, fewer than {MIN_LENGTH}"
    if len(set(value)) < MIN_DISTINCT:
        return f"it has only {len(set(value))} different characters (at least {MIN_DISTINCT})"
    return None


@register(Tags.security, deploy=True)
def check_secret_keys(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    reason = weakness(settings.POLKU_DATA_KEY)
    if reason:
        errors.append(
            Error(
                f"POLKU_DATA_KEY is not strong enough: {reason}.",
                hint=f"Generate one with `{GENERATE}` and keep it apart from SECRET_KEY "
                "(personal identity codes cannot be read without it).",
                id="polku.E001",
            )
        )
    export_key = settings.POLKU_RESEARCH_EXPORT_KEY
    reason = weakness(export_key) if export_key else None
    if reason:
        errors.append(
            Error(
                f"POLKU_RESEARCH_EXPORT_KEY is not strong enough: {reason}.",
                hint=f"Generate one with `{GENERATE}` (or leave it unset: no exports).",
                id="polku.E002",
            )
        )
    return errors
