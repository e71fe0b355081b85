"""rules.api.calculate / calculate_months: the calc format, explanations, bad input."""

import datetime as dt

import pytest

from rules import api
from rules.errors import InputError
from rules.references import INCOME_COMPONENTS

PERSON = {
    "birth_date": "1988-03-15",
    "adults_in_household": 1,
    "children_in_household": 0,
    "unemployment_benefit": True,
    "housing_cost": 600,
}


def situation(*alternatives, month="2026-06", person=PERSON):
    return {"month": month, "person": person, "alternatives": list(alternatives)}


def test_output_has_the_documented_shape_and_every_euro_is_explained():
    result = api.calculate(
        situation(
            {"id": "now", "kind": "status_quo"},
            {"id": "trial", "kind": "work_trial", "attendance_days": 18},
        )
    )
    assert [a["id"] for a in result["alternatives"]] == ["now", "trial"]
    for alternative in result["alternatives"]:
        total = sum(c["amount"] for c in alternative["components"])
        assert alternative["gross"] == pytest.approx(total, abs=0.005)
        assert alternative["net"] == pytest.approx(alternative["gross"] - alternative["tax"])
        for component in alternative["components"]:
            assert component["id"] in INCOME_COMPONENTS
            explanation = component["explanation"]
            assert explanation["formula"]
            assert explanation["formula_id"] == component["id"]
            assert explanation["parameters"]
            for parameter in explanation["parameters"]:
                assert {"name", "value", "unit", "valid_from", "source", "sources"} <= set(
                    parameter
                )
                assert isinstance(parameter["valid_from"], dt.date)
                assert set(parameter["sources"]) == {"fi", "sv", "en"}
    trial = result["alternatives"][1]
    assert {c["id"]: c["amount"] for c in trial["components"]}["expense_allowance"] == 162.0


def test_the_law_is_chosen_by_the_month():
    before = api.calculate(situation({"id": "a", "kind": "status_quo"}, month="2026-02"))
    after = api.calculate(situation({"id": "a", "kind": "status_quo"}, month="2026-03"))

    def basic_amount(result):
        component = next(
            c for c in result["alternatives"][0]["components"] if c["id"] == "social_assistance"
        )
        return next(
            p
            for p in component["explanation"]["parameters"]
            if p["name"] == "social_assistance.basic_amount"
        )

    assert basic_amount(before)["value"] == 596.32
    assert basic_amount(after)["value"] == 578.43
    assert basic_amount(after)["valid_from"] == dt.date(2026, 3, 1)


def test_unverified_parameters_are_marked():
    result = api.calculate(situation({"id": "a", "kind": "status_quo"}))
    parameters = [
        p for c in result["alternatives"][0]["components"] for p in c["explanation"]["parameters"]
    ]
    unverified = {p["name"] for p in parameters if p["unverified"]}
    assert "housing_allowance.max_cost_one_person" in unverified
    assert "unemployment.daily_amount" not in unverified


def test_months_are_computed_in_one_call_and_agree_with_single_months():
    base = situation({"id": "a", "kind": "part_time_work", "gross_wage": 900})
    months = api.calculate_months(base, ["2026-04", "2026-05", "2026-06"])
    assert list(months) == ["2026-04", "2026-05", "2026-06"]
    for month, result in months.items():
        assert result == api.calculate({**base, "month": month})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"month": "2026-13"}, "not a month"),
        ({"month": "26-01"}, "YYYY-MM"),
        ({"month": "2019-01"}, "encoded from"),
        ({"alternatives": [{"id": "x", "kind": "lottery"}]}, "unknown kind"),
        ({"alternatives": [{"id": "x", "kind": "part_time_work", "gross_wage": -1}]}, "negative"),
        ({"alternatives": [{"id": "x", "kind": "work_trial"}]}, "attendance_days: required"),
        ({"alternatives": []}, "non-empty"),
        ({"alternatives": [{"id": "x", "kind": "status_quo", "partial": True}]}, "partial: only"),
        ({"person": {**PERSON, "birth_date": "1990-02-30"}}, "birth_date"),
        ({"person": {**PERSON, "birth_date": "2030-01-01"}}, "before the month"),
        ({"person": {**PERSON, "housing_cost": -100}}, "negative"),
        ({"person": {**PERSON, "unemployment_benefit": "yes"}}, "true or false"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(change, message):
    bad = {**situation({"id": "a", "kind": "status_quo"}), **change}
    with pytest.raises(InputError, match=message):
        api.calculate(bad)


def test_income_traps_are_named_not_hidden():
    result = api.calculate(
        situation(
            {"id": "now", "kind": "status_quo"},
            {"id": "small_job", "kind": "part_time_work", "gross_wage": 100},
        )
    )
    traps = api.income_traps(result, "now")
    # Social assistance falls by the net wage while tax is withheld: 100 € of work changes
    # nothing or less; the function reports only real traps (net lower than today).
    for trap in traps:
        assert trap["net_change"] < 0 and trap["earnings_gain"] > 0


def test_a_partial_allowance_is_half():
    full, partial = api.calculate(
        situation(
            {"id": "full", "kind": "vocational_rehabilitation"},
            {"id": "half", "kind": "vocational_rehabilitation", "partial": True},
            person={**PERSON, "annual_earned_income": 30000},
        )
    )["alternatives"]

    def allowance(alternative):
        return next(
            c["amount"] for c in alternative["components"] if c["id"] == "rehabilitation_allowance"
        )

    assert allowance(full) == 1593.5
    assert allowance(partial) == 796.75
