"""Demo data of the capabilities built on the casework loop, each in its own app.

Each module named in EXTENSIONS defines `build(*, seed: int, now: datetime | None) -> None`
(idempotent, deterministic for a seed) and `summary() -> str` (one line for load_demo).
They run in this order, after the base region and the casework (the catalogue first: the
others refer to its services; the worklists last: the daily alert scan over all of it)."""

from __future__ import annotations

import datetime as dt
import importlib
from types import ModuleType

EXTENSIONS = (
    "polku.catalogue.demo",
    "polku.plans.demo",
    "polku.handover.demo",
    "polku.knots.demo",
    "polku.referrals.demo",
    "polku.portal.demo",
    "polku.research.demo",
    "polku.routes.demo",
    # After every module that gives work: a met handover has all open work settled.
    "polku.handover.demo_settlement",
    "polku.worklists.demo",  # last: the alert scan over everything above
)


def modules() -> list[ModuleType]:
    found = []
    for name in EXTENSIONS:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return found


def build_all(*, seed: int, now: dt.datetime | None = None) -> None:
    for module in modules():
        module.build(seed=seed, now=now)


def summaries() -> list[str]:
    return [module.summary() for module in modules()]
