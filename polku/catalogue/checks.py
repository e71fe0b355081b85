"""System check: map search cannot work without Voikko, so say so when the server or any
management command starts (not at the first search)."""

from __future__ import annotations

from django.core import checks


@checks.register()
def voikko_installed(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from .analysis import check_voikko

    problem = check_voikko()
    if problem is None:
        return []
    return [checks.Error(problem, id="catalogue.E001")]
