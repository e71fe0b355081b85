"""The map's legal basis cites each law in its language's style, written by the loader from
the citations in services.yaml with the same mechanism as the early warnings' legal sources
(polku.core.citations.cite): "Terveydenhuoltolaki (1326/2010) 13 §", "Hälso- och
sjukvårdslagen (1326/2010) 13 §", "Health Care Act (1326/2010), section 13". Every text
shipped in services.yaml is scanned for the styles wrong in its language (rules.citations)."""

import re

import pytest
from django.utils import translation

from polku.catalogue import loader
from polku.catalogue.models import Service
from polku.core.citations import Citation, cite
from rules import citations

pytestmark = pytest.mark.django_db
LANGUAGES = ("fi", "sv", "en")


def _texts(value, where: str):
    """(where, language, text) of every per-language text in the shipped catalogue."""
    if isinstance(value, dict):
        if set(LANGUAGES) <= set(value):
            for language in LANGUAGES:
                if isinstance(value[language], str):
                    yield where, language, value[language]
        for key, item in value.items():
            if key not in LANGUAGES:
                yield from _texts(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{where}[{i}]")


def test_no_shipped_text_cites_a_law_in_a_style_wrong_for_its_language():
    providers, services = loader.read()
    found = list(_texts({"providers": providers, "services": services}, ""))
    assert len(found) > 500
    problems = [
        f"{where} ({language}): {problem}"
        for where, language, text in found
        for problem in citations.style_problems(text, language)
    ]
    assert problems == []


def test_every_legal_basis_is_written_in_its_languages_style(catalogue):
    entries = Service.objects.exclude(legal_basis_fi="")
    assert entries.count() >= 25
    for service in entries:
        for language in LANGUAGES:
            text = getattr(service, f"legal_basis_{language}")
            assert citations.style_problems(text, language) == [], (service.slug, text)
    health_check = Service.objects.get(slug="tyottomien-terveystarkastus")
    assert health_check.legal_basis_fi == "Terveydenhuoltolaki (1326/2010) 13 §"
    assert health_check.legal_basis_sv == "Hälso- och sjukvårdslagen (1326/2010) 13 §"
    assert health_check.legal_basis_en == "Health Care Act (1326/2010), section 13"
    # The same words as the early warning that suggests the same health check.
    for language in LANGUAGES:
        with translation.override(language):
            expected = cite(Citation("Health Care Act", "1326/2010", "13"))
        assert getattr(health_check, f"legal_basis_{language}") == expected
    # Two laws: the second in running text (lower case in Finnish and Swedish).
    trial = Service.objects.get(slug="tyokokeilu")
    assert trial.legal_basis_sv.endswith("; lagen om utkomstskydd för arbetslösa (1290/2002)")
    assert trial.legal_basis_en.endswith("; Unemployment Security Act (1290/2002)")


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fi", "Sosiaalihuoltolaki (1301/2014) 17 §"),
        ("sv", "Socialvårdslagen (1301/2014) 17 §"),
    ],
)
def test_the_service_page_shows_the_citation_of_its_language(signed_in, catalogue, language, shown):
    signed_in.cookies["django_language"] = language
    page = signed_in.get("/map/services/sosiaalinen-kuntoutus/").content.decode()
    assert shown in page
    assert not re.search(r"§\s*\d|section \d", page)
