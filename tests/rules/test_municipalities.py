"""rules.municipalities: the 308 municipalities of 2025, the housing allowance's municipality
groups, and the lookup of a code from a Finnish or Swedish name."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import municipalities as m

CODES = sorted(m.MUNICIPALITIES)


def test_the_308_municipalities_of_2025_with_their_official_codes():
    assert len(m.MUNICIPALITIES) == 308
    assert all(0 < code < 1000 for code in CODES)
    # Spot checks against Statistics Finland's classification.
    assert m.MUNICIPALITIES[91] == ("Helsinki", "Helsingfors")
    assert m.MUNICIPALITIES[853] == ("Turku", "Åbo")
    assert m.MUNICIPALITIES[743] == ("Seinäjoki", "Seinäjoki")
    assert m.MUNICIPALITIES[599] == ("Pedersören kunta", "Pedersöre")
    # Pertunmaa (588) was joined to Mäntyharju (507) on 1.1.2025.
    assert 588 not in m.MUNICIPALITIES and 507 in m.MUNICIPALITIES


def test_housing_groups_from_2025():
    by_group: dict[int, set[str]] = {}
    for code, group in m.HOUSING_GROUP.items():
        by_group.setdefault(group, set()).add(m.MUNICIPALITIES[code][0])
    assert by_group[1] == {"Helsinki"}
    assert by_group[2] == {"Espoo", "Kauniainen", "Vantaa"}
    assert len(by_group[3]) == 24 and {"Riihimäki", "Tampere", "Seinäjoki"} <= by_group[3]
    # Moved to the lowest group on 1.1.2025.
    for town in ("Kajaani", "Kouvola", "Lappeenranta", "Mikkeli", "Pori", "Vaasa"):
        assert m.housing_group(m.code_for(town)) == 4
    assert set(m.HOUSING_GROUP.values()) == {1, 2, 3}
    assert m.housing_group(0) == 4


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Seinäjoki", 743),
        ("  helsingfors ", 91),
        ("VANTAA", 92),
        ("Hameenlinna", 109),  # without accents
        ("Åbo", 853),
        ("abo", 853),
        ("Maarianhamina – Mariehamn", 478),  # Statistics Finland's bilingual form
        ("Mänttä - Vilppula", 508),
        ("Koski Tl", 284),
        ("Pertunmaa", 507),  # joined to Mäntyharju
    ],
)
def test_code_for_finnish_and_swedish_names(name, code):
    assert m.code_for(name) == code


@pytest.mark.parametrize("name", ["", "   ", "Stockholm", "Helsinki 2", "Tampere, Finland"])
def test_code_for_an_unknown_name_is_none(name):
    assert m.code_for(name) is None


def test_name_of():
    assert m.name_of(853) == "Turku"
    assert m.name_of(853, "sv") == "Åbo"
    assert m.name_of(0) is None


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@given(
    code=st.sampled_from(CODES),
    swedish=st.booleans(),
    upper=st.lists(st.booleans(), min_size=40, max_size=40),
    before=st.text(alphabet=" \t", max_size=3),
    after=st.text(alphabet=" \t\n", max_size=3),
    accents=st.booleans(),
)
def test_every_name_in_any_case_with_spaces_finds_its_code(
    code, swedish, upper, before, after, accents
):
    name = m.MUNICIPALITIES[code][1 if swedish else 0]
    if not accents:
        name = _strip_accents(name)
    mixed = "".join(
        c.upper() if u else c.lower() for c, u in zip(name, upper + [False] * 40, strict=False)
    )
    assert m.code_for(before + mixed + after) == code


@given(st.text(max_size=30))
def test_code_for_returns_a_known_code_or_none(text):
    code = m.code_for(text)
    assert code is None or code in m.MUNICIPALITIES
