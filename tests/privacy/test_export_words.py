"""The client's access export is readable (issue 18, finding 18): codes an app stores without
choices are said in words — an alert's rule and what it is about, a goal's place in the plan,
the plan itself — never "agreement_overdue", "agreement:7" or "Plan 1 (client 1, v1)"."""

import datetime as dt

import pytest
from django.utils import translation

from polku.plans.models import Goal, Plan
from polku.privacy import export
from polku.worklists.models import Alert
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _texts(client, language):
    with translation.override(language):
        found = export.build_access_export(client, recipient="client", full_hetu=False)
    return {
        (record.model, item.name): item.text
        for section in found.sections
        for record in section.records
        for item in record.items
    }


@pytest.mark.parametrize(
    ("language", "rule", "subject", "plan"),
    [
        ("fi", "Sopimus myöhässä", "sopimus", "Suunnitelma, versio 1"),
        ("sv", "Överenskommelse försenad", "en överenskommelse", "Plan, version 1"),
    ],
)
def test_codes_are_said_in_words(coordinator, language, rule, subject, plan):
    client = make_client(coordinator=coordinator)
    goal = Goal.objects.create(
        plan=Plan.objects.create(client=client, created_by=coordinator), text="Töihin", order=0
    )
    Alert.objects.create(
        client=client,
        rule="agreement_overdue",
        subject="agreement:7",
        raised_on=dt.date(2026, 11, 20),
        since=dt.date(2026, 11, 18),
    )
    texts = _texts(client, language)
    assert texts[("worklists.Alert", "rule")] == rule
    assert subject in texts[("worklists.Alert", "subject")].lower()
    assert texts[("plans.Goal", "plan")] == plan
    assert texts[("plans.Goal", "order")] == "1"
    everything = " ".join(texts.values())
    for code in ("agreement_overdue", "agreement:7", f"client {client.pk}", f"Plan {goal.plan_id}"):
        assert code not in everything
