"""Base pieces for Polku's models."""

from typing import Any

from django.conf import settings
from django.db import models


class FetchModeManager(models.Manager):
    """Loads lazily-fetched fields with the project's fetch mode (Django 6.1): FETCH_PEERS in
    production (one query for all peers), FETCH_RAISE in tests (an N+1 query fails the test)."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().fetch_mode(getattr(models, settings.POLKU_FETCH_MODE))


class SubmittedForm(models.Model):
    """A creating form's one-use token, stored in the same transaction as what the form created
    (polku.core.submissions): a second submit of the same form hits the unique token and is sent
    to what the first created instead of creating it again. Rows older than a day are deleted."""

    token = models.CharField(max_length=64, unique=True)
    # who sent it: "user:<id>" for a professional, "portal:<client id>" for a portal client
    owner = models.CharField(max_length=40)
    redirect_to = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.owner} {self.created_at:%Y-%m-%d %H:%M}"
