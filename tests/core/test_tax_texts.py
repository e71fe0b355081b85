"""The tax's explanation in the reader's language (polku.core.rules_labels on rules.tax's
explanation): the estimate's and the tax card's formula, the state scale as brackets, the
home municipality's rate — no code names, no Python notation."""

import re

from django.utils import translation

from polku.core import rules_labels
from rules import api

CODE_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z_]+\.[a-z_]+\b|[{}\[\]']")


def _household(partner: dict) -> dict:
    return {
        "month": "2026-06",
        "household": {
            "municipality": "Seinäjoki",
            "housing_cost": 700,
            "tenure": "rent",
            "members": [
                {
                    "role": "applicant",
                    "birth_date": "1985-02-01",
                    "unemployment_benefit": True,
                    "withholding_percent": 18.5,
                },
                {"role": "partner", "birth_date": "1987-06-01", "gross_wage": 3000, **partner},
            ],
        },
        "alternatives": [{"id": "now", "kind": "status_quo"}],
    }


def _tax_explained(partner: dict) -> dict:
    result = api.calculate(_household(partner))
    return rules_labels.explanation(result["alternatives"][0]["tax_explanation"])


def test_the_estimate_reads_in_finnish_with_the_scale_and_the_municipal_rate():
    with translation.override("fi"):
        explained = _tax_explained({})
        assert explained["formula"].startswith("Arvio, ei verokortti")
        by_name = {p["name"]: p for p in explained["parameters"]}
        scale = by_name["tax.state_scale"]
        assert scale["label"] == "Valtion tuloveroasteikko"
        assert scale["value_text"].startswith("12,64\u00a0% 0,00\u00a0€ alkaen; 19\u00a0% 22")
        rate = by_name["tax.municipal_rate"]
        assert rate["label"] == "Kotikunnan kunnallisveroprosentti"
        assert rate["value_text"] == "9,2\u00a0%"
        assert rate["valid_from_text"] == "1.1.2026" and rate["unverified"]
        for parameter in explained["parameters"]:
            assert not CODE_NAME.search(parameter["label"] + " " + parameter["value_text"])


def test_with_tax_cards_the_formula_is_the_tax_card_s():
    with translation.override("sv"):
        explained = _tax_explained({"withholding_percent": 20})
        assert explained["formula"].startswith("Förskottsinnehållningsprocenten på skattekortet")
        assert explained["parameters"] == []
