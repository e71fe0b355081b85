"""Issue 18, finding 19: retention and erasure. Each kind of record has a period with its legal
basis (POLKU_RETENTION); a run anonymises or deletes exactly what has expired, in one
transaction, audited; a dry run changes nothing; a second run finds nothing more."""

import copy
import datetime as dt
import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone

from polku.assessment.models import Assessment, DomainAssessment
from polku.audit.models import AuditEvent
from polku.audit.verification import verify_stored_chain
from polku.clients.models import Client, ClientStatus, Consent, NetworkMember
from polku.meetings.models import Meeting
from polku.plans.models import Goal, Plan
from polku.portal.models import SignInCode
from polku.privacy import retention
from polku.privacy.retention_checks import check_retention
from polku.privacy.tasks import apply_retention as apply_retention_task
from polku.research.models import ResearchExport
from tests.factories import make_client

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def dirs(settings, tmp_path):
    settings.POLKU_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    settings.POLKU_RESEARCH_EXPORT_DIR = tmp_path / "exports"


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def closed_client(coordinator, *, closed_on: dt.date, name: str = "Aino", notes: bool = True):
    """A client whose case closed on `closed_on`, with identifiers, free texts, health notes
    and a portal code."""
    client = make_client(
        coordinator=coordinator,
        first_names=name,
        last_name="Virtanen",
        phone="040 123 4567",
        email="aino@example.invalid",
        street_address="Koulukatu 1",
        postal_code="60100",
        municipality="Seinäjoki",
    )
    Consent.objects.filter(client=client).update(description="Työllisyys ja kuntoutus")
    if notes:
        assessment = Assessment.objects.create(
            client=client,
            version=1,
            assessed_on=closed_on - dt.timedelta(days=300),
            assessed_by=coordinator,
            work_ability_score=4,
            sickness_absence_days=40,
        )
        DomainAssessment.objects.create(
            assessment=assessment,
            domain="health_functioning",
            client_status=2,
            client_view="Selkä kipeytyy",
            professional_view="Masennus hoidossa",
        )
        DomainAssessment.objects.create(
            assessment=assessment, domain="housing", client_view="Asun yksin Seinäjoella"
        )
        plan = Plan.objects.create(client=client, created_by=coordinator)
        Goal.objects.create(plan=plan, text="Haluan töihin Ainon leipomoon")
        Meeting.objects.create(
            client=client,
            kind="first_joint",
            mode="in_person",
            starts_at=_at(closed_on - dt.timedelta(days=200)),
            ends_at=_at(closed_on - dt.timedelta(days=200)) + dt.timedelta(hours=1),
            place="Koulukatu 1",
            notes="Aino kertoi velkatilanteesta",
            organiser=coordinator,
        )
    SignInCode.objects.create(
        client=client,
        code_hash=f"h{client.pk:063d}",
        created_by=coordinator,
        expires_at=_at(closed_on),
    )
    Client.objects.filter(pk=client.pk).update(status=ClientStatus.CLOSED)
    NetworkMember.objects.filter(client=client).update(
        started_at=_at(closed_on - dt.timedelta(days=700)), ended_at=_at(closed_on)
    )
    return Client.objects.get(pk=client.pk)


def export_made(coordinator, root, *, on: dt.date) -> ResearchExport:
    export = ResearchExport.objects.create(
        created_by=coordinator, created_at=_at(on), purpose="AIMO follow-up", permit_reference="P1"
    )
    folder = root / f"export-{export.pk}"
    folder.mkdir(parents=True)
    (folder / "cohort.csv").write_text("pseudonym,age_band\nx,30-39\n", encoding="utf-8")
    export.directory = str(folder)
    export.save(update_fields=["directory"])
    return export


@pytest.fixture
def world(coordinator, settings):
    """Two clients past the 10-year period whose consents (ended when the case closed) have
    passed their 12 years; one past the 10 years whose consent has not; one closed within the
    10 years; one active; an old and a new research export."""
    old = closed_client(coordinator, closed_on=dt.date(2014, 3, 1), name="Aino")
    older = closed_client(coordinator, closed_on=dt.date(2013, 6, 30), name="Eino")
    held = closed_client(coordinator, closed_on=dt.date(2016, 3, 1), name="Veikko")
    recent = closed_client(coordinator, closed_on=dt.date(2020, 1, 15), name="Kalle")
    active = make_client(coordinator=coordinator, first_names="Liisa")
    root = settings.POLKU_RESEARCH_EXPORT_DIR
    old_export = export_made(coordinator, root, on=dt.date(2023, 5, 1))
    new_export = export_made(coordinator, root, on=dt.date(2026, 1, 1))
    return {
        "expired": [old, older],
        "kept": [recent, active, held],
        "old_export": old_export,
        "new_export": new_export,
    }


def snapshot():
    """Every row of the tables a run may touch, as plain values."""
    tables = [
        Client,
        Consent,
        NetworkMember,
        Assessment,
        DomainAssessment,
        Goal,
        Meeting,
        SignInCode,
        ResearchExport,
        AuditEvent,
    ]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in tables}


def test_dry_run_reports_and_changes_nothing(world):
    before = snapshot()
    report = retention.dry_run(TODAY).by_kind()
    assert snapshot() == before
    assert (report["client_records"].count, report["client_records"].oldest) == (
        2,
        dt.date(2013, 6, 30),
    )
    assert report["client_records"].cutoff == dt.date(2016, 12, 2)
    assert report["client_records"].details == {
        "referrals_without_case": 0,
        "held_for_consents": 1,
    }
    assert (report["consents"].count, report["consents"].cutoff) == (2, dt.date(2014, 12, 2))
    assert report["consents"].oldest == dt.date(2013, 6, 30)
    # the held client's health notes are past their own (10-year) period
    assert report["health_notes"].count == 3
    assert (report["research_extracts"].count, report["research_extracts"].oldest) == (
        1,
        dt.date(2023, 5, 1),
    )
    assert report["audit_events"].count == 0
    assert not any(r.done for r in report.values())
    assert os.path.isdir(world["old_export"].directory)


def test_run_anonymises_exactly_the_expired(world, django_capture_on_commit_callbacks):
    kept_before = {c.pk: Client.objects.filter(pk=c.pk).values().get() for c in world["kept"]}
    with django_capture_on_commit_callbacks(execute=True):
        report = retention.apply_retention(TODAY)
    assert report.by_kind()["client_records"].count == 2

    for original in world["expired"]:
        client = Client.objects.get(pk=original.pk)
        assert client.first_names == client.last_name == retention.ERASED
        assert client.hetu_encrypted == "" and client.hetu_masked == ""
        assert client.hetu_hash == f"anonymised:{client.pk}"
        assert (client.phone, client.email, client.street_address, client.postal_code) == (
            "",
            "",
            "",
            "",
        )
        # what the research figures need stays
        assert client.municipality == "Seinäjoki"
        assert client.birth_date == dt.date(original.birth_date.year, 7, 1)
        assert client.status == ClientStatus.CLOSED
        assert Consent.objects.get(client=client).description == retention.ERASED
        assert Goal.objects.get(plan__client=client).text == retention.ERASED
        meeting = Meeting.objects.get(client=client)
        assert (meeting.place, meeting.notes) == (retention.ERASED, retention.ERASED)
        views = DomainAssessment.objects.filter(assessment__client=client)
        assert {v.client_view for v in views} == {retention.ERASED}
        assessment = Assessment.objects.get(client=client)
        assert assessment.sickness_absence_days is None
        assert assessment.work_ability_score == 4
        assert not SignInCode.objects.filter(client=client).exists()

    for original in world["kept"]:
        assert Client.objects.filter(pk=original.pk).values().get() == kept_before[original.pk]
    recent = world["kept"][0]
    assert Goal.objects.get(plan__client=recent).text == "Haluan töihin Ainon leipomoon"
    assert Assessment.objects.get(client=recent).sickness_absence_days == 40
    assert SignInCode.objects.filter(client=recent).exists()

    old, new = (ResearchExport.objects.get(pk=world[k].pk) for k in ("old_export", "new_export"))
    assert old.directory == ""
    assert not any(django_settings.POLKU_RESEARCH_EXPORT_DIR.glob(f"*export-{old.pk}"))
    assert new.directory and os.path.isdir(new.directory)


def test_run_is_audited_and_the_chain_still_verifies(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        retention.apply_retention(TODAY)
    event = AuditEvent.objects.filter(target="retention").get()
    assert event.action == "delete"
    assert event.actor_id is None
    kinds = event.details["kinds"]
    assert kinds["client_records"]["count"] == 2
    assert kinds["client_records"]["held_for_consents"] == 1
    assert kinds["consents"]["count"] == 2
    assert kinds["health_notes"]["count"] == 3
    assert kinds["research_extracts"]["count"] == 1
    assert kinds["audit_events"] == {
        "action": "delete",
        "years": 12,
        "cutoff": "2014-12-02",
        "count": 0,
        "oldest": None,
        "done": True,
    }
    assert sorted(event.details["anonymised_clients"]) == sorted(c.pk for c in world["expired"])
    assert verify_stored_chain().intact


def test_second_run_finds_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        retention.apply_retention(TODAY)
    after_first = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        second = retention.apply_retention(TODAY)
    assert {r.kind: r.count for r in second.kinds} == {
        "health_notes": 0,
        "client_records": 0,
        "consents": 0,
        "research_extracts": 0,
        "audit_events": 0,
    }
    after_second = snapshot()
    # only the second run's own audit event is new
    assert len(after_second["AuditEvent"]) == len(after_first["AuditEvent"]) + 1
    after_second["AuditEvent"] = after_first["AuditEvent"]
    assert after_second == after_first


def test_failure_mid_run_changes_nothing(world, monkeypatch):
    """The clients are anonymised and the extracts set aside before the audit event is written:
    when that fails, the clients are back as they were and the extract files are in place."""
    before = snapshot()
    old_dir = world["old_export"].directory

    def broken(**kwargs):
        raise RuntimeError("the audit store is down")

    monkeypatch.setattr("polku.audit.services.record", broken)
    with pytest.raises(RuntimeError, match="audit store is down"):
        retention.apply_retention(TODAY)
    assert snapshot() == before
    assert (Path(old_dir) / "cohort.csv").exists()


def test_failure_while_setting_files_aside_puts_them_back(
    world, coordinator, settings, monkeypatch
):
    """Two expired exports: the first is set aside, then the disk fails on the second. The
    database is unchanged and the first export's files are back in place."""
    second = export_made(coordinator, settings.POLKU_RESEARCH_EXPORT_DIR, on=dt.date(2023, 6, 1))
    before = snapshot()
    renames = []
    original_rename = Path.rename

    def failing_rename(self, target):
        renames.append(self)
        if len(renames) == 2:
            raise OSError("disk gone")
        return original_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OSError, match="disk gone"):
        retention.apply_retention(TODAY)
    monkeypatch.undo()
    assert snapshot() == before
    for export in (world["old_export"], second):
        assert (Path(export.directory) / "cohort.csv").exists()
    assert not list(settings.POLKU_RESEARCH_EXPORT_DIR.glob(".expired-*"))


def test_health_notes_can_expire_before_the_client_records(world, settings):
    config = copy.deepcopy(settings.POLKU_RETENTION)
    config["health_notes"]["years"] = 5
    settings.POLKU_RETENTION = config
    report = retention.dry_run(TODAY).by_kind()
    assert report["health_notes"].count == 4  # the client closed in 2020 too
    assert report["client_records"].count == 2


def test_audit_events_younger_than_12_years_by_the_clock_are_not_removed(
    world, coordinator, django_capture_on_commit_callbacks
):
    """A run dated in the future (here 2040) finds today's events past the period, but the
    clock says they are younger than 12 years: they are reported, not removed."""
    from polku.audit import services as audit

    audit.record(actor=coordinator, action="view", client=world["kept"][1], purpose="x")
    count = AuditEvent.objects.count()
    later = dt.date(2040, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        report = retention.apply_retention(later).by_kind()["audit_events"]
    assert report.count == count
    assert "less than 12 years ago" in report.not_done_reason and not report.done
    assert AuditEvent.objects.count() == count + 1
    assert verify_stored_chain().intact


def test_command_dry_run_prints_a_report(world):
    out = StringIO()
    before = snapshot()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert snapshot() == before
    assert "(nothing changed)" in text
    assert "Client records (kept 10 years, expired before " in text
    assert "2 clients would be anonymised; the oldest from 30.6.2013" in text
    assert "1 clients past the period kept until their consents' period ends" in text
    assert "Consents (kept 12 years, expired before " in text
    assert "2 consents would be anonymised; the oldest from 30.6.2013" in text
    assert "1 exports' files would be deleted; the oldest from 1.5.2023" in text
    assert "0 events would be deleted" in text


def test_command_runs_and_the_task_too(world, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=out)
    assert "2 clients anonymised" in out.getvalue()
    result = apply_retention_task.call()
    assert result["client_records"] == {"action": "anonymise", "count": 0, "done": True}
    assert AuditEvent.objects.filter(target="retention").count() == 2


def test_command_refuses_invalid_settings(settings):
    settings.POLKU_RETENTION = {}
    with pytest.raises(CommandError, match="client_records: missing"):
        call_command("apply_retention", "--dry-run", stdout=StringIO())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.pop("audit_events"), "audit_events: missing"),
        (lambda c: c["audit_events"].update(years=5), "shorter than the 12 years"),
        (lambda c: c["client_records"].update(years=0), "at least 1"),
        (lambda c: c["client_records"].update(action="delete"), "action must be one of"),
        (lambda c: c["research_extracts"].update(starts="forever"), "starts must be"),
        (lambda c: c["health_notes"].update(basis=" "), "basis must name"),
        (lambda c: c["health_notes"].update(set_by="whim"), "set_by must be"),
        (lambda c: c.update(emails={}), "emails: not a kind"),
    ],
)
def test_settings_are_checked_at_start_up(settings, change, message):
    assert check_retention() == []
    config = copy.deepcopy(settings.POLKU_RETENTION)
    change(config)
    settings.POLKU_RETENTION = config
    errors = check_retention()
    assert errors and message in errors[0].msg
    assert errors[0].id == "polku.E030"


def test_every_free_text_about_a_client_is_erased_or_kept_for_a_reason():
    """A new text field on a model that refers to a client must be classified (ERASE or KEEP)
    before it can escape anonymisation."""
    from django.apps import apps

    erased = {f"{label}.{name}" for label, _lookup, names in retention.ERASE for name in names}
    erased |= {f"{label}.{name}" for label, values in retention._CLEARED.items() for name in values}
    texts = (models.CharField, models.TextField, models.JSONField)
    unclassified = []
    for model in apps.get_models():
        label = model._meta.label
        if not (model.__module__.startswith("polku.") and _refers_to_client(model)):
            continue
        if f"{label}.*" in retention.KEEP:
            continue
        for field in model._meta.concrete_fields:
            name = f"{label}.{field.name}"
            free_text = isinstance(field, texts) and not field.choices
            if free_text and field.name not in _BOOKKEEPING and name not in erased | set(KEEP):
                unclassified.append(name)
    assert unclassified == []


KEEP = retention.KEEP
_BOOKKEEPING = {"history_type"}


def _refers_to_client(model, depth=0) -> bool:
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey):
            if field.related_model is Client or model is Client:
                return True
            if (
                depth < 2
                and field.related_model is not model
                and _refers_to_client(field.related_model, depth + 1)
            ):
                return True
    return model is Client


def test_a_missing_setting_is_reported_at_start_up(settings):
    del settings.POLKU_RETENTION
    errors = check_retention()
    assert [e.msg for e in errors] == [
        "POLKU_RETENTION: POLKU_RETENTION must be a dict of kinds of record."
    ]


def test_key_rotation_skips_anonymised_rows(world, settings, django_capture_on_commit_callbacks):
    """An anonymised client holds no henkilötunnus: rotate_keys must not report it unreadable,
    nor the deploy check count it as needing an old key."""
    from polku.clients import key_rotation

    client = world["expired"][0]
    with django_capture_on_commit_callbacks(execute=True):
        retention.apply_retention(TODAY)
    counts = key_rotation.rotate_all(batch_size=100, dry_run=True)
    assert counts["clients.Client"].unreadable == []
    assert counts["clients.Client"].examined == 3  # the three clients not anonymised
    assert key_rotation.rows_needing_old_keys() == 0
    assert Client.objects.get(pk=client.pk).hetu_encrypted == ""
