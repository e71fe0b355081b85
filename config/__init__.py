"""Polku's Django configuration."""

import os

ENVIRONMENTS = ("development", "demo", "test", "production")


def settings_module() -> str:
    """The settings module chosen by DJANGO_ENV (development by default)."""
    name = os.environ.get("DJANGO_ENV", "development") or "development"
    if name not in ENVIRONMENTS:
        raise RuntimeError(f"DJANGO_ENV must be one of {', '.join(ENVIRONMENTS)}, not {name!r}")
    return f"config.settings.{name}"
