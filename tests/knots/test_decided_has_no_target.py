"""Once an application is decided (an appeal against the decision pending too), no page says
when its decision is expected: the knot page, the client's path, the portal and the API show
the decision and its date instead (polku.knots.analysis.awaits_decision decides)."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from polku.clients.timeline import events_for
from polku.knots import analysis, selectors
from polku.knots import services as knots
from tests.knots.factories import application
from tests.plans.helpers import in_english
from tests.portal.conftest import portal_login

pytestmark = pytest.mark.django_db

DECIDED_ON = dt.date(2024, 7, 28)


@pytest.fixture
def apps(client_record, coordinator):
    """Housing allowance granted long ago, rehabilitation allowance refused and appealed,
    and sickness allowance still pending (its target time is still true)."""
    granted = application(
        client_record, coordinator, slug="ya", name="Asumistuki", days=21, days_ago=900
    )
    knots.set_status(
        application=granted, status="decided_granted", by=coordinator, decision_date=DECIDED_ON
    )
    appealed = application(
        client_record, coordinator, slug="kr", name="Kuntoutusraha", days=35, days_ago=900
    )
    knots.set_status(
        application=appealed, status="decided_refused", by=coordinator, decision_date=DECIDED_ON
    )
    knots.set_status(application=appealed, status="appealed", by=coordinator)
    appealed.refresh_from_db()
    pending = application(client_record, coordinator, slug="sp", name="Sairauspäiväraha", days=30)
    return {"granted": granted, "appealed": appealed, "pending": pending}


def test_only_an_application_awaiting_its_decision_has_a_target(apps):
    assert apps["appealed"].decision_date == DECIDED_ON
    assert apps["granted"].target_days is None
    assert apps["appealed"].target_days is None
    assert apps["pending"].target_days == 30
    assert not analysis.awaits_decision("appealed")
    assert analysis.awaits_decision("further_information_requested")


def test_a_decided_or_appealed_application_is_not_overdue(client_record, apps):
    knot = selectors.knot(client_record)
    assert knot.result.overdue == []  # 900 days since sending, but decided
    assert set(knot.fallbacks) <= {apps["pending"].pk}


def test_the_knot_page_shows_the_decision_not_the_target(signed_in, client_record, apps):
    page = in_english(signed_in).get(f"/clients/{client_record.pk}/knot/").content.decode()
    for decided in (apps["granted"], apps["appealed"]):
        row = page.split(f'id="application-{decided.pk}"')[1].split("</tr>")[0]
        assert "Decided on 28.7.2024" in row
        assert "21 days" not in row and "35 days" not in row and "Not known" not in row
    row = page.split(f'id="application-{apps["pending"].pk}"')[1].split("</tr>")[0]
    assert "30 days" in row
    assert "Pending longer than expected" not in page


def test_the_path_expects_no_decision_once_decided(client_record, apps):
    with timezone.override("Europe/Helsinki"), translation.override("en"):
        events = {e.title: e for e in events_for(client_record) if e.kind == "application"}
    appealed = events["Kuntoutusraha"]
    assert "expected" not in appealed.detail and not appealed.day_is_due
    assert appealed.day == DECIDED_ON and "28.7.2024" in appealed.detail
    assert "expected" not in events["Asumistuki"].detail
    assert "expected" in events["Sairauspäiväraha"].detail


def test_the_portal_gives_the_decision_and_its_date(client_record, coordinator, apps):
    page = portal_login(client_record, coordinator).get("/portal/applications/").content.decode()
    assert "Hakemus hyväksyttiin 28.7.2024." in page  # the client's language, Finnish
    assert "Olet hakenut muutosta 28.7.2024 tehtyyn päätökseen." in page
    assert "noin 21 päivässä" not in page and "noin 35 päivässä" not in page
    assert "noin 30 päivässä" in page  # the pending one still gets its usual time


def test_the_api_gives_no_expected_time_once_decided(signed_in, client_record, apps):
    body = signed_in.get(f"/api/v1/clients/{client_record.pk}/knot/").json()
    by_service = {a["service"]: a for a in body["applications"]}
    for slug in ("ya", "kr"):
        assert by_service[slug]["expected_processing_days"] is None
        assert by_service[slug]["processing_fallback_days"] is None
        assert by_service[slug]["decision_date"] == "2024-07-28"
    assert by_service["sp"]["expected_processing_days"] == 30
