"""Optimistic locking: a second save of the same record, made from a stale copy, is refused
with a clear message instead of silently overwriting the first (plans, meetings).

Models have `version = models.PositiveIntegerField(default=1)`; forms and API carry the version
the user loaded; services call `bump_version` inside their transaction before saving."""

from django.core.exceptions import ValidationError
from django.db.models import F, Model
from django.utils.translation import gettext as _


class StaleEdit(ValidationError):
    pass


def bump_version(instance: Model, expected_version: int) -> None:
    """Raise StaleEdit unless the stored version is `expected_version`; else increment it
    (atomically, in the database) and update `instance.version`."""
    updated = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, version=expected_version)
        .update(version=F("version") + 1)
    )
    if updated != 1:
        raise StaleEdit(
            _(
                "Someone else saved changes to this while you were editing. "
                "Your changes were not saved: reload the page to see theirs, then edit again."
            ),
            code="stale",
        )
    instance.version = expected_version + 1  # type: ignore[attr-defined]
