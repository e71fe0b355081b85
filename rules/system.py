"""The tax-benefit system: Polku's OpenFisca country package, built once per process.

`CountryTaxBenefitSystem` is the name OpenFisca's tools (`openfisca test`) look for in a
country package."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from .entities import entities
from .variables import VARIABLES

PARAMETERS = Path(__file__).parent / "parameters"
# The first and the last month every parameter and formula is encoded for.
FIRST_MONTH = "2025-01"
LAST_MONTH = "2026-12"


def _tax_variables() -> list:
    """rules/tax.py's variables (income_tax and its parts) when it is there; they replace the
    interim flat-rate income_tax of rules/variables/person.py."""
    try:
        from .tax import TAX_VARIABLES
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.tax":
            raise
        return []
    return list(TAX_VARIABLES)


class PolkuTaxBenefitSystem(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__(entities)
        tax = _tax_variables()
        replaced = {variable.__name__ for variable in tax}
        self.add_variables(*[v for v in VARIABLES if v.__name__ not in replaced], *tax)
        self.load_parameters(str(PARAMETERS))


CountryTaxBenefitSystem = PolkuTaxBenefitSystem


@cache
def system() -> PolkuTaxBenefitSystem:
    return PolkuTaxBenefitSystem()
