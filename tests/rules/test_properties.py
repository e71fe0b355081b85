"""Properties of the rules over random situations (Hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import api

months = st.sampled_from(["2025-06", "2026-02", "2026-03", "2026-06", "2026-12"])
wages = st.integers(min_value=0, max_value=600000).map(lambda cents: cents / 100)
housing = st.integers(min_value=0, max_value=150000).map(lambda cents: cents / 100)
people = st.fixed_dictionaries(
    {
        "birth_date": st.sampled_from(["1960-07-01", "1985-01-31", "2001-11-11"]),
        "adults_in_household": st.integers(1, 2),
        "children_in_household": st.integers(0, 3),
        "unemployment_benefit": st.booleans(),
        "housing_cost": housing,
        "annual_earned_income": st.integers(0, 80000),
    }
)


def _two_wages(month, person, low, high):
    result = api.calculate(
        {
            "month": month,
            "person": person,
            "alternatives": [
                {"id": "low", "kind": "part_time_work", "gross_wage": low},
                {"id": "high", "kind": "part_time_work", "gross_wage": high},
            ],
        }
    )
    return result["alternatives"]


def _amount(alternative, component):
    return sum(c["amount"] for c in alternative["components"] if c["id"] == component)


@settings(max_examples=150, deadline=None)
@given(month=months, person=people, a=wages, b=wages)
def test_more_earnings_never_raise_the_unemployment_benefit(month, person, a, b):
    low, high = _two_wages(month, person, min(a, b), max(a, b))
    assert _amount(high, "unemployment_benefit") <= _amount(low, "unemployment_benefit")


@settings(max_examples=150, deadline=None)
@given(month=months, person=people, a=wages, b=wages)
def test_more_gross_earnings_never_lower_net_income(month, person, a, b):
    """Each component is rounded to cents on its own (Kela's convention), so two results
    may differ by a cent or two of rounding; a real income trap would be larger."""
    low, high = _two_wages(month, person, min(a, b), max(a, b))
    assert high["net"] >= low["net"] - 0.02


@settings(max_examples=150, deadline=None)
@given(
    month=months,
    person=people,
    kind=st.sampled_from(
        [
            "status_quo",
            "part_time_work",
            "work_trial",
            "sickness_allowance",
            "vocational_rehabilitation",
            "rehabilitative_work_activity",
        ]
    ),
    wage=wages,
)
def test_with_social_assistance_income_never_falls_below_basic_amount_plus_housing(
    month, person, kind, wage
):
    alternative = {"id": "x", "kind": kind, "gross_wage": wage, "attendance_days": 10}
    result = api.calculate({"month": month, "person": person, "alternatives": [alternative]})
    only = result["alternatives"][0]
    assistance = next((c for c in only["components"] if c["id"] == "social_assistance"), None)
    basic = {"2026-03": 578.43, "2026-06": 578.43, "2026-12": 578.43, "2026-02": 596.32}.get(
        month, 587.71
    )
    floor = basic * person["adults_in_household"] + person["housing_cost"]
    assert only["net"] >= floor - 0.02
    if assistance is not None:
        assert assistance["amount"] > 0
