"""Demo data of the capabilities built on the casework loop: one module per app in
polku.demo.builders (the apps themselves never import the demo).

Each module named in BUILDERS defines `build(*, seed: int, now: datetime | None) -> None`
(idempotent, deterministic for a seed) and `summary() -> str` (one line for load_demo).
They run in this order, after the base region and the casework (the catalogue first: the
others refer to its services; the worklists last: the daily alert scan over all of it)."""

from __future__ import annotations

import datetime as dt
import importlib
from types import ModuleType

BUILDERS = (
    "catalogue",
    "plans",
    "handover",
    "knots",
    "referrals",
    "portal",
    "research",
    "route_plans",
    # After every module that gives work: a met handover has all open work settled.
    "handover_settlement",
    "worklists",  # last: the alert scan over everything above
)


def modules() -> list[ModuleType]:
    """The builder modules in order (imported here, when the demo is built: they import the
    generator, which imports this module)."""
    return [importlib.import_module(f"polku.demo.builders.{name}") for name in BUILDERS]


def build_all(*, seed: int, now: dt.datetime | None = None) -> None:
    for module in modules():
        module.build(seed=seed, now=now)


def summaries() -> list[str]:
    return [module.summary() for module in modules()]
