"""A law citation as data: the law's English name (a key of `LAWS`), its number in the
statute book and, where one is meant, its section. Plain Python, no Django: the early-warning
rules (polku.assessment.early_warnings) and the map's catalogue build their citations with it;
the product writes them in each language's style with polku.core.citations.cite:

* fi "Terveydenhuoltolaki (1326/2010) 13 §"
* sv "Hälso- och sjukvårdslagen (1326/2010) 13 §" (the definite form)
* en "Health Care Act (1326/2010), section 13" (never "§ 13")

A law without a number in the statute book yet (yleistuki, from 1.5.2026) is cited by its name
alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .i18n import gettext_noop

# The laws Polku cites, by their English names: gettext msgids, whose translations are the
# Finnish name (as in Finlex) and the Swedish one (in the definite form).
LAWS: tuple[str, ...] = (
    gettext_noop("Health Care Act"),
    gettext_noop("Health Insurance Act"),
    gettext_noop("Occupational Health Care Act"),
    gettext_noop("Unemployment Security Act"),
    gettext_noop("Act on the General Social Security Benefit"),
    gettext_noop("Act on Kela Rehabilitation Benefits and Rehabilitation Allowance Benefits"),
    gettext_noop("Act on General Housing Allowance"),
    gettext_noop("Act on Social Assistance"),
    gettext_noop("Act on the Organisation of Employment Services"),
    gettext_noop("Act on Public Employment and Business Service"),
    gettext_noop("Act on Multisectoral Cooperation Promoting Employment"),
    gettext_noop("Social Welfare Act"),
    gettext_noop("Act on Rehabilitative Work Activity"),
    gettext_noop("Act on State Compensation to Providers of Shelter Services"),
    gettext_noop("Child Benefit Act"),
)


@dataclass(frozen=True)
class Citation:
    """A law (its English name, a key of `LAWS`), its number in the statute book
    ("1326/2010"; empty while it has none) and a section ("13"; empty for the whole law)."""

    law: str
    number: str = ""
    section: str = ""

    def __str__(self) -> str:
        """In English: "Health Care Act (1326/2010), section 13"."""
        cited = f"{self.law} ({self.number})" if self.number else self.law
        return f"{cited}, section {self.section}" if self.section else cited


# Citation styles that are wrong in a language, with what to write instead (the scan of the
# shipped texts, tests/rules/test_citation_style.py and tests/catalogue/test_citation_style.py).
# The statute numbers of the laws Polku cites (rules/parameters, the catalogue, the early
# warnings): each stands in parentheses right after the law's name.
STATUTE_NUMBERS = (
    "1326/2010",
    "1224/2004",
    "1383/2001",
    "1290/2002",
    "566/2005",
    "938/2014",
    "1412/1997",
    "380/2023",
    "916/2012",
    "381/2023",
    "1301/2014",
    "189/2001",
    "1354/2014",
    "796/1992",
    "1535/1992",
    "998/1993",
)
_NUMBER_WITHOUT_PARENTHESES = (
    r"(?<!\()\b(?:" + "|".join(re.escape(n) for n in STATUTE_NUMBERS) + r")\b",
    "the statute number in parentheses after the law's name: Terveydenhuoltolaki (1326/2010)",
)
WRONG_STYLES: dict[str, tuple[tuple[str, str], ...]] = {
    "fi": (
        (r"§\s*\d", "the section before its sign: 13 §, not § 13"),
        (r"\d{1,4}/\d{4},\s*\d+\s*[a-z]?\s*§", "no comma before the section: (1326/2010) 13 §"),
        _NUMBER_WITHOUT_PARENTHESES,
    ),
    "sv": (
        (r"§\s*\d", "the section before its sign: 13 §, not § 13"),
        (r"\d{1,4}/\d{4},\s*\d+\s*[a-z]?\s*§", "no comma before the section: (1326/2010) 13 §"),
        (r"\b[A-ZÅÄÖ]?[a-zåäö-]+lag\s+\(?\d", "the law's name in the definite form: -lagen (…)"),
        _NUMBER_WITHOUT_PARENTHESES,
    ),
    "en": (
        (r"§", 'no section sign in English: "Health Care Act (1326/2010), section 13"'),
        _NUMBER_WITHOUT_PARENTHESES,
    ),
}


def style_problems(text: str, language: str) -> list[str]:
    """What in `text` (in `language`: fi, sv or en) cites a law in a style wrong for the
    language, each with the piece of text and what to write instead."""
    problems = []
    for pattern, instead in WRONG_STYLES[language]:
        for match in re.finditer(pattern, text):
            problems.append(f"{match.group(0)!r}: {instead}")
    return problems
