"""Ids of plan objects for the authorization matrix and audit tests (tests/access)."""

import datetime as dt

from django.utils import timezone

from polku.plans import services
from polku.plans.models import Plan


def make_ids(client, coordinator) -> dict[str, int]:
    goal = services.add_goal(
        client=client,
        by=coordinator,
        expected_version=services.NO_PLAN_YET,
        text="Haluan töihin keittiöön",
    )
    version = Plan.objects.values_list("version", flat=True).get(client=client)
    step = services.add_step(
        goal=goal,
        by=coordinator,
        expected_version=version,
        what="Työkokeilu lounasravintolassa",
        responsible=coordinator,
        target_date=timezone.localdate() + dt.timedelta(days=14),
    )
    return {"goal_id": goal.pk, "step_id": step.pk}
