"""The applications page says what is true of a late application that waits for another one:
the usual processing time has passed, and the application it waits for waits for the client —
not "you do not need to do anything now, a decision usually comes in about 21 days". The
client's own task reads as an action, and information someone else gives says who gives it
(the demo's story: the sickness allowance's pay certificate comes from a former employer)."""

import datetime as dt

import pytest
from django.utils import translation

from polku.knots import services as knots
from polku.portal import selectors
from tests.knots.factories import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(client_record, coordinator):
    """The sickness allowance asks for a pay certificate from a former employer (seen to by
    the coordinator) and waits for the client's own online credentials; the housing allowance,
    sent 24 days ago, usually decided in 21 days, waits for the sickness allowance."""
    sickness = application(
        client_record, coordinator, slug="sp", name="Sairauspäiväraha", days=None, days_ago=41
    )
    knots.set_status(application=sickness, status="further_information_requested", by=coordinator)
    knots.add_blocker(
        application=sickness,
        kind="further_information",
        by=coordinator,
        what="Palkkatodistus",
        from_whom="Entinen työnantaja",
        owner=coordinator,
        due=dt.date.today() + dt.timedelta(days=7),
    )
    knots.add_blocker(
        application=sickness,
        kind="client_action",
        by=coordinator,
        what="Pankkitunnukset Kelan viestien lukemiseen",
        owner_is_client=True,
    )
    housing = application(
        client_record, coordinator, slug="ya", name="Yleinen asumistuki", days=21, days_ago=24
    )
    knots.add_blocker(application=housing, kind="decision", by=coordinator, waits_for=sickness)
    return sickness, housing


def _card(page: str, name: str) -> str:
    return page.split(f">{name}<", 1)[1].split('<li class="card"', 1)[0]


def test_a_late_application_waiting_on_the_client_is_not_reassured(portal, story):
    page = portal.get("/portal/applications/").content.decode()
    housing = _card(page, "Yleinen asumistuki")
    assert "Sinun ei tarvitse nyt tehdä mitään" not in housing
    assert "Tämä hakemus on jo odottanut 24 päivää: tavallinen aika on mennyt." in housing
    assert "Se odottaa tätä: Sairauspäiväraha. Se taas odottaa sinulta jotain." in housing


def test_an_application_on_time_keeps_the_usual_time_alone(portal, client_record, coordinator):
    application(client_record, coordinator, slug="kr", name="Kuntoutusraha", days=21, days_ago=5)
    page = portal.get("/portal/applications/").content.decode()
    assert "Päätös tulee yleensä noin 21 päivässä." in page
    assert "tavallinen aika on mennyt" not in page
    assert "Sinun ei tarvitse" not in page  # nothing waited for: "nothing is missing from you"


def test_the_clients_task_is_an_action_and_the_giver_is_named(client_record, story):
    sickness, _housing = story
    sickness.refresh_from_db()
    blockers = list(sickness.blockers.select_related("owner"))
    with translation.override("fi"):
        task = selectors.client_task(sickness, blockers)["task"]
    assert "Sinun pitää tehdä tämä: Pankkitunnukset" not in task
    assert "Hoida tämä" not in task  # the worker's words quoted, not after a verb
    assert "Työntekijän sanoin: Pankkitunnukset Kelan viestien lukemiseen. Sinä teet tämän." in task
    # the employer gives it and the coordinator sees to it: not the client's task
    assert "Palkkatodistus" not in task
    with translation.override("fi"):
        waits = selectors.client_task(sickness, blockers)["waits"]
    assert any(
        "pyytää lisää tietoja. Työntekijän sanoin: Palkkatodistus. Entinen työnantaja antaa "
        "tiedon." in line
        for line in waits
    ), waits
