"""Deployment check on the audit chain's key (`manage.py check --deploy`): without a strong key
outside the database, whoever owns the database could re-hash the audit trail."""

from collections.abc import Sequence

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, Tags, register

from polku.accounts.checks import GENERATE, weakness

# The audit keys written in this repository's development and test settings: known to all.
PUBLISHED_AUDIT_KEYS = {"polku-development-audit-key", "polku-test-audit-key"}


def audit_key_weakness(value: str) -> str | None:
    if value in PUBLISHED_AUDIT_KEYS:
        return "it is a value published in Polku's repository"
    return weakness(value)


@register(Tags.security, deploy=True)
def check_audit_key(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: object
) -> list[Error]:
    reason = audit_key_weakness(settings.POLKU_AUDIT_KEY)
    if reason is None:
        return []
    return [
        Error(
            f"POLKU_AUDIT_KEY is not strong enough: {reason}.",
            hint=f"Generate one with `{GENERATE}`, keep it outside the database and apart from "
            "the database's owner; when rotating, move the old one to POLKU_AUDIT_OLD_KEYS.",
            id="polku.E010",
        )
    ]
