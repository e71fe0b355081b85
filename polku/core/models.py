"""Base pieces for Polku's models."""

from django.conf import settings
from django.db import models


class FetchModeManager(models.Manager):
    """Loads lazily-fetched fields with the project's fetch mode (Django 6.1): FETCH_PEERS in
    production (one query for all peers), FETCH_RAISE in tests (an N+1 query fails the test)."""

    def get_queryset(self):
        return super().get_queryset().fetch_mode(getattr(models, settings.POLKU_FETCH_MODE))
