import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polku.clients import hetu


@pytest.mark.parametrize(
    ("code", "birth"),
    [
        ("131052-308T", dt.date(1952, 10, 13)),  # DVV's published example
        ("010100A902J", dt.date(2000, 1, 1)),
        ("010594Y9032", dt.date(1994, 5, 1)),  # new century sign from 2023
        ("010850+9023", dt.date(1850, 8, 1)),
    ],
)
def test_valid_codes_parse_with_birth_date(code, birth):
    assert hetu.parse(code).birth_date == birth


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("131052-308", "length"),
        ("131052-308U", "checksum"),
        ("131052*308T", "century"),
        ("311152-308T", "date"),  # 31 November does not exist
        ("2902x9-123A", "format"),
        ("010190-001A", "individual"),
    ],
)
def test_invalid_codes_name_the_reason(code, reason):
    with pytest.raises(hetu.InvalidHetu) as error:
        hetu.parse(code)
    assert error.value.code == reason


def test_masking_shows_only_the_birth_date_part():
    assert hetu.parse("131052-308T").masked == "131052-****"


def test_lower_case_and_spaces_are_normalised():
    assert hetu.parse(" 131052-308t ").value == "131052-308T"


@given(
    birth=st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)),
    number=st.integers(min_value=2, max_value=999),
)
def test_every_built_code_round_trips(birth, number):
    parsed = hetu.parse(hetu.build(birth, number))
    assert parsed.birth_date == birth
    assert parsed.individual_number == number


@given(
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    number=st.integers(min_value=2, max_value=999),
    wrong=st.sampled_from(hetu.CHECK_CHARACTERS),
)
def test_any_other_check_character_is_refused(birth, number, wrong):
    code = hetu.build(birth, number)
    if wrong != code[-1]:
        assert not hetu.is_valid(code[:-1] + wrong)


@given(st.text(max_size=20))
def test_parser_never_fails_with_anything_but_invalid_hetu(text):
    with contextlib.suppress(hetu.InvalidHetu):
        hetu.parse(text)
