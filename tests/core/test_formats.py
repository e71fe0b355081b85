import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from polku.core.money import format_euros


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1234.56"), "1\u00a0234,56\u00a0€"),
        (Decimal("800.015"), "800,02\u00a0€"),
        (0, "0,00\u00a0€"),
        (Decimal("-37.21"), "−37,21\u00a0€"),
        (1234567, "1\u00a0234\u00a0567,00\u00a0€"),
    ],
)
def test_money_is_written_the_finnish_way(amount, text):
    assert format_euros(amount) == text


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_money_text_reads_back_to_the_same_amount(amount):
    text = format_euros(amount).replace("\u00a0€", "").replace("\u00a0", "").replace(",", ".")
    assert Decimal(text.replace("−", "-")) == amount


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_dates_are_d_m_yyyy_in_every_language(language):
    with translation.override(language):
        rendered = Template("{{ day|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"day": dt.date(2026, 3, 1)})
        )
    assert rendered == "1.3.2026"
