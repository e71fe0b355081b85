"""Shared pieces of the demo data commands."""

from django.conf import settings
from django.core.management.base import CommandError


def refuse_outside_demo(force: bool) -> None:
    """Synthetic accounts with a published password do not belong in production."""
    if force or settings.POLKU_DEMO_MODE or settings.DEBUG:
        return
    raise CommandError(
        "Refusing to load synthetic demo data: neither POLKU_DEMO_MODE nor DEBUG is on, so this "
        "looks like a real installation. Use --force if you really mean it."
    )
