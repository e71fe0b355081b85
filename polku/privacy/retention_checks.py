"""Start-up check of POLKU_RETENTION (a Django system check): every kind of record has a valid
period, clock, action and legal basis, and no period set by law is shorter than the law's."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from .retention import problems


@register()
def check_retention(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    return [
        Error(
            f"POLKU_RETENTION: {problem}",
            hint="See config/settings/base.py and docs/security.md, Retention.",
            id="polku.E030",
        )
        for problem in problems(_configured())
    ]


def _configured() -> Any:
    try:
        return settings.POLKU_RETENTION
    except AttributeError:  # not declared at all: reported, not a crash at start-up
        return None
