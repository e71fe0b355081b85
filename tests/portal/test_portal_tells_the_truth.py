"""The portal says nothing untrue to the client (found in a Finnish walk of the demo):

1. the home's "What I do" includes the client's own open tasks from the applications, with
   their dates — not "Nothing right now" while "My applications" asks for a pay certificate;
2. applications that wait for each other's decisions (the knot analysis' deadlock) are told
   so, not given the usual processing time — nor are those that wait for them;
3. a refusal does not say "you can appeal" as if the appeal were always open: it gives the
   decision's date and sends the client to the decision letter for the last day."""

import datetime as dt

import pytest
from django.utils import translation

from polku.knots import plain
from polku.knots import services as knots
from tests.knots.factories import application

pytestmark = pytest.mark.django_db


def _home(portal) -> str:
    return portal.get("/portal/").content.decode()


# --- 1. the home's "What I do" -----------------------------------------------------------------


def test_home_lists_the_clients_own_task_on_an_application_with_its_date(
    portal, client_record, coordinator
):
    sickness = application(client_record, coordinator, slug="sv", name="Sairauspäiväraha")
    knots.set_status(application=sickness, status="further_information_requested", by=coordinator)
    knots.add_blocker(
        application=sickness,
        kind="further_information",
        by=coordinator,
        what="Palkkatodistus",
        due=dt.date(2026, 12, 10),
    )
    page = _home(portal)
    mine = page.split("Mitä minä teen")[1].split("Mitä muut tekevät")[0]  # the client's language
    assert "Ei mitään juuri nyt" not in mine
    assert "Sairauspäiväraha" in mine and "Palkkatodistus" in mine and "10.12.2026" in mine


def test_home_says_nothing_to_do_only_when_there_is_nothing(portal, client_record, coordinator):
    application(client_record, coordinator, slug="ar", name="Asumistuki")  # nothing asked
    mine = _home(portal).split("Mitä minä teen")[1].split("Mitä muut tekevät")[0]
    assert "Ei mitään juuri nyt" in mine and "Asumistuki" not in mine


# --- 2. a deadlock is said, not a usual processing time ----------------------------------------


def test_a_deadlock_is_told_instead_of_the_usual_processing_time(
    portal, client_record, coordinator
):
    rehab = application(client_record, coordinator, slug="kr", name="Kuntoutusraha", days=21)
    general = application(client_record, coordinator, slug="yt", name="Yleistuki", days=21)
    housing = application(client_record, coordinator, slug="ya", name="Asumistuki", days=21)
    knots.add_blocker(application=rehab, kind="decision", by=coordinator, waits_for=general)
    knots.add_blocker(application=general, kind="decision", by=coordinator, waits_for=rehab)
    knots.add_blocker(application=housing, kind="decision", by=coordinator, waits_for=rehab)
    alone = application(client_record, coordinator, slug="sp", name="Sairauspäiväraha", days=30)
    page = portal.get("/portal/applications/").content.decode()
    assert "Tämä hakemus ja Yleistuki odottavat toistensa päätöksiä" in page
    assert "Tämä hakemus ja Kuntoutusraha odottavat toistensa päätöksiä" in page
    assert "Tämä hakemus odottaa hakemuksia, jotka odottavat toistensa päätöksiä" in page
    assert "noin 21 päivässä" not in page  # none of the three gets the usual time
    assert alone and "noin 30 päivässä" in page  # an application not in the knot still does


# --- 3. a refusal's appeal ---------------------------------------------------------------------


def test_an_old_refusal_does_not_offer_an_appeal_as_open(client_record, coordinator):
    refused = application(client_record, coordinator, slug="tt", name="Työttömyysturva")
    knots.set_status(
        application=refused,
        status="decided_refused",
        by=coordinator,
        decision_date=dt.date(2024, 12, 12),
    )
    with translation.override("fi"):
        words = plain.decision_words(refused)
    assert "Hakemus hylättiin 12.12.2024." in words
    assert "Jos olet eri mieltä, voit hakea muutosta." not in words  # not an open offer
    assert "päätöskirje" in words  # the letter states the period and the last day


def test_the_refusal_on_the_portal_page(portal, client_record, coordinator):
    refused = application(client_record, coordinator, slug="tt", name="Työttömyysturva")
    knots.set_status(
        application=refused,
        status="decided_refused",
        by=coordinator,
        decision_date=dt.date(2024, 12, 12),
    )
    page = portal.get("/portal/applications/").content.decode()
    assert "Hakemus hylättiin 12.12.2024." in page and "lue päätöskirje" in page
