"""The meeting summary PDF tells each agreement the way the portal does (polku.core.tasks):
the worker's words quoted as theirs ("Hakee pankkitunnukset" is a worker's note, not the
client's voice), then who does it — "you" only for the client's own — and by when, late said
as late, done said as done; in the client's language."""

import datetime as dt
import io

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from pypdf import PdfReader

from polku.meetings import selectors, services
from polku.meetings.models import Agreement
from tests.conftest import login
from tests.meetings.helpers import complete, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def http(client, coordinator):
    login(client, coordinator)
    return client


@pytest.fixture
def agreed(client_record, coordinator):
    """The client got the bank credentials (done); the coordinator looks into rehabilitation
    (due in a week); the client books a dentist, a day late now."""
    meeting = plan(client_record, coordinator)
    today = timezone.localdate()
    credentials = services.add_agreement(
        meeting=meeting,
        by=coordinator,
        what="Hakee pankkitunnukset",
        due_on=today,
        owner_is_client=True,
    )
    services.mark_agreement_done(agreement=credentials, by=coordinator)
    dentist = services.add_agreement(
        meeting=meeting,
        by=coordinator,
        what="Varaa ajan hammaslääkärille.",
        due_on=today,
        owner_is_client=True,
    )
    Agreement.objects.filter(pk=dentist.pk).update(due_on=today - dt.timedelta(days=1))
    complete(meeting, coordinator, what="Selvittää kuntoutuksen")
    return selectors.meeting(client_record, meeting.pk)


def _sections(html: str, mine: str, others: str, after: str) -> tuple[str, str]:
    yours = html.split(mine)[1].split(others)[0]
    return yours, html.split(others)[1].split(after)[0]


@pytest.mark.parametrize(
    ("language", "headings", "words"),
    [
        (
            "fi",
            ("Mitä minä teen", "Mitä muut tekevät hyväkseni", "Milloin olemme seuraavan"),
            (
                "Työntekijän sanoin:",
                "Sinä teit tämän.",
                "Sinä teet tämän.",
                "hoitaa tämän.",
                "Tehtävä on myöhässä.",
            ),
        ),
        (
            "sv",
            ("Det här gör jag", "Det här gör andra för mig", "När vi hörs"),
            (
                "Med personalens ord:",
                "Du gjorde det här.",
                "Du gör det här.",
                "sköter det.",
                "Uppgiften är försenad.",
            ),
        ),
    ],
)
def test_the_summary_says_who_does_each_agreement(
    client_record, coordinator, agreed, language, headings, words
):
    label, did, do, takes_care, late = words
    with override(language):
        html = render_to_string(
            "meetings/summary_pdf.html", selectors.summary_context(client_record, agreed)
        )
    yours, others = _sections(html, *headings)
    assert f"{label} <q>Hakee pankkitunnukset</q>" in yours and did in yours
    assert f"{label} <q>Varaa ajan hammaslääkärille</q>" in yours and do in yours
    assert late in yours
    assert "Selvittää kuntoutuksen" not in yours
    who = f"{coordinator.get_full_name()} ({coordinator.organisation.name}) {takes_care}"
    assert f"{label} <q>Selvittää kuntoutuksen</q>" in others and who in others
    assert do not in others and did not in others


def test_the_pdf_tells_the_tasks_in_the_clients_language(http, client_record, agreed):
    """The reader's interface is Finnish; the client reads Swedish: the tasks, made before
    the PDF is drawn, are in Swedish too."""
    client_record.preferred_language = "sv"
    client_record.save()
    response = http.get(f"/clients/{client_record.pk}/meetings/{agreed.pk}/summary.pdf")
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Med personalens ord:" in text and "Du gjorde det här." in text
    assert "Työntekijän sanoin" not in text and "Sinä teit tämän" not in text
