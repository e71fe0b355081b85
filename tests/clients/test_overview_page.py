"""The client overview reads the client's memberships once: the network, its history, the
coordinator periods and who coordinates now are views of the same rows, and the open and
earlier handovers come from one query. The page's queries do not grow with the network, its
history or the handovers, and each list keeps its order."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from polku.clients.models import NetworkMember, NetworkRole
from polku.handover.models import HandoverStatus
from tests.conftest import login
from tests.factories import HandoverFactory, ProfessionalFactory

pytestmark = pytest.mark.django_db


def _page(http, client) -> tuple[int, str]:
    url = f"/clients/{client.pk}/"
    http.get(url)  # session and caches warm
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def _person(name: str, organisation) -> object:
    first, last = name.split()
    return ProfessionalFactory(first_name=first, last_name=last, organisation=organisation)


def _history(client_record, coordinator, kela) -> None:
    """Two members now, two who left, two earlier coordinators, eleven decided handovers and
    an open one."""
    now = timezone.now()

    def member(name: str, role: str, started: int, ended: int | None = None) -> None:
        NetworkMember.objects.create(
            client=client_record,
            professional=_person(name, kela),
            role=role,
            started_at=now - dt.timedelta(days=started),
            ended_at=None if ended is None else now - dt.timedelta(days=ended),
        )

    member("Maija Myöhempi", NetworkRole.MEMBER, started=5)
    member("Aino Aiempi", NetworkRole.MEMBER, started=20)
    member("Lauri Lähtenyt", NetworkRole.MEMBER, started=90, ended=40)
    member("Elli Eronnut", NetworkRole.MEMBER, started=80, ended=10)
    member("Kalle Kauanlähtenyt", NetworkRole.COORDINATOR, started=400, ended=300)
    member("Sanna Sittemmin", NetworkRole.COORDINATOR, started=300, ended=200)
    receiver = _person("Ville Vastaanottaja", kela)
    for n in range(11):
        HandoverFactory(
            client=client_record,
            from_coordinator=coordinator,
            to_professional=receiver,
            status=HandoverStatus.DECLINED,
            proposed_at=now - dt.timedelta(days=100 - n),
        )
    HandoverFactory(client=client_record, from_coordinator=coordinator, to_professional=receiver)


def test_the_queries_do_not_grow_with_the_network_its_history_or_handovers(
    client, client_record, coordinator, kela
):
    http = login(client, coordinator)
    few, _ = _page(http, client_record)
    _history(client_record, coordinator, kela)
    many, page = _page(http, client_record)
    assert many == few
    assert "Maija Myöhempi" in page and "Kalle Kauanlähtenyt" in page


def test_the_lists_keep_their_order(client, client_record, coordinator, kela):
    _history(client_record, coordinator, kela)
    http = login(client, coordinator)
    http.cookies.load({"django_language": "en"})
    _, page = _page(http, client_record)
    network, rest = page.split('id="network-heading"')[1].split("Earlier members")
    history = rest.split("</details>")[0]
    me = coordinator.get_full_name()
    # the network: the coordinator first, then by start
    assert network.index(me) < network.index("Aino Aiempi") < network.index("Maija Myöhempi")
    # its history: the latest to leave first
    assert history.index("Elli Eronnut") < history.index("Lauri Lähtenyt")
    assert "Maija Myöhempi" not in history
    # the coordinator periods: the current one first, then the latest ended
    periods = page.split("Coordinator periods")[1].split("</table>")[0]
    assert periods.index(me) < periods.index("Sanna Sittemmin")
    assert periods.index("Sanna Sittemmin") < periods.index("Kalle Kauanlähtenyt")
    assert "Aino Aiempi" not in periods
    # the open handover, and the ten latest decided ones
    assert "waits for a decision" in page
    earlier = page.split("Earlier handover proposals")[1].split("</details>")[0]
    assert earlier.count("<li>") == 10
    assert earlier.count("Declined") == 10
    with translation.override("en"):
        oldest = timezone.localdate() - dt.timedelta(days=100)
        assert date_format(oldest, "SHORT_DATE_FORMAT") not in earlier
        assert date_format(oldest + dt.timedelta(days=1), "SHORT_DATE_FORMAT") in earlier
    # the coordinator may make a portal code
    assert "Make a sign-in code for the client" in page
