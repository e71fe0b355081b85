"""Variables and formulas of Polku's rules (OpenFisca): per-member variables
(rules/variables/person.py) and the household's (rules/variables/household.py). Monthly
amounts in euros, each component rounded to cents; parameters come from rules/parameters/
(dated, with sources).

Activities (the `polku-rules calc` alternative kinds) are coded as integers in `activity`,
roles as integers in `role` (rules.entities.ROLES), the tenure as the Enum `Tenure`."""

from .common import (
    ACTIVITIES,
    CODE,
    DAILY_ALLOWANCES,
    EXCLUDES_UNEMPLOYMENT_BENEFIT,
    REHABILITATION,
    TENURES,
    WORK,
    Money,
    Tenure,
    cents,
)
from .household import HOUSEHOLD_VARIABLES
from .person import PERSON_VARIABLES

VARIABLES = [*PERSON_VARIABLES, *HOUSEHOLD_VARIABLES]

__all__ = [
    "ACTIVITIES",
    "CODE",
    "DAILY_ALLOWANCES",
    "EXCLUDES_UNEMPLOYMENT_BENEFIT",
    "HOUSEHOLD_VARIABLES",
    "PERSON_VARIABLES",
    "REHABILITATION",
    "TENURES",
    "VARIABLES",
    "WORK",
    "Money",
    "Tenure",
    "cents",
]
