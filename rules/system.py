"""The tax-benefit system: Polku's OpenFisca country package, built once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from .entities import entities
from .variables import VARIABLES

PARAMETERS = Path(__file__).parent / "parameters"
# The first month every parameter and formula is encoded for.
FIRST_MONTH = "2025-01"
# The last month the law is encoded for (no parameter or formula is known after it yet);
# later months are refused (rules.inputs), not computed with stale law.
LAST_MONTH = "2026-12"


class PolkuTaxBenefitSystem(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__(entities)
        self.add_variables(*VARIABLES)
        self.load_parameters(str(PARAMETERS))


@cache
def system() -> PolkuTaxBenefitSystem:
    return PolkuTaxBenefitSystem()
