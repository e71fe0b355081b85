"""Polku's rules as code: an OpenFisca country package (no Django import anywhere here).

`CountryTaxBenefitSystem` is the name OpenFisca's tools look for in a country package
(`openfisca test --country-package rules rules/tests`); it is imported on first use so that
`import rules.errors` and the like stay light."""

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "CountryTaxBenefitSystem":
        from .system import PolkuTaxBenefitSystem

        return PolkuTaxBenefitSystem
    raise AttributeError(f"module 'rules' has no attribute {name!r}")
