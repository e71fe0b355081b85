"""The right-of-access export says what it does not give, with the category and the legal
reason, in the PDF and in JSON — nothing is left out silently (GDPR art. 15(4), art. 11(2)).
Before, the export dropped other clients invited to the client's council session, the
professionals' network addresses, and the security codes without a word; and the client's own
network addresses (the client's data) were dropped with them."""

import io

import pytest
from django.test import RequestFactory
from django.utils import translation

from polku.audit.services import record
from polku.portal.models import CouncilSession
from polku.privacy import export, export_services
from polku.research.models import Cohort
from tests.factories import make_client

pytestmark = pytest.mark.django_db

OWN_ADDRESS = "192.0.2.41"
PROFESSIONALS_ADDRESS = "198.51.100.7"


def _from(address: str):
    return RequestFactory().get("/", REMOTE_ADDR=address)


@pytest.fixture
def client_with_others(coordinator):
    client = make_client(coordinator=coordinator, first_names="Aino")
    other = make_client(coordinator=coordinator, first_names="Toini", last_name="Toisenen")
    session = CouncilSession.objects.create(
        starts_at="2026-11-30T14:00:00+02:00", theme="Palvelupolku"
    )
    session.invited.add(client, other)
    cohort, _ = Cohort.objects.get_or_create(name="Etelä-Savon pilotti")
    cohort.clients.add(client, other)
    record(
        actor=coordinator,
        action="view",
        client=client,
        target="client",
        request=_from(PROFESSIONALS_ADDRESS),
    )
    record(
        actor=None,
        action="view",
        client=client,
        target="portal:home",
        request=_from(OWN_ADDRESS),
        details={"by": "client"},
    )
    return client, other


def _withheld(data) -> dict:
    return {item["category"]: item for item in data["withheld"]}


def test_json_names_each_withheld_category_with_its_reason(client_with_others):
    client, other = client_with_others
    with translation.override("fi"):
        data = export.as_json(
            export.build_access_export(client, recipient="client", full_hetu=True)
        )
    withheld = _withheld(data)
    assert set(withheld) == {
        "other_clients",
        "professionals_addresses",
        "security_values",
        "anonymous_feedback",
    }
    assert withheld["other_clients"]["count"] == 2  # the council session and the pilot
    assert withheld["other_clients"]["legal_basis"] == "GDPR art. 15(4)"
    assert withheld["other_clients"]["title"] == "Muut asiakkaat"
    assert "Muiden ihmisten tietoja" in withheld["other_clients"]["reason"]
    assert withheld["professionals_addresses"]["count"] == 1
    assert withheld["security_values"]["count"] > 0
    assert withheld["anonymous_feedback"]["count"] is None
    text = str(data)
    assert other.full_name not in text and "Toisenen" not in text
    assert PROFESSIONALS_ADDRESS not in text
    assert client.hetu_encrypted not in text and client.hetu_hash not in text


def test_the_clients_own_addresses_are_given(client_with_others):
    client, _other = client_with_others
    data = export.as_json(export.build_access_export(client, recipient="client", full_hetu=True))
    audit = next(s for s in data["sections"] if s["key"] == "audit")
    own = [r for r in audit["records"] if r["fields"].get("actor") is None]
    assert OWN_ADDRESS in [r["fields"].get("ip_address") for r in own]
    by_professionals = [r for r in audit["records"] if r["fields"].get("actor") is not None]
    assert by_professionals and all("ip_address" not in r["fields"] for r in by_professionals)


def test_nothing_to_withhold_but_the_codes_and_anonymous_feedback(coordinator):
    client = make_client(coordinator=coordinator)
    data = export.as_json(export.build_access_export(client, recipient="client", full_hetu=True))
    assert set(_withheld(data)) == {"security_values", "anonymous_feedback"}


def test_the_pdf_says_what_is_withheld_and_why(client_with_others):
    pypdf = pytest.importorskip("pypdf")
    client, _other = client_with_others
    made = export_services.export_for_client(client=client, fmt="pdf", language="fi")
    pages = pypdf.PdfReader(io.BytesIO(made.data)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    for words in (
        "Mitä tässä kopiossa ei ole, ja miksi",
        "Muut asiakkaat (2 kohtaa)",
        "Ammattilaisten verkko-osoitteet (1 kohta)",
        "Turvakoodit",
        "Nimettömänä antamasi palaute",
        "GDPR art. 15(4)",
        "Muuta ei ole jätetty pois.",
    ):
        assert words in text, words
    assert "Toisenen" not in text


def test_the_pdf_in_swedish(client_with_others):
    pypdf = pytest.importorskip("pypdf")
    client, _other = client_with_others
    made = export_services.export_for_client(client=client, fmt="pdf", language="sv")
    pages = pypdf.PdfReader(io.BytesIO(made.data)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Vad som inte finns i den här kopian, och varför" in text
    assert "Andra klienter (2 poster)" in text
