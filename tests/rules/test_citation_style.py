"""The rules engine's parameter texts cite laws in each language's style (rules.citations):
fi "lapsilisälaki (796/1992) 7 §", sv "barnbidragslagen (796/1992) 7 §", en "Child Benefit Act
(796/1992), section 7" — never the English "§ 7" nor a statute number without parentheses.
The pages show `sources` in the reader's language (polku.core.rules_labels.source_text), so a
Finnish page shows the Finnish citation."""

import re
from pathlib import Path

import pytest
import yaml

from rules import citations

PARAMETERS = Path(__file__).resolve().parents[2] / "rules" / "parameters"
FILES = sorted(PARAMETERS.rglob("*.yaml"))


def _texts(path: Path) -> list[tuple[str, str, str]]:
    """(where, language, text) of every text of one parameter file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    metadata = data.get("metadata") or {}
    found = [
        ("description", "en", data.get("description") or ""),
        ("reference", "en", data.get("reference") or ""),
        ("metadata.unverified", "en", str(metadata.get("unverified") or "")),
    ]
    sources = metadata.get("sources") or {}
    found += [(f"metadata.sources.{lang}", lang, sources.get(lang) or "") for lang in sources]
    return found


def test_every_parameter_text_cites_laws_in_its_languages_style():
    problems = [
        f"{path.relative_to(PARAMETERS)} {where}: {problem}"
        for path in FILES
        for where, language, text in _texts(path)
        for problem in citations.style_problems(text, language)
    ]
    assert problems == []


def test_a_cited_law_has_its_source_in_finnish_and_swedish_too():
    """A parameter whose English source cites a law's section has that section in its Finnish
    and Swedish sources as well (the Finnish page shows the Finnish one); a section in a
    chapter as fi "(1290/2002) 3 luku 1 §", sv "(1290/2002) 3 kap. 1 §"."""
    checked = 0
    for path in FILES:
        texts = {where: text for where, _, text in _texts(path)}
        english = texts.get("metadata.sources.en", "")
        for chapter, section in re.findall(r"(?:chapter (\d+), )?\bsection (\d+)", english):
            checked += 1
            for language, in_chapter in (("fi", "luku"), ("sv", "kap.")):
                cited = f"{chapter} {in_chapter} {section} §" if chapter else f"{section} §"
                assert f") {cited}" in texts.get(f"metadata.sources.{language}", ""), path
    assert checked >= 30  # child benefit, housing allowance


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Child Benefit Act 796/1992 § 7"),
        ("en", "the Act on Social Assistance 9 §"),
        ("fi", "lapsilisälaki 796/1992 7 §"),
        ("fi", "Terveydenhuoltolaki 1326/2010, 13 §"),
        ("sv", "Hälso- och sjukvårdslag 1326/2010, 13 §"),
        ("sv", "barnbidragslagen § 7"),
    ],
)
def test_the_wrong_styles_are_found(language, text):
    assert citations.style_problems(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Child Benefit Act (796/1992), section 7; HE 75/2023; Kela decision 11/2025"),
        ("fi", "lapsilisälaki (796/1992) 7 §; Kelan päätös 11/2025"),
        ("sv", "hälso- och sjukvårdslagen (1326/2010) 13 §; RP 75/2023"),
    ],
)
def test_the_right_styles_pass(language, text):
    assert citations.style_problems(text, language) == []


def test_the_package_stays_free_of_django():
    source = Path(citations.__file__).read_text(encoding="utf-8")
    assert "django" not in source.split('"""', 2)[2]  # past the docstring


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fi", "lapsilisälaki (796/1992) 7 §"),
        ("sv", "barnbidragslagen (796/1992) 7 §"),
        ("en", "Child Benefit Act (796/1992), section 7"),
    ],
)
def test_a_page_shows_the_parameters_source_in_its_language(language, shown):
    """What a route plan's formula shows for a parameter (polku.core.rules_labels.parameter,
    the source in the reader's language): a Finnish page the Finnish citation."""
    from django.utils import translation

    from polku.core.rules_labels import parameter
    from rules.calc import parameter_info

    info = parameter_info("child_benefit.first", "2026-01")
    with translation.override(language):
        source = parameter(info)["source"]
    assert source.endswith(shown)
