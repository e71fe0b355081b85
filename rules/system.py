"""The tax-benefit system: Polku's OpenFisca country package, built once per process.

`CountryTaxBenefitSystem` is the name OpenFisca's tools (`openfisca test`) look for in a
country package."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from .entities import entities
from .tax import TAX_VARIABLES
from .variables import VARIABLES

PARAMETERS = Path(__file__).parent / "parameters"
# The first and the last month every parameter and formula is encoded for.
FIRST_MONTH = "2025-01"
LAST_MONTH = "2026-12"


class PolkuTaxBenefitSystem(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__(entities)
        self.add_variables(*VARIABLES, *TAX_VARIABLES)
        self.load_parameters(str(PARAMETERS))


CountryTaxBenefitSystem = PolkuTaxBenefitSystem


@cache
def system() -> PolkuTaxBenefitSystem:
    return PolkuTaxBenefitSystem()
