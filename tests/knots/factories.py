import datetime as dt

from polku.catalogue.models import Provider, Service
from polku.knots import services


def catalogue_service(slug="kuntoutusraha-test", days=30, name="Kuntoutusraha"):
    provider, _ = Provider.objects.get_or_create(name="Kela (test)", defaults={"kind": "kela"})
    service, _ = Service.objects.get_or_create(
        slug=slug,
        defaults=dict(
            kind="benefit",
            provider=provider,
            name_fi=name,
            name_sv=name,
            name_en=name,
            audience_fi="x",
            audience_sv="x",
            audience_en="x",
            description_fi="x",
            description_sv="x",
            description_en="x",
            source_url="https://www.kela.fi/",
            last_checked=dt.date(2026, 11, 23),
            processing_time_days=days,
            processing_time_source="Kela, tavoiteajat (test)" if days else "",
        ),
    )
    return service


def application(
    client,
    by,
    *,
    slug="kuntoutusraha-test",
    name="Kuntoutusraha",
    status="pending",
    days_ago=10,
    days=30,
):
    return services.add_application(
        client=client,
        service=catalogue_service(slug, days, name),
        by=by,
        status=status,
        submitted=dt.date.today() - dt.timedelta(days=days_ago),
    )
