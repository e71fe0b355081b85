"""An open step whose target date has passed is overdue, not the client's "next" step: the
overview, the plan page, the printed plan, the portal and the worklist say how late it is
(polku.plans.selectors.split_steps decides; polku.core.dates.lateness words it)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from polku.core.dates import due_state, lateness
from polku.plans import selectors
from polku.plans.models import Step
from tests.plans.helpers import goal, in_days, in_english, step
from tests.portal.conftest import portal_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def steps(client_record, coordinator):
    made_goal = goal(client_record, coordinator, text="Haluan töihin keittiöön")
    ahead = step(made_goal, coordinator, client_record, what="Työkokeilu", target_date=in_days(5))
    old = step(made_goal, coordinator, client_record, what="Vertaistukiryhmä")
    Step.objects.filter(pk=old.pk).update(target_date=in_days(-800), status="in_progress")
    return {"ahead": ahead, "old": Step.objects.get(pk=old.pk)}


@pytest.mark.parametrize(
    ("due", "today", "words"),
    [
        (dt.date(2026, 12, 3), dt.date(2026, 12, 3), ""),
        (dt.date(2026, 12, 4), dt.date(2026, 12, 3), ""),
        (dt.date(2026, 12, 2), dt.date(2026, 12, 3), "1 day late"),
        (dt.date(2026, 10, 20), dt.date(2026, 12, 3), "44 days late"),
        (dt.date(2026, 9, 3), dt.date(2026, 12, 3), "3 months late"),
        (dt.date(2024, 12, 4), dt.date(2026, 12, 3), "23 months late"),
        (dt.date(2024, 2, 11), dt.date(2026, 12, 3), "2 years late"),
    ],
)
def test_lateness_in_words(due, today, words):
    with translation.override("en"):
        assert lateness(due, today) == words


def test_lateness_in_finnish():
    with translation.override("fi"):
        assert lateness(dt.date(2024, 2, 11), dt.date(2026, 12, 3)) == "myöhässä 2 vuotta"
        assert lateness(dt.date(2026, 12, 1), dt.date(2026, 12, 3)) == "myöhässä 2 päivää"


def test_a_step_past_its_date_is_overdue_not_next(client_record, steps):
    ahead = selectors.next_steps(client_record)
    assert [s.pk for s in ahead.overdue] == [steps["old"].pk]
    assert [s.pk for s in ahead.upcoming] == [steps["ahead"].pk]
    # due today is still ahead, not late
    Step.objects.filter(pk=steps["ahead"].pk).update(target_date=timezone.localdate())
    assert [s.pk for s in selectors.next_steps(client_record).upcoming] == [steps["ahead"].pk]


def test_the_overview_shows_overdue_steps_apart_from_the_next(signed_in, client_record, steps):
    page = in_english(signed_in).get(f"/clients/{client_record.pk}/").content.decode()
    overdue = page.split('data-steps="overdue"')[1].split("</table>")[0]
    upcoming = page.split('data-steps="next"')[1].split("</table>")[0]
    assert "Vertaistukiryhmä" in overdue and "2 years late" in overdue
    assert "Vertaistukiryhmä" not in upcoming and "Työkokeilu" in upcoming
    assert page.index("Overdue steps") < page.index("Next steps")


def test_the_plan_page_says_how_late(signed_in, client_record, steps):
    page = in_english(signed_in).get(f"/clients/{client_record.pk}/plan/").content.decode()
    row = page.split(f'id="step-{steps["old"].pk}"')[1].split("</tr>")[0]
    assert "2 years late" in row
    row = page.split(f'id="step-{steps["ahead"].pk}"')[1].split("</tr>")[0]
    assert "late" not in row


def test_the_printed_plan_does_not_call_a_late_step_next(client_record, steps):
    found = selectors.printable_plan(client_record)
    assert [s.pk for s in found["overdue"]] == [steps["old"].pk]
    assert [s.pk for s in found["upcoming"]] == [steps["ahead"].pk]


def test_the_portal_plan_says_how_late(client_record, coordinator, steps):
    portal = portal_login(client_record, coordinator)
    page = portal.get("/portal/plan/").content.decode()
    old = page.split("Vertaistukiryhmä")[1].split("</li>")[0]
    assert "myöhässä 2 vuotta" in old  # the client's language, Finnish
    assert "myöhässä" not in page.split("Työkokeilu")[1].split("</li>")[0]


def test_the_worklist_says_how_late(signed_in, client_record, steps):
    page = in_english(signed_in).get(reverse("worklists:worklist")).content.decode()
    section = page.split('id="steps-heading"')[1].split("</section>")[0]
    assert "2 years late" in section


def test_the_overview_steps_are_next_steps_and_the_unassigned_count(
    client_record, steps, coordinator
):
    """The client overview reads its steps once (selectors.overview_steps): the same as
    next_steps and unassigned_steps."""
    made_goal = goal(client_record, coordinator, text="Toinen tavoite")
    nobody = step(made_goal, coordinator, client_record, what="Kenelle?", target_date=in_days(9))
    Step.objects.filter(pk=nobody.pk).update(responsible=None, responsible_is_client=False)
    ahead, unassigned = selectors.overview_steps(client_record)
    assert ahead == selectors.next_steps(client_record)
    assert unassigned == len(selectors.unassigned_steps(client_record)) == 1


def test_due_state_tells_today_tomorrow_and_days_ahead_in_finnish():
    today = dt.date(2026, 12, 3)
    with translation.override("fi"):
        assert due_state(today, today) == "Erääntyy tänään"
        assert due_state(dt.date(2026, 12, 4), today) == "Erääntyy huomenna"
        assert due_state(dt.date(2026, 12, 8), today) == "Erääntyy 5 päivän päästä"
        assert due_state(dt.date(2026, 12, 1), today) == "myöhässä 2 päivää"
        assert due_state(None, today) == ""
