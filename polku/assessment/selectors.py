"""Reads for assessment pages. Callers pass a client already taken through the access rule;
sub-objects are looked up only within that client."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from polku.clients.models import Client

from .changes import Direction, direction
from .models import Assessment, Domain, DomainAssessment


def assessments(client: Client) -> QuerySet[Assessment]:
    """All versions of the client's assessment, newest first, with domains and assessor."""
    return (
        Assessment.objects.filter(client_id=client.pk)
        .select_related("assessed_by__organisation")
        .prefetch_related(Prefetch("domains", queryset=DomainAssessment.objects.all()))
        .order_by("-version")
    )


def assessment(client: Client, assessment_id) -> Assessment:
    """One version of this client's assessment (another client's id → 404)."""
    return get_object_or_404(assessments(client), pk=assessment_id)


def previous(client: Client, of: Assessment) -> Assessment | None:
    return assessments(client).filter(version__lt=of.version).first()


def latest_two(client: Client) -> tuple[Assessment | None, Assessment | None]:
    found = list(assessments(client)[:2])
    return (found[0] if found else None), (found[1] if len(found) > 1 else None)


@dataclass(frozen=True)
class DomainRow:
    """One domain of a version, compared with the previous version."""

    domain: str
    label: str
    current: DomainAssessment | None
    before: DomainAssessment | None
    client_change: Direction
    professional_change: Direction


@dataclass(frozen=True)
class Comparison:
    assessment: Assessment
    previous: Assessment | None
    score_change: Direction
    rows: list[DomainRow]

    @property
    def support_needed(self) -> list[DomainRow]:
        return [r for r in self.rows if r.current and r.current.support_needed]


def _status(row: DomainAssessment | None, name: str) -> int | None:
    return getattr(row, name) if row is not None else None


def compare(current: Assessment, before: Assessment | None) -> Comparison:
    """Both with domains prefetched (as `assessments` gives them)."""
    now = {d.domain: d for d in current.domains.all()}
    then = {d.domain: d for d in before.domains.all()} if before else {}
    rows = []
    for domain in Domain:
        a, b = now.get(domain.value), then.get(domain.value)
        rows.append(
            DomainRow(
                domain=domain.value,
                label=str(domain.label),
                current=a,
                before=b,
                client_change=direction(_status(b, "client_status"), _status(a, "client_status"))
                if before
                else "",
                professional_change=direction(
                    _status(b, "professional_status"), _status(a, "professional_status")
                )
                if before
                else "",
            )
        )
    score_change: Direction = (
        direction(before.work_ability_score, current.work_ability_score) if before else ""
    )
    return Comparison(assessment=current, previous=before, score_change=score_change, rows=rows)


def history(client: Client) -> list[Comparison]:
    """Every version, newest first, each compared with the version before it."""
    versions = list(assessments(client))
    return [
        compare(version, versions[i + 1] if i + 1 < len(versions) else None)
        for i, version in enumerate(versions)
    ]


@dataclass(frozen=True)
class DomainHistory:
    domain: str
    label: str
    cells: list[DomainRow]  # one per version, in the order of `history`


def by_domain(versions: list[Comparison]) -> list[DomainHistory]:
    """`history` turned around: for each domain, its row in every version."""
    return [
        DomainHistory(
            domain=domain.value,
            label=str(domain.label),
            cells=[version.rows[index] for version in versions],
        )
        for index, domain in enumerate(Domain)
    ]
