import datetime as dt

from polku.knots import services
from tests.factories import ServiceFactory


def catalogue_service(slug="kuntoutusraha-test", days=30, name="Kuntoutusraha"):
    """The service `slug` (made once: a second call with the same slug returns it)."""
    return ServiceFactory(slug=slug, name_fi=name, processing_time_days=days)


def application(
    client,
    by,
    *,
    slug="kuntoutusraha-test",
    name="Kuntoutusraha",
    status="pending",
    days_ago=10,
    days=30,
    today=None,
):
    """An application submitted `days_ago` days before `today` (the real date by default)."""
    today = today or dt.date.today()
    return services.add_application(
        client=client,
        service=catalogue_service(slug, days, name),
        by=by,
        status=status,
        submitted=today - dt.timedelta(days=days_ago),
    )
