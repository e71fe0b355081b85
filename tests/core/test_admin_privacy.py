"""Issue #18, finding 14: the admin shows client data only through the access rule, audited.

The client council's session form listed every council member's name to any staff user; a
delete confirmation named the clients a professional had recorded. Both are checked here, and
that every admin of Polku goes through the same guard (polku.core.admin_privacy)."""

import pytest
from django.contrib import admin

from polku.audit.models import AuditEvent
from polku.core.admin_privacy import ClientSafeAdmin
from polku.portal.models import CouncilMembership, CouncilSession
from tests.conftest import login
from tests.factories import ProfessionalFactory, make_client

pytestmark = pytest.mark.django_db

ADD = "/admin/portal/councilsession/add/"


@pytest.fixture
def it_admin(kela):
    """An administrator: staff in the admin, in no client's network."""
    return ProfessionalFactory(
        username="paakayttaja",
        organisation=kela,
        profession="administrator",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def members(coordinator):
    mine = make_client(coordinator=coordinator, first_names="Raili", last_name="Raatilainen")
    other = ProfessionalFactory(username="toinen")
    theirs = make_client(coordinator=other, first_names="Veikko", last_name="Vieras")
    for c in (mine, theirs):
        CouncilMembership.objects.create(client=c)
    return mine, theirs


def test_every_polku_admin_goes_through_the_guard():
    ours = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("polku.")
    ]
    assert len(ours) >= 7
    for model, model_admin in ours:
        assert isinstance(model_admin, ClientSafeAdmin), model


def test_the_council_form_lists_no_client_outside_the_rule(client, it_admin, members):
    page = login(client, it_admin).get(ADD).content.decode()
    assert "Raatilainen" not in page and "Vieras" not in page
    assert not AuditEvent.objects.filter(actor=it_admin, client__isnull=False).exists()


def test_the_council_form_lists_only_the_clients_i_see_and_audits_them(
    client, coordinator, members
):
    mine, _theirs = members
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save()
    page = login(client, coordinator).get(ADD).content.decode()
    assert "Raatilainen" in page and "Vieras" not in page
    listed = AuditEvent.objects.filter(actor=coordinator, action="list", target="client_list")
    assert list(listed.values_list("client_id", flat=True)) == [mine.pk]


def test_saving_keeps_the_invitations_i_cannot_see(client, coordinator, members):
    mine, theirs = members
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save()
    session = CouncilSession.objects.create(starts_at="2026-12-10T10:00Z", theme="Palaute")
    session.invited.add(theirs)
    http = login(client, coordinator)
    response = http.post(
        f"/admin/portal/councilsession/{session.pk}/change/",
        {
            "starts_at_0": "10.12.2026",
            "starts_at_1": "12:00",
            "theme": "Palaute",
            "place": "",
            "invited": [mine.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(session.invited.values_list("pk", flat=True)) == {mine.pk, theirs.pk}


def test_a_delete_confirmation_names_no_client(client, it_admin, coordinator, members):
    client.cookies.load({"django_language": "en"})
    response = login(client, it_admin).get(f"/admin/accounts/user/{coordinator.pk}/delete/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Raatilainen" not in page
    assert "(not named here)" in page
