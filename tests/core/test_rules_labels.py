"""The engine's explanations in the reader's language (polku.core.rules_labels): the real
engine's output for a month, rendered in Finnish, Swedish and English — formula in words,
parameters by name with their units, dates d.m.yyyy, sources in the language."""

import datetime as dt
import re

import pytest
from django.utils import translation

from polku.core import rules_labels
from rules import api

SITUATION = {
    "month": "2026-06",
    "person": {
        "birth_date": "1988-03-15",
        "adults_in_household": 1,
        "children_in_household": 0,
        "unemployment_benefit": True,
        "housing_cost": 600,
        "annual_earned_income": 12000,
    },
    "alternatives": [
        {"id": "now", "kind": "status_quo"},
        {"id": "trial", "kind": "work_trial", "attendance_days": 18},
        {"id": "sick", "kind": "sickness_allowance"},
    ],
}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CODE_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z_]+\.[a-z_]+\b")


def _explained():
    result = api.calculate(SITUATION)
    for alternative in result["alternatives"]:
        for component in alternative["components"]:
            yield component["id"], rules_labels.explanation(component["explanation"])


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_explanation_reads_in_the_language_with_dates_d_m_yyyy(language):
    seen = 0
    with translation.override(language):
        for component_id, explained in _explained():
            label = rules_labels.component_label(component_id)
            assert not CODE_NAME.search(label)
            assert explained["formula"]
            for parameter in explained["parameters"]:
                text = (
                    f"{parameter['label']}: {parameter['value_text']} "
                    f"({parameter['valid_from_text']}; {parameter['source']})"
                )
                assert not ISO_DATE.search(text.replace("https://www.kela.fi/news", "")), text
                assert not CODE_NAME.search(parameter["label"]), text
                assert re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", parameter["valid_from_text"])
                seen += 1
    assert seen > 10


def test_finnish_formula_words_values_and_sources():
    with translation.override("fi"):
        explained = dict(_explained())
        unemployment = explained["unemployment_benefit"]
        assert unemployment["formula"].startswith("Päiväraha, josta vähennetään 50 senttiä")
        by_name = {p["name"]: p for p in unemployment["parameters"]}
        assert by_name["unemployment.daily_amount"]["label"] == "Työttömyysetuus päivältä"
        assert by_name["unemployment.daily_amount"]["value_text"] == "37,21\u00a0€"
        assert by_name["unemployment.payment_days_per_month"]["value_text"] == "21,5 päivää"
        assert by_name["unemployment.earnings_adjustment_rate"]["value_text"] == "50\u00a0%"
        assert by_name["unemployment.earnings_adjustment_rate"]["valid_from_text"] == "1.4.2024"
        assert by_name["unemployment.yleistuki_from"]["value_text"] == "kyllä"
        assert (
            "Kelan tiedote 18.3.2024" in by_name["unemployment.earnings_adjustment_rate"]["source"]
        )
    with translation.override("sv"):
        unemployment = dict(_explained())["unemployment_benefit"]
        by_name = {p["name"]: p for p in unemployment["parameters"]}
        assert by_name["unemployment.payment_days_per_month"]["value_text"] == "21,5 dagar"
        assert "FPA:s pressmeddelande" in by_name["unemployment.earnings_adjustment_rate"]["source"]


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (37.21, "currency-EUR", "37,21\u00a0€"),
        (35769, "currency-EUR", "35\u00a0769,00\u00a0€"),
        (0.0895, "/1", "8,95\u00a0%"),
        (0.2, "/1", "20\u00a0%"),
        (25, "day", "25 päivää"),
        (1, "day", "1 päivä"),
        (64, "year", "64 vuotta"),
        (2009, "calendar-year", "2009"),
        (0, "flag", "ei"),
        (21.5, "", "21,5"),
    ],
)
def test_values_with_their_units_in_finnish(value, unit, expected):
    with translation.override("fi"):
        assert rules_labels.value_text(value, unit) == expected


def test_unknown_code_names_never_show_as_such():
    with translation.override("fi"):
        assert "_" not in rules_labels.rule_label("no_such_rule")
        assert "_" not in rules_labels.component_label("no_such_component")
        assert rules_labels.date_text(dt.date(2026, 12, 2)) == "2.12.2026"
        assert rules_labels.date_text("2023-01-01") == "1.1.2023"
