"""A task in the portal is told truly and plainly (polku.core.tasks): the worker's text is
quoted as the worker's words, never put after a generic verb ("Hoida tämä: Pankkitunnukset
…"), then one short sentence says who does it — "Sinä teet tämän" only for the client's
own — and one by when, or that it is late. A professional's step, agreement or errand is
never shown as the client's task (found in a Finnish walk of the demo: "Mitä minä teen" held
"Kela pyytää lisää tietoja: Palkkatodistus. … Jani Laine hoitaa tämän.")."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from polku.knots import plain
from polku.knots import services as knots
from polku.meetings import services as meetings
from polku.meetings.models import Agreement
from polku.plans.models import Goal, Plan, Step
from polku.portal import selectors
from tests.knots.factories import application
from tests.meetings.helpers import plan as plan_meeting
from tests.portal.conftest import portal_login

pytestmark = pytest.mark.django_db


def _sections(page: str) -> tuple[str, str]:
    agreed = page.split("Mitä minä teen")[1]
    mine, others = agreed.split("Mitä muut tekevät")
    return mine, others.split("</section>")[0]


@pytest.fixture
def sickness(client_record, coordinator):
    """Kela asks for a pay certificate that a former employer gives and the coordinator sees
    to; the client gets online banking credentials."""
    found = application(client_record, coordinator, slug="sp", name="Sairauspäiväraha")
    knots.set_status(application=found, status="further_information_requested", by=coordinator)
    knots.add_blocker(
        application=found,
        kind="further_information",
        by=coordinator,
        what="Palkkatodistus",
        from_whom="Entinen työnantaja",
        owner=coordinator,
        due=timezone.localdate() + dt.timedelta(days=7),
    )
    knots.add_blocker(
        application=found,
        kind="client_action",
        by=coordinator,
        what="Pankkitunnukset Kelan viestien lukemiseen",
        owner_is_client=True,
        due=timezone.localdate() - dt.timedelta(days=2),
    )
    found.refresh_from_db()
    return found


def test_the_workers_words_are_quoted_not_put_after_a_verb(sickness):
    blockers = list(sickness.blockers.select_related("owner__organisation"))
    with translation.override("fi"):
        told = selectors.client_task(sickness, blockers)
    assert "Hoida tämä" not in told["task"]
    assert (
        "Työntekijän sanoin: Pankkitunnukset Kelan viestien lukemiseen. Sinä teet tämän."
        in told["task"]
    )
    assert "Tehtävä on myöhässä. Se piti tehdä viimeistään" in told["task"]
    [own] = told["todo"]
    assert own.client_does and own.late and own.written.startswith("Pankkitunnukset")


def test_information_someone_else_sees_to_is_not_the_clients_task(sickness, coordinator):
    blockers = list(sickness.blockers.select_related("owner__organisation"))
    with translation.override("fi"):
        told = selectors.client_task(sickness, blockers)
    assert told["kind"] == "do"  # the credentials, not the pay certificate
    assert "Palkkatodistus" not in told["task"]
    [waits] = [w for w in told["waits"] if "Palkkatodistus" in w]
    assert "Työntekijän sanoin: Palkkatodistus. Entinen työnantaja antaa tiedon." in waits
    assert f"{coordinator.get_full_name()} ({coordinator.organisation.name}) hoitaa" in waits


def test_the_knots_words_for_a_clients_action_quote_the_worker(sickness):
    blocker = sickness.blockers.get(kind="client_action")
    with translation.override("fi"):
        words = plain.waits_for(blocker)
    assert words == (
        "Hakemus odottaa, että teet tämän. "
        "Työntekijän sanoin: Pankkitunnukset Kelan viestien lukemiseen."
    )


def test_home_tells_who_does_each_thing(portal, client_record, coordinator, sickness):
    today = timezone.localdate()
    meeting = plan_meeting(client_record, coordinator)
    mine = meetings.add_agreement(
        meeting=meeting,
        by=coordinator,
        what="Ilmoittautuu autokoulun teoriakurssille",
        due_on=today + dt.timedelta(days=5),
        owner_is_client=True,
    )
    Agreement.objects.filter(pk=mine.pk).update(due_on=today - dt.timedelta(days=2))
    meetings.add_agreement(
        meeting=meeting,
        by=coordinator,
        what="Kirjoittaa B-lausunnon kuntoutusta varten",
        due_on=today + dt.timedelta(days=10),
        owner=coordinator,
    )
    own_plan = Plan.objects.create(client=client_record, created_by=coordinator)
    goal = Goal.objects.create(plan=own_plan, text="Töihin kaupan alalle", created_by=coordinator)
    Step.objects.create(
        goal=goal,
        what="Päivitän CV:n",
        responsible_is_client=True,
        target_date=today + dt.timedelta(days=14),
        created_by=coordinator,
    )
    Step.objects.create(
        goal=goal,
        what="Työkokeilupaikan haku",
        responsible=coordinator,
        target_date=today + dt.timedelta(days=14),
        created_by=coordinator,
    )
    page = portal.get("/portal/").content.decode()
    mine_words, others_words = _sections(page)
    assert "Hoida tämä" not in page
    # the client's own: the agreement (late), the step and the credentials
    assert "Työntekijän sanoin: <q>Ilmoittautuu autokoulun teoriakurssille</q>" in mine_words
    assert "Työntekijän sanoin: <q>Päivitän CV:n</q>" in mine_words
    assert "Pankkitunnukset Kelan viestien lukemiseen" in mine_words
    assert mine_words.count("Sinä teet tämän.") == 3
    assert "Tehtävä on myöhässä." in mine_words
    # a professional's agreement, step and errand are never the client's
    for theirs in ("Kirjoittaa B-lausunnon", "Työkokeilupaikan haku", "Palkkatodistus"):
        assert theirs not in mine_words, theirs
    assert "Työntekijän sanoin: <q>Kirjoittaa B-lausunnon kuntoutusta varten</q>" in others_words
    assert f"{coordinator.get_full_name()} ({coordinator.organisation.name}) hoitaa" in (
        others_words
    )
    assert "Sinä teet" not in others_words
    # the plan says the same: the professional's step is theirs
    plan_page = portal.get("/portal/plan/").content.decode()
    theirs = plan_page.split("Työkokeilupaikan haku")[1].split("</li>")[0]
    assert "Sinä teet" not in theirs and coordinator.get_full_name() in theirs
    own = plan_page.split("Päivitän CV:n")[1].split("</li>")[0]
    assert "Sinä teet tämän." in own and "Tee se viimeistään" in own


def test_the_same_in_swedish(client_record, coordinator, sickness):
    client_record.preferred_language = "sv"
    client_record.save()
    page = portal_login(client_record, coordinator).get("/portal/applications/").content.decode()
    assert "Med personalens ord: <q>Pankkitunnukset Kelan viestien lukemiseen</q>" in page
    assert "Du gör det här." in page
    assert "Uppgiften är försenad." in page


def test_a_done_step_says_who_did_it_and_a_dropped_one_no_one(portal, client_record, coordinator):
    own_plan = Plan.objects.create(client=client_record, created_by=coordinator)
    goal = Goal.objects.create(plan=own_plan, text="Töihin kaupan alalle", created_by=coordinator)
    today = timezone.localdate()
    for what, status in (("Työkokeilu kaupassa", "done"), ("Kuntoutuskurssi", "cancelled")):
        Step.objects.create(
            goal=goal,
            what=what,
            responsible=coordinator,
            target_date=today - dt.timedelta(days=30),
            status=status,
            done_on=today - dt.timedelta(days=31) if status == "done" else None,
            created_by=coordinator,
        )
    page = portal.get("/portal/plan/").content.decode()
    done = page.split("Työkokeilu kaupassa")[1].split("</li>")[0]
    assert f"{coordinator.get_full_name()} ({coordinator.organisation.name}) hoiti tämän." in done
    assert "hoitaa" not in done and "myöhässä" not in done
    dropped = page.split("Kuntoutuskurssi")[1].split("</li>")[0]
    assert "hoitaa" not in dropped and "hoiti" not in dropped and "myöhässä" not in dropped
