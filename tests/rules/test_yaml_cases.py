"""The rules' own YAML test cases (rules/tests/*.yaml, OpenFisca's test format for a single
person), each run as one pytest case against the real tax-benefit system."""

from pathlib import Path

import numpy as np
import pytest
import yaml
from openfisca_core.simulation_builder import SimulationBuilder

from rules.system import system

CASES_DIR = Path(__file__).resolve().parents[2] / "rules" / "tests"


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(case, id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize("case", list(_cases()))
def test_yaml_case(case):
    period = str(case["period"])
    simulation = SimulationBuilder().build_default_simulation(system(), count=1)
    for name, value in (case.get("input") or {}).items():
        simulation.set_input(name, period, np.array([value]))
    margin = case.get("absolute_error_margin", 0.005)
    for name, expected in case["output"].items():
        actual = float(simulation.calculate(name, period)[0])
        assert actual == pytest.approx(expected, abs=margin), name


def test_there_is_a_case_for_every_component_and_date_switch():
    text = " ".join(path.read_text(encoding="utf-8") for path in CASES_DIR.glob("*.yaml"))
    for component in (
        "unemployment_benefit",
        "expense_allowance",
        "sickness_allowance",
        "rehabilitation_allowance",
        "maintenance_allowance",
        "housing_allowance",
        "social_assistance",
        "income_tax",
    ):
        assert f"{component}:" in text, component
    for month in ("2026-02", "2026-03", "2026-04", "2026-05"):
        assert f"period: {month}" in text, month
