"""Every service page of the map, and the map's lists, speak the reader's language: no
English notes, no rules-engine code names, no ISO dates (tests/visible_language.py) — all
47 entries, in Finnish and in Swedish (and in English: no code names or ISO dates)."""

import pytest

from polku.catalogue.models import Service
from tests.conftest import login
from tests.visible_language import findings, html_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_service_page_and_the_map_in_the_readers_language(
    client, coordinator, catalogue, language
):
    http = login(client, coordinator)
    http.cookies["django_language"] = language
    slugs = list(Service.objects.order_by("slug").values_list("slug", flat=True))
    assert len(slugs) >= 47
    found = []
    for path in ["/map/", "/map/services/", *(f"/map/services/{slug}/" for slug in slugs)]:
        response = http.get(path)
        assert response.status_code == 200, path
        text = html_text(response.content.decode())
        found += [f"{path}: {problem}" for problem in findings(text, language)]
    assert not found, "\n".join(found)


def test_the_checker_finds_what_the_issue_found():
    """The words the issue found on the Finnish pages are found (the test can fail)."""
    text = (
        "Tiedot: Not in the facts file beyond its name. Sääntö: unemployment_benefit. "
        "Työttömyysturvalaki 1290/2002 (until 30.4.2026); voimassa 2023-01-01 alkaen."
    )
    found = " ".join(findings(text, "fi"))
    for expected in ("'Not in'", "'unemployment_benefit'", "'until'", "'2023-01-01'", "'the'"):
        assert expected in found
    assert not findings("Lähde: https://www.kela.fi/news, kela.fi, tuki@kela.fi", "fi")
