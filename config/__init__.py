"""Polku's Django configuration."""

import os

ENVIRONMENTS = ("development", "demo", "test", "production")


class MissingEnvironment(RuntimeError):
    """DJANGO_ENV is unset: Polku does not guess (a guess of development would serve DEBUG
    pages, demo sign-ins and the published development keys)."""


def settings_module() -> str:
    """The settings module chosen by DJANGO_ENV, which must be set: there is no default.

    `make demo`, `make dev` and `make check-deploy` set it; the test suite's settings are
    named in pyproject.toml (pytest-django). A DJANGO_SETTINGS_MODULE already in the
    environment is an explicit choice too and is used as it is."""
    explicit = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    name = os.environ.get("DJANGO_ENV", "")
    if not name and explicit:
        return explicit
    if not name:
        raise MissingEnvironment(
            "DJANGO_ENV is not set. Set it to one of "
            f"{', '.join(ENVIRONMENTS)} (production on a server; `make dev` and `make demo` "
            "set it for you), e.g. DJANGO_ENV=development python manage.py runserver."
        )
    if name not in ENVIRONMENTS:
        raise RuntimeError(f"DJANGO_ENV must be one of {', '.join(ENVIRONMENTS)}, not {name!r}")
    return f"config.settings.{name}"
