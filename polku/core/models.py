"""Base pieces for Polku's models."""

from django.conf import settings
from django.db import models


def _configured_fetch_mode():
    return getattr(models, settings.POLKU_FETCH_MODE)


class FetchModeQuerySet(models.QuerySet):
    """QuerySet that loads lazily-fetched fields with the project's fetch mode
    (Django 6.1): FETCH_PEERS in production, FETCH_RAISE in tests (an N+1 query fails)."""


class FetchModeManager(models.Manager.from_queryset(FetchModeQuerySet)):  # type: ignore[misc]
    def get_queryset(self):
        return super().get_queryset().fetch_mode(_configured_fetch_mode())
