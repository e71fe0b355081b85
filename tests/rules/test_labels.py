"""The one registry of names for the engine's code names (rules.labels) is complete, and every
parameter carries what an explanation needs in the reader's language: a unit and its source
in Finnish, Swedish and English."""

from pathlib import Path

import pytest
import yaml

from rules import labels
from rules.calc import FORMULAS, TAX_PARAMETERS
from rules.references import ELIGIBILITY_RULES, INCOME_COMPONENTS

PARAMETERS = Path(__file__).resolve().parents[2] / "rules" / "parameters"
FILES = sorted(PARAMETERS.rglob("*.yaml"))
UNITS = {"currency-EUR", "/1", "day", "year", "calendar-year", "flag"}


def _name(path: Path) -> str:
    return ".".join(path.relative_to(PARAMETERS).with_suffix("").parts)


def test_every_rule_component_and_parameter_has_a_name():
    assert set(labels.RULE_LABELS) == set(ELIGIBILITY_RULES)
    assert set(INCOME_COMPONENTS) | {"income_tax"} == set(labels.COMPONENT_LABELS)
    assert {_name(path) for path in FILES} == set(labels.PARAMETER_LABELS)
    used = {p for _, parameters in FORMULAS.values() for p in parameters} | set(TAX_PARAMETERS)
    assert used <= set(labels.PARAMETER_LABELS)
    for text in [*labels.RULE_LABELS.values(), *labels.PARAMETER_LABELS.values()]:
        assert "_" not in text and text[0].isupper()


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_every_parameter_has_a_unit_and_a_source_in_each_language(path):
    metadata = yaml.safe_load(path.read_text(encoding="utf-8"))["metadata"]
    assert metadata["unit"] in UNITS
    sources = metadata["sources"]
    assert set(sources) == {"fi", "sv", "en"}
    assert all(isinstance(text, str) and text.strip() for text in sources.values())
    # The Finnish and Swedish sources are translated, not copied from the English one
    # (a bare address is the same in every language).
    if " " in sources["en"]:
        assert sources["fi"] != sources["en"] and sources["sv"] != sources["en"]
