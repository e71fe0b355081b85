"""The seeds' story as a fixture: sickness allowance waits for further information (a pay
certificate from the employer), housing allowance waits for its decision, and rehabilitation
allowance and the general benefit wait for each other (a deadlock)."""

import pytest

from polku.knots import services
from tests.knots.factories import application


@pytest.fixture
def story(client_record, coordinator):
    sickness = application(
        client_record,
        coordinator,
        slug="sv",
        name="Sairauspäiväraha",
        status="further_information_requested",
        days_ago=40,
    )
    housing = application(client_record, coordinator, slug="at", name="Asumistuki")
    rehab = application(client_record, coordinator, slug="kr", name="Kuntoutusraha")
    unemployment = application(client_record, coordinator, slug="tt", name="Yleistuki")
    services.add_blocker(
        application=sickness,
        kind="further_information",
        by=coordinator,
        what="Palkkatodistus",
        from_whom="Työnantaja",
    )
    services.add_blocker(application=housing, kind="decision", waits_for=sickness, by=coordinator)
    services.add_blocker(application=rehab, kind="decision", waits_for=unemployment, by=coordinator)
    services.add_blocker(application=unemployment, kind="decision", waits_for=rehab, by=coordinator)
    return {"sickness": sickness, "housing": housing}
