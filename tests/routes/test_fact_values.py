"""The parser of typed fact values (Hypothesis): amounts in Finnish or plain notation round
to cents, out-of-range and non-numbers are refused with the field named."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from polku.routes.services import _clean_value


@given(st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2))
def test_money_round_trips_in_finnish_notation(amount):
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    assert _clean_value("housing_cost", text) == amount
    assert _clean_value("housing_cost", str(amount)) == amount


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
