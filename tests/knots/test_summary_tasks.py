"""The summary of a knot-opening meeting tells each task the way the portal does
(polku.core.tasks): the worker's words quoted as theirs, then who does it — "Sinä teet
tämän." only for the client's own — and by when. A professional's agreement ("Hakee
pankkitunnukset", written of the worker) is never under what the client does."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from polku.knots import opening as knot_opening
from polku.knots import plain
from polku.knots.models import KnotOpening
from polku.meetings import services as meetings
from polku.meetings.models import Agreement
from tests.meetings.helpers import plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def summed_up(client_record, coordinator, story):
    """The pay certificate is agreed for the client; the coordinator takes on the bank
    credentials, written as the worker writes ("Hakee pankkitunnukset")."""
    meeting = plan(client_record, coordinator, participants=[])
    opening = knot_opening.start(meeting=meeting, by=coordinator)
    step = knot_opening.current_step(opening)
    knot_opening.agree_step(
        opening=opening,
        step_id=step.pk,
        by=coordinator,
        what="Palkkatodistus työnantajalta",
        due_on=timezone.localdate() + dt.timedelta(days=3),
        owner_is_client=True,
    )
    credentials = meetings.add_agreement(
        meeting=meeting,
        by=coordinator,
        what="Hakee pankkitunnukset",
        due_on=timezone.localdate(),
        owner=coordinator,
    )
    # a day has passed since
    Agreement.objects.filter(pk=credentials.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    return meeting, KnotOpening.objects.select_related("client").get(pk=opening.pk)


def _who(coordinator) -> str:
    return f"{coordinator.get_full_name()} ({coordinator.organisation.name})"


def test_the_clients_tasks_are_told_as_tasks_and_only_the_clients(summed_up, coordinator):
    _meeting, opening = summed_up
    with translation.override("fi"):
        summary = plain.summary(opening)
    day = timezone.localdate() + dt.timedelta(days=3)
    assert [str(task) for task in summary.client_tasks if task.written] == [
        "Työntekijän sanoin: Palkkatodistus työnantajalta. Sinä teet tämän. "
        f"Tee se viimeistään {day.day}.{day.month}.{day.year}."
    ]
    told = {task.written: str(task) for task in summary.agreed}
    assert told["Hakee pankkitunnukset"].startswith(
        f"Työntekijän sanoin: Hakee pankkitunnukset. {_who(coordinator)} hoitaa tämän. "
        "Tehtävä on myöhässä."
    )


@pytest.mark.parametrize(
    ("language", "label", "you", "heading", "next_heading"),
    [
        ("fi", "Työntekijän sanoin:", "Sinä teet tämän.", "Mitä sinun pitää tehdä", "Kuka tekee"),
        ("sv", "Med personalens ord:", "Du gör det här.", "Det här ska du göra", "Vem gör vad"),
    ],
)
def test_the_summary_page_quotes_the_worker_and_says_who(
    signed_in, client_record, coordinator, summed_up, language, label, you, heading, next_heading
):
    client_record.preferred_language = language
    client_record.save()
    meeting, _opening = summed_up
    page = signed_in.get(
        f"/clients/{client_record.pk}/meetings/{meeting.pk}/knot/summary/"
    ).content.decode()
    yours = page.split(heading)[1].split(next_heading)[0]
    assert f"{label} <q>Palkkatodistus työnantajalta</q>" in yours and you in yours
    assert "Hakee pankkitunnukset" not in yours
    agreed = page.split(next_heading)[1]
    assert f"{label} <q>Hakee pankkitunnukset</q>" in agreed
    assert _who(coordinator) in agreed
