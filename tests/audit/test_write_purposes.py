"""Every event on a client's data says why (its purpose), writes as well as reads: the client
portal's "who has looked at my information" shows the why of each visit, and a visit made
only of writes (a plan, a meeting, a handover …) said "No consent purpose was recorded".
The write services record the purpose the read path records (policy.purpose_for, the same
purposes_granting as client_for)."""

import ast
from pathlib import Path

import pytest

from polku.access import policy
from polku.audit.models import AuditEvent
from polku.clients import services as clients
from polku.clients.models import ConsentPurpose
from polku.plans import services as plans
from polku.portal import services as portal
from tests.factories import ProfessionalFactory, synthetic_hetu
from tests.meetings.helpers import plan as plan_meeting

pytestmark = pytest.mark.django_db

POLKU = Path(__file__).resolve().parents[2] / "polku"


def _last(client, target_prefix: str) -> AuditEvent:
    return (
        AuditEvent.objects.filter(client=client, target__startswith=target_prefix)
        .order_by("-pk")
        .first()
    )


def test_a_client_in_intake_is_written_under_intake(coordinator):
    client = clients.record_client(
        by=coordinator, hetu=synthetic_hetu(), data={"first_names": "Aino", "last_name": "Ala"}
    )
    assert _last(client, "client").purpose == policy.INTAKE
    clients.update_client(client=client, by=coordinator, data={"first_names": "Aino Maria"})
    assert _last(client, "client").purpose == policy.INTAKE


def test_each_write_path_records_the_consent_purpose(coordinator, client_record, kela):
    granted = policy.purposes_granting(coordinator, [client_record.pk])[client_record.pk]
    assert granted and granted != policy.INTAKE
    assert set(granted.split(",")) <= set(ConsentPurpose.values)

    clients.update_client(client=client_record, by=coordinator, data={"first_names": "Eino"})
    assert _last(client_record, "client").purpose == granted

    colleague = ProfessionalFactory(organisation=kela)
    clients.add_member(client=client_record, by=coordinator, professional=colleague)
    assert _last(client_record, "network_member").purpose == granted

    plans.create_plan(client=client_record, by=coordinator)
    assert _last(client_record, "plan").purpose == granted

    plan_meeting(client_record, coordinator)
    assert _last(client_record, "meeting").purpose == granted

    portal.create_code(client=client_record, by=coordinator)
    assert _last(client_record, "portal_code").purpose == granted

    # Nothing this professional wrote on the client is without a purpose.
    assert not AuditEvent.objects.filter(
        client=client_record, actor=coordinator, purpose=""
    ).exists()


def _record_calls():
    """Every call of audit.record in the code that names a client and an actor who may be a
    professional (not actor=None: the client in the portal, the system)."""
    for path in sorted(POLKU.rglob("*.py")):
        if {"migrations", "benchmarks", "demo"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name != "record":
                continue
            given = {k.arg: k.value for k in node.keywords}
            actor = given.get("actor")
            if "client" not in given or actor is None:
                continue
            if isinstance(actor, ast.Constant) and actor.value is None:
                continue
            yield f"{path.relative_to(POLKU.parent)}:{node.lineno}", given


def test_every_write_on_a_client_by_a_professional_passes_a_purpose():
    calls = list(_record_calls())
    assert len(calls) > 30  # the scan finds the services' calls
    missing = [where for where, given in calls if "purpose" not in given]
    assert not missing, f"audit.record on a client without purpose=: {missing}"
