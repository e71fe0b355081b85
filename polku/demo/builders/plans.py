"""Demo data of the plans: the demo's plan steps name their services as text (built before
the map is loaded); those that name an entry of the map are linked to it, as migration 0003
does for existing data."""

from __future__ import annotations

import datetime as dt

from polku.plans.models import Step
from polku.plans.services import link_free_text_services


def build(*, seed: int, now: dt.datetime | None = None) -> None:
    link_free_text_services()


def summary() -> str:
    on_map = Step.objects.filter(service__isnull=False).count()
    return f"Plan steps: {on_map} of {Step.objects.count()} point to an entry of the map."
