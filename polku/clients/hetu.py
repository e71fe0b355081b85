"""The Finnish personal identity code (henkilötunnus, HETU): parse, validate, mask.

Pure Python with no Django import, so that batch screening and command-line tools can use it.
Format DDMMYYCZZZQ (Digital and Population Data Services Agency, DVV):
  DDMMYY  birth date;  C  century sign: '+' 1800s; '-', 'Y', 'X', 'W', 'V', 'U' 1900s;
  'A'–'F' 2000s (the extra signs are in force from 1.1.2023);
  ZZZ  individual number 002–899 (900–999 are used for temporary and test codes);
  Q  check character: "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(DDMMYYZZZ) % 31].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
CENTURIES.update({sign: 2000 for sign in "ABCDEF"})
CENTURY_SIGN = {1800: "+", 1900: "-", 2000: "A"}


class InvalidHetu(ValueError):
    """The text is not a valid henkilötunnus. ``code`` names the reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Hetu:
    value: str
    birth_date: dt.date
    individual_number: int

    @property
    def is_temporary(self) -> bool:
        """Individual numbers 900–999 are temporary or test codes (used by demo data)."""
        return self.individual_number >= 900

    @property
    def masked(self) -> str:
        """Birth-date part only, e.g. ``010190-****``: enough to tell people apart on screen."""
        return f"{self.value[:7]}****"


def normalise(text: str) -> str:
    return text.strip().upper()


def check_character(date_part: str, individual: str) -> str:
    return CHECK_CHARACTERS[int(date_part + individual) % 31]


def parse(text: str) -> Hetu:
    """Parse and validate; raise InvalidHetu with the reason."""
    value = normalise(text)
    if len(value) != 11:
        raise InvalidHetu("length", "A henkilötunnus has 11 characters, e.g. 010190-123A.")
    date_part, sign, individual, check = value[:6], value[6], value[7:10], value[10]
    if not (date_part.isdigit() and individual.isdigit()):
        raise InvalidHetu("format", "The birth date and individual number must be digits.")
    if sign not in CENTURIES:
        raise InvalidHetu("century", "The 7th character must be a century sign (-, +, A …).")
    try:
        birth_date = dt.date(
            CENTURIES[sign] + int(date_part[4:6]), int(date_part[2:4]), int(date_part[0:2])
        )
    except ValueError:
        raise InvalidHetu("date", "The birth date in the henkilötunnus does not exist.") from None
    number = int(individual)
    if number < 2:
        raise InvalidHetu("individual", "Individual numbers 000 and 001 are not in use.")
    if check != check_character(date_part, individual):
        raise InvalidHetu("checksum", "The check character does not match.")
    return Hetu(value=value, birth_date=birth_date, individual_number=number)


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except InvalidHetu:
        return False
    return True


def build(birth_date: dt.date, individual_number: int) -> str:
    """Compose a valid code (used for synthetic demo data with numbers 900–999)."""
    century = birth_date.year // 100 * 100
    if century not in CENTURY_SIGN:
        raise ValueError("Birth years 1800–2099 only.")
    if not 2 <= individual_number <= 999:
        raise ValueError("Individual number must be 002–999.")
    date_part = birth_date.strftime("%d%m") + f"{birth_date.year % 100:02d}"
    individual = f"{individual_number:03d}"
    return f"{date_part}{CENTURY_SIGN[century]}{individual}{check_character(date_part, individual)}"
