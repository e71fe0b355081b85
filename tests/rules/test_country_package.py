"""`rules` follows OpenFisca's conventions for a country package: OpenFisca's own tools load
it by name (`openfisca test --country-package rules`), monthly inputs and formulas have MONTH
periods (only what does not change from month to month is eternal), the tenure is an Enum,
and every parameter has a unit and a source."""

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.scripts import build_tax_benefit_system

import rules
from rules.system import PolkuTaxBenefitSystem, system

# What is the same in every month: the membership, the birth date (and year), the order of
# the children by age, the home municipality and its housing-allowance group.
ETERNAL = {
    "role",
    "birth_date",
    "birth_year",
    "sibling_rank",
    "municipality_code",
    "municipality_group",
}


def test_openfiscas_tools_load_rules_as_a_country_package():
    assert rules.CountryTaxBenefitSystem is PolkuTaxBenefitSystem
    loaded = build_tax_benefit_system("rules", None, None)
    assert isinstance(loaded, PolkuTaxBenefitSystem)
    assert {"person", "household"} <= {entity.key for entity in loaded.entities}


def test_monthly_variables_have_month_periods():
    periods = {name: variable.definition_period for name, variable in system().variables.items()}
    eternal = {name for name, period in periods.items() if period == DateUnit.ETERNITY}
    assert eternal <= ETERNAL, eternal - ETERNAL
    others = {name: period for name, period in periods.items() if name not in eternal}
    assert all(period == DateUnit.MONTH for period in others.values()), others


def test_the_tenure_is_an_enum_of_the_three_tenures():
    tenure = system().variables["tenure"]
    assert tenure.value_type is Enum
    assert [item.name for item in tenure.possible_values] == [
        "rent",
        "owner",
        "right_of_occupancy",
    ]


def test_every_parameter_has_a_unit_a_reference_and_dated_values():
    """On the parameter itself or, for a table such as the municipalities' tax rates, on the
    node that holds it."""
    nodes = {node.name: node for node in system().parameters.get_descendants()}

    def metadata(name: str, key: str):
        while name:
            node = nodes.get(name)
            found = node is not None and (node.metadata.get(key) or getattr(node, key, None))
            if found:
                return found
            name = name.rpartition(".")[0]
        return None

    for name, node in nodes.items():
        values = getattr(node, "values_list", None)
        if values is None:
            continue
        assert metadata(name, "unit"), name
        assert metadata(name, "reference"), name
        assert all(value.instant_str >= "1990-01-01" for value in values), name
