"""The knot page: the seeds' story drawn and tabled, deadlock named, digital-access flag,
adding applications and blockers, resolving — through the access rule."""

import pytest

from polku.knots.models import Blocker
from tests.conftest import login
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db


def test_the_knot_shows_deadlock_order_graph_and_digital_flag(signed_in, client_record, story):
    page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
    assert "<svg" in page and "Sairauspäiväraha" in page
    deadlock = page.index('id="deadlock-heading"')
    assert (
        "Kuntoutusraha → Yleistuki" in page[deadlock:]
        or "Yleistuki → Kuntoutusraha" in page[deadlock:]
    )
    order = page[page.index('id="order-heading"') :]
    assert order.index("Palkkatodistus") < order.index("Asumistuki")
    assert 'role="note"' in page  # the client cannot read further-information requests
    overview = signed_in.get(f"/clients/{client_record.pk}/").content.decode()
    assert f"/clients/{client_record.pk}/knot/" in overview


def test_resolving_shrinks_the_knot(signed_in, client_record, story):
    blocker = Blocker.objects.get(what="Palkkatodistus")
    response = signed_in.post(f"/clients/{client_record.pk}/knot/blockers/{blocker.pk}/resolve/")
    assert response.status_code == 302
    blocker.refresh_from_db()
    assert blocker.resolved_at is not None
    page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
    assert (
        "Palkkatodistus"
        not in page[page.index('id="order-heading"') : page.index('id="apps-heading"')]
    )


def test_adding_a_blocker_and_bad_input(signed_in, client_record, story):
    housing = story["housing"]
    url = f"/clients/{client_record.pk}/knot/applications/{housing.pk}/blockers/"
    response = signed_in.post(url, {f"b{housing.pk}-kind": "statement", f"b{housing.pk}-what": ""})
    assert response.status_code == 400
    assert Blocker.objects.filter(application=housing).count() == 1
    response = signed_in.post(
        url, {f"b{housing.pk}-kind": "statement", f"b{housing.pk}-what": "B-lausunto"}
    )
    assert response.status_code == 302
    assert Blocker.objects.filter(application=housing, what="B-lausunto").exists()


def test_outsiders_get_404(client, client_record, story):
    http = login(client, ProfessionalFactory())
    assert http.get(f"/clients/{client_record.pk}/knot/").status_code == 404
    blocker = Blocker.objects.first()
    assert (
        http.post(f"/clients/{client_record.pk}/knot/blockers/{blocker.pk}/resolve/").status_code
        == 404
    )
    assert Blocker.objects.get(pk=blocker.pk).resolved_at is None


def test_recording_a_decision_on_the_knot_page(signed_in, client_record, story):
    housing = story["housing"]
    url = f"/clients/{client_record.pk}/knot/applications/{housing.pk}/status/"
    response = signed_in.post(url, {f"s{housing.pk}-status": "nonsense"})
    assert response.status_code == 400
    page = response.content.decode()
    row = page[page.index(f'id="application-{housing.pk}"') :]
    assert row.index('<details class="row-action" open>') < row.index("</tr>")  # shown open
    response = signed_in.post(url, {f"s{housing.pk}-status": "decided_granted"})
    assert response.status_code == 302
    housing.refresh_from_db()
    assert housing.status == "decided_granted" and housing.decision_date is not None
