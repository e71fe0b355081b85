"""Ids for the assessment URLs in the authorization matrix and the audit test."""

from django.utils import timezone

from polku.assessment import services


def make_ids(client, coordinator) -> dict[str, int]:
    assessment = services.record_assessment(
        client=client,
        by=coordinator,
        assessed_on=timezone.localdate(),
        work_ability_score=4,
        sickness_absence_days=40,
        domains={"health_functioning": {"client_status": 1, "support_needed": True}},
    )
    return {"assessment_id": assessment.pk}
