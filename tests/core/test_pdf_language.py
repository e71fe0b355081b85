"""The printed documents speak the client's language like the pages do: the plan, a meeting's
summary and a knot opening's summary, as PDF text (pdftotext, installed by the setup), have
no ISO dates, code names or English words (tests/visible_language.py) — in Finnish and in
Swedish, on the demo data."""

import os
import shutil
import subprocess

import pytest

from polku.clients.models import NetworkMember
from polku.demo import generator
from polku.knots.models import KnotOpening
from polku.meetings.models import Meeting, MeetingStatus
from tests.conftest import login
from tests.visible_language import findings

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    executable = shutil.which("pdftotext")
    if executable is None:
        message = "pdftotext is missing: run scripts/ensure-system-packages"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(  # noqa: S603 (a fixed program on our own PDF)
        [executable, "-layout", "-", "-"], input=pdf, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.decode()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_plan_meeting_and_knot_summaries_in_the_clients_language(client, language):
    assert generator.load_demo(clients=80, seed=15) is not None
    opening = KnotOpening.objects.filter(finished_at__isnull=False).select_related("meeting")
    opening = opening.order_by("pk").first()
    assert opening is not None
    person = opening.meeting.client
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    coordinator = (
        NetworkMember.objects.active()
        .select_related("professional")
        .get(client=person, role="coordinator")
        .professional
    )
    http = login(client, coordinator)
    http.cookies["django_language"] = language
    held = Meeting.objects.filter(client=person, status=MeetingStatus.CLOSED).latest("starts_at")
    base = f"/clients/{person.pk}"
    found = []
    for path in (
        f"{base}/plan.pdf",
        f"{base}/meetings/{held.pk}/summary.pdf",
        f"{base}/meetings/{opening.meeting_id}/knot/summary.pdf",
    ):
        response = http.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/pdf"
        text = _text(response.content)
        assert len(text.split()) > 20, path  # a document, not an empty page
        found += [f"{path}: {problem}" for problem in findings(text, language)]
    assert not found, "\n".join(found)
