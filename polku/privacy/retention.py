"""Retention and erasure (issue 18, finding 19): what has been kept past its period in
settings.POLKU_RETENTION is anonymised or deleted — in one transaction per run (all or
nothing), with one audit event per run that counts what was done per kind.

Kinds of record, in the order a run handles them:

* ``health_notes`` (delete): the health-related notes of an assessment — both views of the
  domains "health and functioning" and "work ability", and the sickness absence days — of a
  closed client whose case closed more than the period ago. The rows stay (the version
  history and the statuses the research figures count); the notes are erased.
* ``client_records`` (anonymise): a closed client whose case closed more than the period ago,
  once the client's consents have also passed theirs (``consents``). The direct identifiers
  (names, the henkilötunnus ciphertext, search hash and masked form, contacts) and every
  free text written about them anywhere in Polku are erased; the birth date becomes 1 July
  of the birth year. Kept for the research figures: municipality,
  language, needs-interpreter, online-credential flags, statuses, dates, choices, scores and
  outcomes, and the links between rows. Not deleted: the audit trail, kept longer, refers to
  the client row (audit.AuditEvent.client is PROTECT), and the research follow-up counts it.
  A referral that never became a case (no client) is the receiving team's record: its names,
  henkilötunnus, situation and contacts are erased the same period after it was closed, once
  its consent has passed the consents' period.
* ``consents`` (anonymise, with the client or the referral): a consent to disclose client data
  is kept the period after it ended — withdrawn, expired (the day after ``valid_until``) or the
  case closed, whichever came first; a referral's consent ends when it is withdrawn or the
  referral closed. Until then the client (or the referral) is not anonymised.
* ``research_extracts`` (delete): the files of a research export made more than the period
  ago. The record of the export (who, purpose, permit, what was written) is kept.
* ``audit_events`` (delete): the oldest events of the audit trail, as a whole prefix of its
  chain up to the first event that has not expired, through a signed retention cut
  (polku.audit.cuts): verification then starts from the cut. The run's own audit event is
  written after the cut, so it stays. A prefix whose chain does not verify is not removed
  (the report says why) and the rest of the run goes on.

"A case closed" is the end of a closed client's last network membership (all are ended when
a client is closed); a closed client with no membership counts from its last change.

Every free-text field of a model that refers to a client is either erased here (`ERASE`) or
listed with the reason it is kept (`KEEP`); a test walks every model so that a new field is
classified before it can escape anonymisation."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from polku.audit.triggers import MINIMUM_RETENTION_YEARS

logger = logging.getLogger(__name__)

KINDS = ("health_notes", "client_records", "consents", "research_extracts", "audit_events")
STARTS = {
    "client_records": "case_closed",
    "consents": "consent_ended",
    "health_notes": "case_closed",
    "audit_events": "event",
    "research_extracts": "export_created",
}
ACTIONS = {
    # A client row cannot be deleted while audit events (kept 12 years) refer to it.
    "client_records": ("anonymise",),
    "consents": ("anonymise",),
    "health_notes": ("delete",),
    "audit_events": ("delete",),
    "research_extracts": ("delete",),
}
SET_BY = ("law", "policy")
# The least a period set by law may be: a shorter setting is refused at start-up.
# 703/2023, 23 § and its appendix (POLKU_RETENTION cites the rows).
LEGAL_MINIMUM_YEARS = {
    "client_records": 10,
    "consents": 12,
    "audit_events": MINIMUM_RETENTION_YEARS,
}

# Any 64-bit constant: the PostgreSQL advisory lock that keeps two runs from overlapping.
_RUN_LOCK_KEY = 0x706F6C6B75_5245

ANONYMISED_PREFIX = "anonymised:"  # the search hash of an anonymised client: never a real hash
ERASED = "–"  # what an erased non-empty text becomes (some texts may not be empty)
HEALTH_DOMAINS = ("health_functioning", "work_ability")

# What anonymising a referral erases: (model, lookup from the model to the referral — "" for
# the referral itself —, fields). A referral of a client is erased with the client (ERASE).
REFERRAL_ERASE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "referrals.Referral",
        "",
        (
            "first_names",
            "last_name",
            "situation",
            "consent_scope",
            "contact_details",
            "phone",
            "email",
            "interpreter_language",
        ),
    ),
    ("referrals.ReferralEvent", "referral", ("note",)),
    ("referrals.DischargePlan", "referral", ("destination", "social_services_contact")),
    ("referrals.FollowUp", "plan__referral", ("contact_by_other", "note")),
)
# A referral's henkilötunnus: no ciphertext left (key rotation skips rows without one).
REFERRAL_HETU_CLEARED = {"hetu_encrypted": "", "hetu_hash": "", "hetu_masked": ""}


def _to_client(lookup: str) -> str:
    """The lookup from a model to the client, given its lookup to the referral."""
    return f"{lookup}__client" if lookup else "client"


# What anonymising a client erases: (model, lookup from the model to the client, fields).
# A non-empty text becomes ERASED; fields in `_CLEARED` get their own value.
ERASE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("clients.Consent", "client", ("description", "withdrawal_reason")),
    ("clients.NetworkMember", "client", ("responsibility",)),
    ("clients.AccessRequest", "client", ("decision_note",)),
    ("assessment.DomainAssessment", "assessment__client", ("client_view", "professional_view")),
    ("plans.Goal", "plan__client", ("text",)),
    ("plans.Step", "goal__plan__client", ("what",)),
    ("meetings.Meeting", "client", ("place", "video_link", "agenda", "notes")),
    ("meetings.Agreement", "client", ("what",)),
    ("handover.Handover", "client", ("reason", "summary", "decision_note")),
    ("worklists.Alert", "client", ("subject",)),
    ("knots.Blocker", "application__client", ("what", "from_whom")),
    *((label, _to_client(lookup), names) for label, lookup, names in REFERRAL_ERASE),
    ("portal.Contribution", "client", ("text",)),
    ("portal.Feedback", "client", ("text",)),
    ("routes.HistoricalClientFacts", "client", ("history_change_reason",)),
)
# Fields cleared to a value of their own rather than ERASED.
_CLEARED: dict[str, dict[str, Any]] = {
    # No ciphertext: key rotation (polku.clients.key_rotation) skips rows without one.
    "referrals.Referral": REFERRAL_HETU_CLEARED,
    "routes.ClientFacts": {"children_birth_years": []},
    "routes.HistoricalClientFacts": {"children_birth_years": []},
}
# Rows deleted with the client's anonymisation (nothing in them is needed afterwards).
DELETE: tuple[tuple[str, str], ...] = (("portal.SignInCode", "client"),)
# Links to the client removed (the row stays).
UNLINK: tuple[tuple[str, str], ...] = (("portal.Proposal", "raised_by"),)

# Text fields on client-linked models that anonymising keeps, and why.
KEEP: dict[str, str] = {
    "clients.Client.municipality": "research figures (a quasi-identifier under the k-check)",
    "clients.Client.interpreter_language": "erased by _anonymise_clients itself",
    "clients.Client.first_names": "erased by _anonymise_clients itself",
    "clients.Client.last_name": "erased by _anonymise_clients itself",
    "clients.Client.hetu_encrypted": "erased by _anonymise_clients itself",
    "clients.Client.hetu_hash": "replaced by _anonymise_clients itself",
    "clients.Client.hetu_masked": "erased by _anonymise_clients itself",
    "clients.Client.phone": "erased by _anonymise_clients itself",
    "clients.Client.email": "erased by _anonymise_clients itself",
    "clients.Client.street_address": "erased by _anonymise_clients itself",
    "clients.Client.postal_code": "erased by _anonymise_clients itself",
    "plans.Step.service_name": "the name of a catalogue service, not about the client",
    "worklists.Alert.rule": "the code of an alert rule",
    "routes.RouteChoice.route": "the code of a route",
    "routes.ScreeningFlag.rule": "the code of a rule",
    "routes.ScreeningFlag.month": "a month (YYYY-MM)",
    "referrals.Referral.municipality": "research figures, as the client's municipality",
    "referrals.ReferralEvent.from_status": "a status code",
    "referrals.ReferralEvent.to_status": "a status code",
    "referrals.ReferralEvent.what": "the code of what happened",
    "referrals.DischargePlan.municipality": "research figures (the home municipality)",
    "portal.Contribution.domain": "the code of an assessment domain",
    "portal.SignInCode.code_hash": "the row is deleted",
    "portal.SignInCode.selector_hash": "the row is deleted",
    "portal.Proposal.text": "the client council's record; the link to its writer is removed",
    "portal.Proposal.reason": "the council's answer to the proposal, not about the writer",
    "audit.AuditEvent.*": "the audit trail is a kind of its own (audit_events)",
}


class RetentionSettingError(Exception):
    """POLKU_RETENTION is missing a kind or has a value that is not allowed."""


@dataclass(frozen=True)
class Rule:
    kind: str
    years: int
    starts: str
    action: str
    set_by: str
    basis: str
    source: str


def problems(config: Any) -> list[str]:
    """What is wrong with a POLKU_RETENTION value (empty when it is valid)."""
    if not isinstance(config, dict):
        return ["POLKU_RETENTION must be a dict of kinds of record."]
    found = []
    for kind in sorted(set(config) - set(KINDS)):
        found.append(f"{kind}: not a kind of record Polku knows ({', '.join(KINDS)}).")
    for kind in KINDS:
        entry = config.get(kind)
        if not isinstance(entry, dict):
            found.append(f"{kind}: missing (every kind needs a retention period).")
            continue
        years = entry.get("years")
        if not isinstance(years, int) or isinstance(years, bool) or years < 1:
            found.append(f"{kind}: years must be a whole number of at least 1, not {years!r}.")
        elif years < LEGAL_MINIMUM_YEARS.get(kind, 0):
            found.append(
                f"{kind}: {years} years is shorter than the {LEGAL_MINIMUM_YEARS[kind]} years "
                "the law requires."
            )
        if entry.get("starts") != STARTS[kind]:
            found.append(f"{kind}: starts must be {STARTS[kind]!r}, not {entry.get('starts')!r}.")
        if entry.get("action") not in ACTIONS[kind]:
            found.append(
                f"{kind}: action must be one of {', '.join(ACTIONS[kind])}, "
                f"not {entry.get('action')!r}."
            )
        if entry.get("set_by") not in SET_BY:
            found.append(f"{kind}: set_by must be 'law' or 'policy', not {entry.get('set_by')!r}.")
        for text in ("basis", "source"):
            if not isinstance(entry.get(text), str) or not entry[text].strip():
                found.append(f"{kind}: {text} must name the legal basis or the policy.")
    return found


def rules() -> dict[str, Rule]:
    config: dict[str, dict[str, Any]] = settings.POLKU_RETENTION
    found = problems(config)
    if found:
        raise RetentionSettingError(" ".join(found))
    return {
        kind: Rule(
            kind=kind,
            years=config[kind]["years"],
            starts=config[kind]["starts"],
            action=config[kind]["action"],
            set_by=config[kind]["set_by"],
            basis=config[kind]["basis"],
            source=config[kind]["source"],
        )
        for kind in KINDS
    }


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class KindReport:
    kind: str
    action: str
    years: int
    cutoff: dt.date  # records whose clock started before this day have expired
    count: int = 0
    oldest: dt.date | None = None
    done: bool = False
    not_done_reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)  # e.g. the audit trail's cut


@dataclass
class RunReport:
    today: dt.date
    dry_run: bool
    kinds: list[KindReport] = field(default_factory=list)
    anonymised_client_ids: list[int] = field(default_factory=list)

    def by_kind(self) -> dict[str, KindReport]:
        return {report.kind: report for report in self.kinds}


# --- finding what has expired ---------------------------------------------------------------


def _model(label: str) -> Any:  # a model class; its manager is read by name
    return apps.get_model(label)


def closed_clients(*, anonymised: bool = False) -> QuerySet:
    """Closed clients with the moment their case closed (`closed_at`); those already
    anonymised only if `anonymised`."""
    Client = _model("clients.Client")
    NetworkMember = _model("clients.NetworkMember")
    open_membership = NetworkMember.objects.of(OuterRef("pk"))
    clients = Client.objects.filter(status="closed").exclude(Exists(open_membership))
    if not anonymised:
        clients = clients.exclude(hetu_hash__startswith=ANONYMISED_PREFIX)
    return clients.annotate(closed_at=Coalesce(Max("network__ended_at"), "updated_at"))


def _expired_clients(cutoff: dt.date, *, anonymised: bool = False) -> list[tuple[int, dt.datetime]]:
    rows = (
        closed_clients(anonymised=anonymised)
        .filter(closed_at__lt=_start_of(cutoff))
        .order_by("pk")
        .values_list("pk", "closed_at")
    )
    return list(rows)


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _consent_end(case_closed: dt.datetime, *ends: dt.datetime | None) -> dt.datetime:
    """When a consent ended: the first of its own ends, and never after the case closed."""
    return min([case_closed, *(end for end in ends if end is not None)])


def _consent_ends(closed_at: dict[int, dt.datetime]) -> dict[int, list[dt.datetime]]:
    """When each consent of these closed clients ended: withdrawn, expired (the day after
    `valid_until`) or the case closed, whichever came first; a referral's consent when it was
    withdrawn or the referral closed."""
    Consent = _model("clients.Consent")
    Referral = _model("referrals.Referral")
    ends: dict[int, list[dt.datetime]] = {pk: [] for pk in closed_at}
    for chunk in _chunks(list(closed_at)):
        consents = Consent.objects.filter(client_id__in=chunk)
        for client_id, valid_until, withdrawn_at in consents.values_list(
            "client_id", "valid_until", "withdrawn_at"
        ):
            expired = _start_of(valid_until + dt.timedelta(days=1)) if valid_until else None
            ends[client_id].append(_consent_end(closed_at[client_id], withdrawn_at, expired))
        referrals = Referral.objects.filter(client_id__in=chunk)
        for client_id, withdrawn_at, closed in referrals.values_list(
            "client_id", "consent_withdrawn_at", "closed_at"
        ):
            ends[client_id].append(_consent_end(closed_at[client_id], withdrawn_at, closed))
    return ends


def _expired_referrals(
    records_cutoff: dt.datetime, consents_cutoff: dt.datetime
) -> list[tuple[int, dt.datetime]]:
    """Referrals that never became a case, not yet anonymised, closed before `records_cutoff`
    and whose consent ended before `consents_cutoff`; with when the consent ended."""
    rows = (
        _model("referrals.Referral")
        .objects.filter(client__isnull=True, closed_at__lt=records_cutoff)
        .exclude(first_names=ERASED)
        .order_by("pk")
        .values_list("pk", "closed_at", "consent_withdrawn_at")
    )
    found = []
    for pk, closed, withdrawn in rows:
        ended = _consent_end(closed, withdrawn)
        if ended < consents_cutoff:
            found.append((pk, ended))
    return found


def _oldest(moments: Iterable[dt.datetime]) -> dt.date | None:
    earliest = min(moments, default=None)
    return timezone.localdate(earliest) if earliest is not None else None


def _health_assessments(client_ids: list[int]) -> QuerySet:
    """Assessments of these clients that still hold a health-related note."""
    Assessment = _model("assessment.Assessment")
    DomainAssessment = _model("assessment.DomainAssessment")
    noted = DomainAssessment.objects.filter(
        assessment=OuterRef("pk"), domain__in=HEALTH_DOMAINS
    ).exclude(client_view__in=["", ERASED], professional_view__in=["", ERASED])
    return Assessment.objects.filter(client_id__in=client_ids).filter(
        Q(sickness_absence_days__isnull=False) | Exists(noted)
    )


def _expired_exports(cutoff: dt.date) -> QuerySet:
    ResearchExport = _model("research.ResearchExport")
    return ResearchExport.objects.exclude(directory="").filter(created_at__lt=_start_of(cutoff))


# --- doing it -------------------------------------------------------------------------------


def _erase_health_notes(assessment_ids: list[int]) -> None:
    DomainAssessment = _model("assessment.DomainAssessment")
    notes = DomainAssessment.objects.filter(
        assessment_id__in=assessment_ids, domain__in=HEALTH_DOMAINS
    )
    for name in ("client_view", "professional_view"):
        notes.exclude(**{name: ""}).update(**{name: ERASED})
    _model("assessment.Assessment").objects.filter(pk__in=assessment_ids).update(
        sickness_absence_days=None
    )


def _anonymise_clients(client_ids: list[int]) -> None:
    """Erase the direct identifiers and every free text about these clients (module doc)."""
    if not client_ids:
        return
    Client = _model("clients.Client")
    clients = list(Client.objects.filter(pk__in=client_ids).only("pk", "birth_date"))
    for client in clients:
        client.first_names = ERASED
        client.last_name = ERASED
        client.hetu_encrypted = ""
        client.hetu_hash = f"{ANONYMISED_PREFIX}{client.pk}"
        client.hetu_masked = ""
        client.birth_date = dt.date(client.birth_date.year, 7, 1)
        client.interpreter_language = ""
        client.phone = ""
        client.email = ""
        client.street_address = ""
        client.postal_code = ""
    Client.objects.bulk_update(
        clients,
        [
            "first_names",
            "last_name",
            "hetu_encrypted",
            "hetu_hash",
            "hetu_masked",
            "birth_date",
            "interpreter_language",
            "phone",
            "email",
            "street_address",
            "postal_code",
        ],
    )
    for label, lookup, names in ERASE:
        _erase(_model(label).objects.filter(**{f"{lookup}__in": client_ids}), names)
    for label, values in _CLEARED.items():
        _model(label).objects.filter(client_id__in=client_ids).update(**values)
    for label, lookup in DELETE:
        _model(label).objects.filter(**{f"{lookup}__in": client_ids}).delete()
    for label, lookup in UNLINK:
        _model(label).objects.filter(**{f"{lookup}__in": client_ids}).update(**{lookup: None})


def _erase(rows: QuerySet, names: tuple[str, ...]) -> None:
    for name in names:
        rows.exclude(**{name: ""}).update(**{name: ERASED})


def _anonymise_referrals(referral_ids: list[int]) -> None:
    """Erase who the person was from referrals that never became a case (module doc)."""
    for label, lookup, names in REFERRAL_ERASE:
        _erase(_model(label).objects.filter(**{f"{lookup or 'pk'}__in": referral_ids}), names)
    _model("referrals.Referral").objects.filter(pk__in=referral_ids).update(**REFERRAL_HETU_CLEARED)


def _set_aside(exports: list[Any], moved: list[tuple[Path, Path]]) -> None:
    """Move each export's directory to a hidden sibling (undone if the run fails, removed
    after it commits), appending (original, set-aside) to `moved` as each one is moved, so
    a failure part-way puts back exactly what was moved."""
    for export in exports:
        original = Path(export.directory)
        if not original.exists():
            continue
        aside = original.with_name(f".expired-{original.name}")
        original.rename(aside)
        moved.append((original, aside))


def _put_back(moved: list[tuple[Path, Path]]) -> None:
    for original, aside in reversed(moved):
        try:
            aside.rename(original)
        except OSError:
            logger.exception("Retention: could not put %s back after a failed run", original)


def _remove(moved: list[tuple[Path, Path]]) -> None:
    for _original, aside in moved:
        try:
            shutil.rmtree(aside)
        except OSError:
            logger.exception("Retention: could not remove the expired extract %s", aside)


def _audit_events(report: KindReport, planned: Any) -> None:
    """Remove the expired oldest prefix of the audit trail through a signed retention cut
    (polku.audit.cuts), inside the run's transaction. A plan with a problem (a broken chain,
    a forged cut) removes nothing and says why; the rest of the run goes on."""
    from polku.audit.cuts import cut

    if planned.problem:
        report.not_done_reason = planned.problem
        return
    if planned.count:
        made = cut(planned)
        report.details = {
            "last_event_id": made.last_event_id,
            "position": made.position,
            "cut_id": made.pk,
        }
    report.done = True


def _survey(today: dt.date) -> tuple[RunReport, dict[str, Any]]:
    """What has expired on `today`, per kind; and what each step needs to act on it."""
    rule_of = rules()
    report = RunReport(today=today, dry_run=True)
    for kind in KINDS:
        rule = rule_of[kind]
        cutoff = years_before(today, rule.years)
        report.kinds.append(
            KindReport(kind=kind, action=rule.action, years=rule.years, cutoff=cutoff)
        )
    reports = report.by_kind()
    work: dict[str, Any] = {}
    _survey_health_notes(reports["health_notes"], work)
    _survey_records(reports["client_records"], reports["consents"], work)
    _survey_exports(reports["research_extracts"], work)
    _survey_audit_events(reports["audit_events"], work)
    return report, work


def _survey_health_notes(report: KindReport, work: dict[str, Any]) -> None:
    # Erased whether or not the client is anonymised already.
    closed_at = dict(_expired_clients(report.cutoff, anonymised=True))
    assessments = list(_health_assessments(list(closed_at)).values_list("pk", "client_id"))
    work[report.kind] = [pk for pk, _ in assessments]
    report.count = len(assessments)
    report.oldest = _oldest(closed_at[client] for _, client in assessments)


def _survey_records(records: KindReport, consents: KindReport, work: dict[str, Any]) -> None:
    """Clients (and referrals without a case) past the records' period whose consents have
    passed theirs too; the rest wait for their consents."""
    consents_cutoff = _start_of(consents.cutoff)
    closed_at = dict(_expired_clients(records.cutoff))
    ends = _consent_ends(closed_at)
    held = {pk for pk, ended in ends.items() if ended and max(ended) >= consents_cutoff}
    clients = [pk for pk in closed_at if pk not in held]
    referrals = _expired_referrals(_start_of(records.cutoff), consents_cutoff)
    work["client_records"] = clients
    work["referrals"] = [pk for pk, _ in referrals]
    records.count = len(clients)
    records.oldest = _oldest(closed_at[pk] for pk in clients)
    records.details = {"referrals_without_case": len(referrals), "held_for_consents": len(held)}
    consent_ends = [end for pk in clients for end in ends[pk]] + [end for _, end in referrals]
    consents.count = len(consent_ends)
    consents.oldest = _oldest(consent_ends)


def _survey_exports(report: KindReport, work: dict[str, Any]) -> None:
    exports = list(_expired_exports(report.cutoff).order_by("pk"))
    work[report.kind] = exports
    report.count = len(exports)
    report.oldest = _oldest(e.created_at for e in exports)


def _survey_audit_events(report: KindReport, work: dict[str, Any]) -> None:
    from polku.audit.cuts import plan

    planned = plan(_start_of(report.cutoff))
    work[report.kind] = planned
    report.count = planned.count
    report.oldest = _oldest([planned.oldest] if planned.oldest else [])
    report.not_done_reason = planned.problem


def dry_run(today: dt.date | None = None) -> RunReport:
    """What a run would do today. Reads only: writes nothing, not even an audit event. The
    audit trail's expired prefix is verified as a run would before removing it."""
    report, _work = _survey(today or timezone.localdate())
    return report


def _lock_runs() -> None:
    """One run at a time: a second waits for the first to commit and then finds nothing
    more. PostgreSQL: an advisory lock to the end of the transaction. SQLite: write
    transactions start IMMEDIATE (settings), which already serialises them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_RUN_LOCK_KEY])


def apply_retention(today: dt.date | None = None) -> RunReport:
    """Anonymise or delete what has expired, in one transaction: if any step fails, nothing
    is changed (the research files set aside are put back) and the error is raised. One
    audit event records the run with the counts per kind."""
    from polku.audit.models import Action
    from polku.audit.services import record

    today = today or timezone.localdate()
    moved: list[tuple[Path, Path]] = []
    try:
        with transaction.atomic():
            _lock_runs()
            report, work = _survey(today)  # after the lock: what an earlier run left
            report.dry_run = False
            reports = report.by_kind()
            _erase_health_notes(work["health_notes"])
            reports["health_notes"].done = True
            _anonymise_clients(work["client_records"])
            _anonymise_referrals(work["referrals"])
            report.anonymised_client_ids = list(work["client_records"])
            reports["client_records"].done = True
            reports["consents"].done = True
            exports = work["research_extracts"]
            _set_aside(exports, moved)
            _model("research.ResearchExport").objects.filter(pk__in=[e.pk for e in exports]).update(
                directory=""
            )
            reports["research_extracts"].done = True
            _audit_events(reports["audit_events"], work["audit_events"])
            record(
                actor=None,
                action=Action.DELETE,
                target="retention",
                purpose="retention and erasure (POLKU_RETENTION)",
                details=_details(report),
            )
            transaction.on_commit(lambda: _remove(moved), robust=True)
    except BaseException:
        _put_back(moved)
        raise
    return report


def _details(report: RunReport) -> dict[str, Any]:
    return {
        "today": report.today.isoformat(),
        "kinds": {
            r.kind: {
                "action": r.action,
                "years": r.years,
                "cutoff": r.cutoff.isoformat(),
                "count": r.count,
                "oldest": r.oldest.isoformat() if r.oldest else None,
                "done": r.done,
                **r.details,
            }
            for r in report.kinds
        },
        "anonymised_clients": report.anonymised_client_ids,
    }
