"""The rules' own YAML test cases (rules/tests/*.yaml, OpenFisca's test format), each run as
one pytest case against the country package, with the semantics of `openfisca test` (the
same simulation builder and the same output checks): a variable name with a value or a list
(one value per person or household, in the order given), or an entity's plural with values
by id. `openfisca test --country-package rules rules/tests` runs the same files; the last
test here runs that command itself."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.tools import assert_near
from openfisca_core.tools.test_runner import build_test

from rules.system import system

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "rules" / "tests"


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(case, id=f"{path.stem}: {case['name']}")


def _check(simulation, test, name, expected, index=None):
    period = str(test.period)
    actual = simulation.calculate(name, period)
    if index is not None:
        actual = actual[index]
    margin = test.absolute_error_margin[name]
    assert_near(actual, expected, margin, f"{test.name}: {name}@{period}: ")


@pytest.mark.parametrize("case", list(_cases()))
def test_yaml_case(case):
    test = build_test(dict(case))
    builder = SimulationBuilder()
    builder.set_default_period(str(test.period))
    simulation = builder.build_from_dict(system(), test.input)
    assert test.output, f"{test.name}: no output to check"
    for key, expected in test.output.items():
        if system().get_variable(key) is not None:
            _check(simulation, test, key, expected)
        else:  # an entity's plural: {id: {variable: value}}
            population = simulation.get_population(plural=key)
            assert population is not None, f"{test.name}: unknown output {key}"
            for instance, values in expected.items():
                for name, value in values.items():
                    _check(simulation, test, name, value, population.get_index(instance))


def test_there_is_a_case_for_every_component_household_type_and_date_switch():
    texts = {path.stem: path.read_text(encoding="utf-8") for path in CASES_DIR.glob("*.yaml")}
    text = " ".join(texts.values())
    for component in (
        "unemployment_benefit",
        "expense_allowance",
        "sickness_allowance",
        "rehabilitation_allowance",
        "maintenance_allowance",
        "child_benefit",
        "housing_allowance",
        "social_assistance",
        "social_assistance_basic_amount",
        "income_tax",
    ):
        assert f"{component}:" in text, component
    # every date switch: students 1.8.2025, social assistance 1.3.2026, yleistuki 1.5.2026
    for month in ("2025-07", "2025-08", "2026-02", "2026-03", "2026-04", "2026-05"):
        assert f"period: {month}" in texts["households"], month
    # every household role and tenure
    for word in ("applicants:", "partners:", "children:", "adult_children:"):
        assert word in texts["households"], word
    for tenure in ("tenure: rent", "tenure: owner", "tenure: right_of_occupancy"):
        assert tenure in texts["households"], tenure


def test_openfisca_test_runs_the_cases_against_the_country_package():
    """`openfisca test` finds `rules.CountryTaxBenefitSystem` and passes every case."""
    command = Path(sys.executable).parent / "openfisca"
    done = subprocess.run(  # noqa: S603 (our own venv's openfisca on our cases)
        [str(command), "test", "--country-package", "rules", str(CASES_DIR)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
