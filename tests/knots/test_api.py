"""The knot API: the analysis as JSON, applications and blockers recorded and changed through
the services (validated, audited), everything through the access rule."""

import datetime as dt

import pytest

from polku.audit.models import AuditEvent
from polku.knots.models import Application, Blocker
from tests.conftest import login
from tests.factories import ProfessionalFactory, make_client
from tests.knots.factories import application, catalogue_service

pytestmark = pytest.mark.django_db


def test_the_knot_as_json_names_the_deadlock_order_and_digital_flag(
    signed_in, client_record, story
):
    client_record.can_read_kela_messages = False
    client_record.save()
    response = signed_in.get(f"/api/v1/clients/{client_record.pk}/knot/")
    assert response.status_code == 200
    body = response.json()
    assert len(body["applications"]) == 4 and len(body["blockers"]) == 4
    rehab, unemployment = (
        str(a["id"]) for a in body["applications"] if a["service"] in ("kr", "tt")
    )
    assert [sorted(group) for group in body["analysis"]["deadlocks"]] == [
        sorted([rehab, unemployment])
    ]
    order = body["analysis"]["order"]
    assert order[0]["kind"] == "further_information" and order[0]["actionable_now"]
    assert [row["deadlocked"] for row in order[-2:]] == [True, True]
    assert body["needs_digital_help"] is True
    assert AuditEvent.objects.filter(client=client_record, target="knot").exists()


def test_record_an_application_a_blocker_a_decision_and_resolve(
    signed_in, client_record, coordinator
):
    catalogue_service("asumistuki", name="Asumistuki")
    catalogue_service("tyottomyysturva", name="Yleistuki")
    base = f"/api/v1/clients/{client_record.pk}/"
    submitted = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    first = signed_in.post(
        base + "applications/",
        {"service": "tyottomyysturva", "status": "pending", "submitted": submitted},
        content_type="application/json",
    )
    assert first.status_code == 201, first.json()
    second = signed_in.post(
        base + "applications/",
        {"service": "asumistuki", "status": "pending", "submitted": submitted},
        content_type="application/json",
    ).json()
    blocker = signed_in.post(
        base + f"applications/{second['id']}/blockers/",
        {"kind": "decision", "waits_for": first.json()["id"]},
        content_type="application/json",
    )
    assert blocker.status_code == 201, blocker.json()
    decided = signed_in.patch(
        base + f"applications/{first.json()['id']}/",
        {"status": "decided_granted"},
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert decided.json()["decision_date"] == dt.date.today().isoformat()
    # the decision it waited for was made: the blocker resolved with it, nothing binds
    knot = signed_in.get(base + "knot/").json()
    (waiting,) = [b for b in knot["blockers"] if b["id"] == blocker.json()["id"]]
    assert waiting["resolved"] is True and waiting["resolved_at"]
    assert knot["analysis"]["order"] == [] and knot["analysis"]["critical_path"] == [
        str(second["id"])
    ]
    again = signed_in.post(base + f"blockers/{blocker.json()['id']}/resolve/")
    assert again.status_code == 400
    other = signed_in.post(
        base + f"applications/{second['id']}/blockers/",
        {"kind": "statement", "what": "B-lausunto"},
        content_type="application/json",
    ).json()
    resolved = signed_in.post(base + f"blockers/{other['id']}/resolve/")
    assert resolved.status_code == 200 and resolved.json()["resolved"] is True


def test_bad_input_is_refused_with_messages_and_nothing_written(signed_in, client_record):
    catalogue_service("asumistuki", name="Asumistuki")
    base = f"/api/v1/clients/{client_record.pk}/"
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    response = signed_in.post(
        base + "applications/",
        {"service": "asumistuki", "status": "pending", "submitted": future},
        content_type="application/json",
        headers={"accept-language": "fi"},
    )
    assert response.status_code == 400
    assert "submitted" in response.json()
    response = signed_in.post(
        base + "applications/",
        {"service": "no-such", "status": "pending"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "service" in response.json()
    assert not Application.objects.exists()


def test_a_blocker_cannot_wait_for_another_clients_application(
    signed_in, client_record, coordinator, story
):
    stranger = make_client(coordinator=coordinator, first_names="Eero")
    theirs = application(stranger, coordinator, slug="x", name="X")
    response = signed_in.post(
        f"/api/v1/clients/{client_record.pk}/applications/{story['housing'].pk}/blockers/",
        {"kind": "decision", "waits_for": theirs.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "waits_for" in response.json()
    assert Blocker.objects.filter(waits_for=theirs).count() == 0


def test_outside_the_access_rule_is_404(client, client_record, story):
    http = login(client, ProfessionalFactory())
    assert http.get(f"/api/v1/clients/{client_record.pk}/knot/").status_code == 404
    url = f"/api/v1/clients/{client_record.pk}/applications/{story['housing'].pk}/"
    assert http.get(url).status_code == 404
