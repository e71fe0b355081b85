"""Recording assessments: versions per client, validation, nothing half-saved, audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from polku.assessment import selectors, services
from polku.assessment.models import Assessment, DomainAssessment
from polku.audit.models import AuditEvent
from tests.factories import make_client

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def record(client, by, **overrides):
    arguments = {
        "assessed_on": TODAY(),
        "work_ability_score": 7,
        "sickness_absence_days": 0,
        "domains": {
            "health_functioning": {
                "client_status": 3,
                "professional_status": 2,
                "support_needed": True,
                "client_view": "Selkä kipeytyy pitkässä seisomisessa.",
                "professional_view": "Työkyvyn arvio tarpeen.",
            },
            "strengths": {"client_status": 4, "client_view": "Sosiaalinen, auttaa muita."},
        },
        **overrides,
    }
    return services.record_assessment(client=client, by=by, **arguments)


def test_versions_count_up_per_client(client_record, coordinator):
    other = make_client(coordinator=coordinator, first_names="Eino")
    first = record(client_record, coordinator)
    second = record(client_record, coordinator, work_ability_score=5)
    elsewhere = record(other, coordinator)
    third = record(client_record, coordinator)
    assert [first.version, second.version, third.version] == [1, 2, 3]
    assert elsewhere.version == 1
    assert Assessment.objects.get(pk=first.pk).work_ability_score == 7  # unchanged


def test_domains_are_stored_and_empty_domains_skipped(client_record, coordinator):
    assessment = record(
        client_record,
        coordinator,
        domains={
            "housing": {"client_status": 2, "support_needed": True},
            "digital_access": {
                "client_status": None,
                "professional_status": None,
                "client_view": "  ",
                "support_needed": False,
            },
        },
    )
    rows = list(DomainAssessment.objects.filter(assessment=assessment).values("domain"))
    assert rows == [{"domain": "housing"}]


def test_an_assessment_writes_an_audit_event(client_record, coordinator):
    assessment = record(client_record, coordinator)
    event = AuditEvent.objects.filter(client=client_record, action="create").latest("id")
    assert event.target == f"assessment:{assessment.pk}"
    assert event.actor_id == coordinator.pk
    assert event.details == {"version": 1}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"work_ability_score": 11}, "work_ability_score"),
        ({"work_ability_score": -1}, "work_ability_score"),
        ({"work_ability_score": "7"}, "work_ability_score"),
        ({"sickness_absence_days": -3}, "sickness_absence_days"),
        ({"sickness_absence_days": 400}, "sickness_absence_days"),
        ({"assessed_on": TODAY() + dt.timedelta(days=1)}, "assessed_on"),
        ({"assessed_on": None}, "assessed_on"),
        ({"domains": {"astrology": {"client_status": 2}}}, "__all__"),
        ({"domains": {"housing": {"client_status": 5}}}, "__all__"),
        ({"domains": {"housing": {"client_status": True}}}, "__all__"),
        ({"domains": {"housing": {"colour": "red"}}}, "__all__"),
        ({"domains": {"housing": {"client_view": "<script>alert(1)</script>"}}}, "__all__"),
        ({"domains": {"housing": {"professional_view": "x" * 4001}}}, "__all__"),
        (
            {"work_ability_score": None, "sickness_absence_days": None, "domains": {}},
            "__all__",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(client_record, coordinator, overrides, field):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        record(client_record, coordinator, **overrides)
    assert field in caught.value.error_dict
    assert not Assessment.objects.exists()
    assert not DomainAssessment.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_failure_after_the_assessment_row_leaves_nothing(client_record, coordinator, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        record(client_record, coordinator)
    assert not Assessment.objects.exists()
    assert not DomainAssessment.objects.exists()


def test_versions_are_immutable(client_record, coordinator):
    assessment = record(client_record, coordinator)
    assessment.work_ability_score = 1
    with pytest.raises(ValueError, match="immutable"):
        assessment.save()


def test_the_database_refuses_a_duplicate_version(client_record, coordinator):
    first = record(client_record, coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            client=client_record,
            version=first.version,
            assessed_on=TODAY(),
            assessed_by=coordinator,
        )


def test_the_database_refuses_a_score_out_of_range(client_record, coordinator):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            client=client_record,
            version=1,
            assessed_on=TODAY(),
            assessed_by=coordinator,
            work_ability_score=11,
        )


def test_a_version_clash_is_retried(client_record, coordinator, monkeypatch):
    """Two professionals saving at the same moment: the loser takes the next number."""
    record(client_record, coordinator)
    real = services._next_version
    calls = []

    def stale_once(client):
        calls.append(1)
        return (1, None) if len(calls) == 1 else real(client)

    monkeypatch.setattr(services, "_next_version", stale_once)
    second = record(client_record, coordinator)
    assert second.version == 2
    assert len(calls) == 2


def test_history_compares_each_version_with_the_one_before(client_record, coordinator):
    record(client_record, coordinator, work_ability_score=7)
    record(
        client_record,
        coordinator,
        work_ability_score=4,
        domains={
            "health_functioning": {"client_status": 2, "professional_status": 2},
            "housing": {"client_status": 3},
        },
    )
    latest, previous = selectors.history(client_record)
    assert latest.score_change == "down"
    assert previous.score_change == ""
    rows = {row.domain: row for row in latest.rows}
    assert rows["health_functioning"].client_change == "down"
    assert rows["health_functioning"].professional_change == "same"
    assert rows["housing"].client_change == "new"
    assert rows["strengths"].client_change == "gone"
    assert rows["work_history"].client_change == ""


def test_a_new_version_cannot_be_dated_before_the_previous_one(client_record, coordinator):
    record(client_record, coordinator, assessed_on=TODAY() - dt.timedelta(days=10))
    with pytest.raises(ValidationError) as caught:
        record(client_record, coordinator, assessed_on=TODAY() - dt.timedelta(days=11))
    assert "assessed_on" in caught.value.error_dict
    assert Assessment.objects.count() == 1
    assert record(client_record, coordinator, assessed_on=TODAY() - dt.timedelta(days=10))
