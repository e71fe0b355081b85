"""The public HSDS API's paging (DRF pagination keeping HSDS 3.0's page shape) and its rate
limit (DRF throttling, 429 with a message in the reader's language)."""

import pytest

from polku.api.throttling import ScopedThrottle
from polku.catalogue.models import Service

pytestmark = pytest.mark.django_db

HSDS_PAGE = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def test_pages_keep_the_hsds_shape(client, catalogue):
    total = Service.objects.count()
    first = client.get("/api/v1/hsds/services", {"per_page": 7}).json()
    assert set(first) == HSDS_PAGE
    assert first["total_items"] == total and first["size"] == 7
    second = client.get("/api/v1/hsds/services", {"per_page": 7, "page": 2}).json()
    assert second["page_number"] == 2 and not second["first_page"]
    assert not {s["id"] for s in first["contents"]} & {s["id"] for s in second["contents"]}
    beyond = client.get("/api/v1/hsds/services", {"per_page": 7, "page": 10_000})
    assert beyond.status_code == 200
    assert beyond.json()["contents"] == [] and beyond.json()["last_page"]
    capped = client.get("/api/v1/hsds/services", {"per_page": 100_000}).json()
    assert capped["size"] == min(total, 200)


@pytest.mark.parametrize("query", [{"page": 0}, {"per_page": -1}, {"page": "two"}])
def test_a_bad_page_is_400(client, catalogue, query):
    answer = client.get("/api/v1/hsds/services", query, headers={"accept-language": "fi"})
    assert answer.status_code == 400
    assert "positiivisia kokonaislukuja" in json_text(answer)


def json_text(answer) -> str:
    return answer.content.decode()


def test_the_public_api_is_rate_limited(client, catalogue, monkeypatch):
    monkeypatch.setattr(ScopedThrottle, "THROTTLE_RATES", {"hsds": "3/min"})
    for _ in range(3):
        assert client.get("/api/v1/hsds/taxonomies").status_code == 200
    refused = client.get("/api/v1/hsds/taxonomies", headers={"accept-language": "fi"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["detail"].startswith("Liian monta pyyntöä.")
    # Counted per address: another address is not refused.
    other = client.get("/api/v1/hsds/taxonomies", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    # The professionals' API is not limited by the public API's scope.
    assert client.get("/api/v1/organisations/").status_code == 403


def _all(client, path) -> list[dict]:
    found, number = [], 1
    while True:
        page = client.get(path, {"per_page": 200, "page": number}).json()
        found += page["contents"]
        if page["last_page"]:
            return found
        number += 1


def test_every_terms_taxonomy_is_listed(client, catalogue, tmp_path):
    """With PTV's national classifications synced, /taxonomies lists each one a term names."""
    from polku.catalogue.ptv import client as ptv
    from polku.catalogue.ptv import samples, sync

    samples.write(tmp_path / "ptv", ("743", "408"), compress=False)
    sync.run(ptv.PtvClient(ptv.FolderTransport(tmp_path / "ptv")), ["743", "408"])
    taxonomies = _all(client, "/api/v1/hsds/taxonomies")
    assert taxonomies[0]["name"] == "Polku" and len(taxonomies) > 1
    terms = _all(client, "/api/v1/hsds/taxonomy_terms")
    assert {term["taxonomy_id"] for term in terms} <= {t["id"] for t in taxonomies}
