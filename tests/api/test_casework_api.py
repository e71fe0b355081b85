"""The casework in the REST API: assessments, the plan, meetings (with adding an agreement and
closing) and handovers — through the access rule, audited, bad input refused with messages."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.audit.models import AuditEvent
from polku.plans.models import Goal, Plan, Step
from tests.assessment.matrix_ids import make_ids as make_assessment
from tests.conftest import login
from tests.factories import ProfessionalFactory
from tests.handover.matrix_ids import make_ids as make_handover
from tests.meetings.helpers import plan

pytestmark = pytest.mark.django_db


def test_assessments_plan_and_handovers(signed_in, client_record, coordinator):
    base = f"/api/v1/clients/{client_record.pk}/"
    assert signed_in.get(base + "plan/").json()["goals"] == []
    own = Plan.objects.create(client=client_record, created_by=coordinator)
    goal = Goal.objects.create(plan=own, text="Töihin kahvilaan", created_by=coordinator)
    Step.objects.create(
        goal=goal, what="Työkokeilu", responsible=coordinator, target_date=timezone.localdate()
    )
    body = signed_in.get(base + "plan/").json()
    assert body["goals"][0]["text"] == "Töihin kahvilaan"
    assert body["goals"][0]["steps"][0]["what"] == "Työkokeilu"
    make_assessment(client_record, coordinator)
    assessments = signed_in.get(base + "assessments/").json()["results"]
    assert assessments[0]["version"] == 1 and assessments[0]["domains"][0]["support_needed"]
    make_handover(client_record, coordinator)
    handovers = signed_in.get(base + "handovers/").json()["results"]
    assert handovers[0]["status"] == "proposed"
    for what in ("plan", "assessments", "handovers"):
        assert AuditEvent.objects.filter(client=client_record, target=what).exists()


def test_meetings_agreements_and_closing(signed_in, client_record, coordinator):
    meeting = plan(client_record, coordinator)
    base = f"/api/v1/clients/{client_record.pk}/meetings/"
    listed = signed_in.get(base).json()["results"]
    assert [m["id"] for m in listed] == [meeting.pk]
    refused = signed_in.post(f"{base}{meeting.pk}/close/")
    assert refused.status_code == 400
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    bad = signed_in.post(
        f"{base}{meeting.pk}/agreements/",
        {"what": "Hakee kuntoutusrahaa", "due_on": past, "owner_is_client": True},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "due_on" in bad.json()
    stranger = ProfessionalFactory(organisation=coordinator.organisation)
    outsider = signed_in.post(
        f"{base}{meeting.pk}/agreements/",
        {"what": "x", "due_on": timezone.localdate().isoformat(), "owner": stranger.pk},
        content_type="application/json",
    )
    assert outsider.status_code == 400 and "owner" in outsider.json()
    made = signed_in.post(
        f"{base}{meeting.pk}/agreements/",
        {
            "what": "Hakee kuntoutusrahaa",
            "due_on": timezone.localdate().isoformat(),
            "owner": coordinator.pk,
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["owner"]["id"] == coordinator.pk
    detail = signed_in.get(f"{base}{meeting.pk}/").json()
    assert [a["what"] for a in detail["agreements"]] == ["Hakee kuntoutusrahaa"]
    assert detail["next_contact"] is None


def test_outside_the_rule_is_404(client, client_record):
    http = login(client, ProfessionalFactory())
    for path in ("plan/", "assessments/", "handovers/", "meetings/"):
        assert http.get(f"/api/v1/clients/{client_record.pk}/{path}").status_code == 404
