"""The team view's caseload figures (selectors.caseload), read from the coordinators' seats
with the clients not active subtracted (issue 20), compared with the same figures counted
client by client in Python from the rows themselves."""

import datetime as dt
import random

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from polku.clients import services
from polku.clients.models import Client, NetworkMember
from polku.meetings.models import Agreement, NextContact
from polku.worklists import selectors
from polku.worklists.alerts import RULES
from polku.worklists.models import Alert
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, make_client

from .conftest import agreement, local_today, next_contact

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def _by_hand(organisation_id: int, today: dt.date) -> dict[int, tuple[int, int, int, int]]:
    """Per coordinator of the organisation with at least one active client: (active clients,
    overdue agreements, clients without a future next contact, open alerts), one client at a
    time."""
    since = today - dt.timedelta(days=RULES["no_next_contact"].threshold)
    figures: dict[int, list[int]] = {}
    for client in Client.objects.all():
        seat = NetworkMember.objects.coordinators().of(client).select_related("professional")
        seat = seat.first()
        if seat is None or seat.professional.organisation_id != organisation_id:
            continue
        if client.status != "active":
            continue
        row = figures.setdefault(seat.professional_id, [0, 0, 0, 0])
        row[0] += 1
        row[1] += sum(
            1
            for a in Agreement.objects.filter(client=client)
            if a.status == "open" and a.due_on < today
        )
        contacts = NextContact.objects.filter(client=client)
        if not any(c.done_at is None and c.due_on >= since for c in contacts):
            row[2] += 1
    for pk, row in figures.items():
        row[3] = Alert.objects.filter(assigned_to_id=pk, resolved_on__isnull=True).count()
    return {pk: tuple(row) for pk, row in figures.items()}  # type: ignore[misc]


def _from_selector(organisation_id: int, today: dt.date) -> dict[int, tuple[int, int, int, int]]:
    return {
        row["coordinator"].pk: (
            row["active_clients"],
            row["overdue_agreements"],
            row["without_next_contact"],
            row["open_alerts"],
        )
        for row in selectors.caseload(organisation_id, today=today)
    }


@pytest.fixture
def region(kela, municipality):
    """Two organisations, three coordinators each, 36 clients in a seeded mix: closed and
    intake clients, handed-over seats, next contacts future, past and done, agreements open,
    done, overdue and not yet due, open and resolved alerts."""
    today = local_today()
    rng = random.Random(20)
    ours = [ProfessionalFactory(organisation=kela) for _ in range(3)]
    theirs = [ProfessionalFactory(organisation=municipality) for _ in range(3)]
    everyone = ours + theirs
    for n in range(36):
        coordinator = rng.choice(everyone)
        client = make_client(
            coordinator=coordinator,
            first_names=f"Asiakas{n}",
            last_name=f"Kuormitus{n}",
            consent_organisations=[kela, municipality],
        )
        if rng.random() < 0.25:  # handed over, maybe across organisations
            to = rng.choice([p for p in everyone if p != coordinator])
            services.transfer_coordinator(client=client, to=to, by=coordinator)
            coordinator = to
        for _ in range(rng.randrange(3)):
            due = today + rng.randrange(-40, 20) * DAY
            done = rng.random() < 0.3
            next_contact(
                client,
                coordinator,
                due_on=due,
                done_at=(dt.datetime.now(dt.UTC) if done else None),
            )
        for _ in range(rng.randrange(3)):
            agreement(
                client,
                coordinator,
                due_on=today + rng.randrange(-10, 10) * DAY,
                status=rng.choice(["open", "open", "done"]),
            )
        if rng.random() < 0.4:
            Alert.objects.create(
                client=client,
                rule="no_next_contact",
                subject=f"client:{client.pk}",
                raised_on=today - 3 * DAY,
                resolved_on=(today if rng.random() < 0.3 else None),
                assigned_to=coordinator,
            )
        status = rng.choice(["active"] * 4 + ["closed", "intake"])
        if status != "active":
            Client.objects.filter(pk=client.pk).update(status=status)
    return {"kela": kela, "municipality": municipality, "ours": ours}


def test_the_caseload_figures_match_a_count_client_by_client(region):
    today = local_today()
    for organisation in (region["kela"], region["municipality"]):
        expected = _by_hand(organisation.pk, today)
        assert expected, "the seeded mix gives every organisation active clients"
        assert _from_selector(organisation.pk, today) == expected
    # The mix exercises every figure (none is trivially zero everywhere).
    figures = list(_by_hand(region["kela"].pk, today).values()) + list(
        _by_hand(region["municipality"].pk, today).values()
    )
    assert all(any(row[i] for row in figures) for i in range(4)), figures
    assert Client.objects.exclude(status="active").exists()


def test_closing_a_client_takes_it_off_the_figures(kela):
    today = local_today()
    coordinator = ProfessionalFactory(organisation=kela)
    kept = make_client(coordinator=coordinator, first_names="Aino", last_name="Pysyvä")
    closed = make_client(coordinator=coordinator, first_names="Eero", last_name="Päättynyt")
    agreement(closed, coordinator, due_on=today - 2 * DAY)
    next_contact(kept, coordinator, due_on=today + 7 * DAY)
    assert _from_selector(kela.pk, today) == {coordinator.pk: (2, 1, 1, 0)}
    Client.objects.filter(pk=closed.pk).update(status="closed")
    assert _from_selector(kela.pk, today) == {coordinator.pk: (1, 0, 0, 0)}
    Client.objects.filter(pk=kept.pk).update(status="intake")
    assert _from_selector(kela.pk, today) == {}  # nobody coordinates an active client


def test_the_team_view_shows_the_figures_of_my_organisation_only(region):
    manager = ProfessionalFactory(organisation=region["kela"], profession="service_manager")
    page = (
        login(HttpClient(HTTP_ACCEPT_LANGUAGE="en"), manager)
        .get(reverse("worklists:team"))
        .content.decode()
    )
    expected = _by_hand(region["kela"].pk, local_today())
    for person in region["ours"]:
        if person.pk in expected:
            active, overdue, without, alerts = expected[person.pk]
            cells = (
                f'<th scope="row">{person.get_full_name()}</th>\n      <td>{active}</td>\n'
                f"      <td>{overdue}</td>\n      <td>{without}</td>\n      <td>{alerts}</td>"
            )
            assert cells in page
    other = OrganisationFactory(name="Muu järjestö", kind="ngo")
    assert _from_selector(other.pk, local_today()) == {}
