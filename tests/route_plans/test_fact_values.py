"""The parser of typed fact values (Hypothesis): amounts in Finnish or plain notation round
to cents, out-of-range and non-numbers are refused with the field named; the household's
birth years, form of housing and withholding percentage likewise."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from polku.route_plans.services import MONEY_LIMITS, _clean_value

THIS_YEAR = dt.date.today().year


@given(st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2))
def test_money_round_trips_in_finnish_notation(amount):
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    assert _clean_value("annual_earned_income", text) == amount
    assert _clean_value("annual_earned_income", str(amount)) == amount


@pytest.mark.parametrize("name", sorted(MONEY_LIMITS))
@given(amount=st.decimals(min_value=0, max_value=Decimal("1e12"), places=2))
def test_monthly_amounts_stop_where_the_rules_stop(name, amount):
    """A wage of 1e9 or a rent of 50 000 € a month is refused naming the field (the rules
    engine would refuse it: design17.md), never clipped."""
    if amount <= MONEY_LIMITS[name]:
        assert _clean_value(name, str(amount)) == amount
    else:
        with pytest.raises(ValidationError) as error:
            _clean_value(name, str(amount))
        assert name in error.value.message_dict


@given(st.lists(st.integers(min_value=1900, max_value=THIS_YEAR), min_size=1, max_size=20))
def test_birth_years_are_kept_oldest_first(years):
    text = ", ".join(str(y) for y in years)
    assert _clean_value("children_birth_years", text) == sorted(years)
    assert _clean_value("children_birth_years", years) == sorted(years)


@given(st.integers(min_value=THIS_YEAR + 1, max_value=9999))
def test_a_birth_year_in_the_future_is_refused(year):
    with pytest.raises(ValidationError) as error:
        _clean_value("children_birth_years", f"2014, {year}")
    assert f"{year} is in the future" in " ".join(error.value.message_dict["children_birth_years"])


@pytest.mark.parametrize("text", ["14", "2014.5", "kaksi", "1899", "2014, 20177"])
def test_a_birth_year_is_four_digits_from_1900(text):
    with pytest.raises(ValidationError) as error:
        _clean_value("children_birth_years", text)
    assert "children_birth_years" in error.value.message_dict


def test_no_children_is_known_and_unknown_is_none():
    assert _clean_value("children_birth_years", []) == []
    assert _clean_value("children_birth_years", "") is None
    assert _clean_value("children_birth_years", None) is None


@given(st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False))
def test_withholding_percentage_from_0_to_100_in_hundredths(percent):
    text = str(percent).replace(".", ",")
    if 0 <= percent <= 100 and percent == percent.quantize(Decimal("0.01")):
        assert _clean_value("withholding_percent", text) == percent
    else:
        with pytest.raises(ValidationError) as error:
            _clean_value("withholding_percent", text)
        assert "withholding_percent" in error.value.message_dict


@pytest.mark.parametrize("value", ["rent", "owner", "right_of_occupancy"])
def test_tenure_is_one_of_three(value):
    assert _clean_value("tenure", value) == value


@pytest.mark.parametrize("value", ["Rent", "renting", "0"])
def test_another_tenure_is_refused(value):
    with pytest.raises(ValidationError) as error:
        _clean_value("tenure", value)
    assert "tenure" in error.value.message_dict


@given(st.decimals(max_value=Decimal("-0.01"), allow_nan=False, allow_infinity=False, places=2))
def test_negative_money_is_refused(amount):
    with pytest.raises(ValidationError) as error:
        _clean_value("housing_cost", str(amount))
    assert "housing_cost" in error.value.message_dict


@given(st.text(alphabet="abcxyz€%$-", min_size=1, max_size=8))
def test_words_are_not_amounts(text):
    with pytest.raises(ValidationError):
        _clean_value("annual_earned_income", text)


@given(st.integers())
def test_counts_are_whole_numbers_in_range(number):
    if 0 <= number <= 600:
        assert _clean_value("children_in_household", number) == number
    else:
        with pytest.raises(ValidationError):
            _clean_value("children_in_household", number)


@pytest.mark.parametrize(
    ("text", "value"), [("true", True), ("no", False), ("", None), (None, None)]
)
def test_yes_no_unknown(text, value):
    assert _clean_value("on_sick_leave", text) is value
