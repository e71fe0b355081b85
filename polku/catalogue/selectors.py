"""Reads of the catalogue for pages (and for other apps: the portal's term explanations,
knots and the route planner)."""

from __future__ import annotations

from collections import defaultdict

from polku.core import rules_labels

from .models import LifeSituation, Prerequisite, Service


def active() -> list[Service]:
    return list(Service.objects.filter(is_active=True).select_related("provider"))


def service_page(service: Service) -> dict:
    prerequisites = list(
        Prerequisite.objects.filter(service=service, required__is_active=True)
        .select_related("required")
        .order_by("required__slug")
    )
    return {
        "service": service,
        "provider": service.provider,
        "prerequisites": prerequisites,
        "required_by": list(
            Service.objects.filter(prerequisite_links__required=service, is_active=True)
        ),
        "exclusions": list(service.exclusions.filter(is_active=True)),
        "next_steps": list(service.next_steps.filter(is_active=True)),
        "rule_label": rules_labels.rule_label(service.eligibility_rule)
        if service.eligibility_rule
        else "",
    }


def by_life_situation() -> list[dict]:
    """Each life situation with its services (kind order) and what typically comes next."""
    services = active()
    next_of: dict[int, list[Service]] = defaultdict(list)
    by_pk = {s.pk: s for s in services}
    for from_id, to_id in Service.next_steps.through.objects.filter(
        from_service__in=by_pk, to_service__in=by_pk
    ).values_list("from_service_id", "to_service_id"):
        next_of[from_id].append(by_pk[to_id])
    groups = []
    for code, label in LifeSituation.choices:
        members = sorted(
            (s for s in services if code in (s.life_situations or [])),
            key=lambda s: (s.kind, s.name),
        )
        groups.append(
            {
                "code": code,
                "label": label,
                "services": [{"service": s, "next": next_of.get(s.pk, [])} for s in members],
            }
        )
    return groups


def explanations(slugs: list[str]) -> dict[str, Service]:
    """Catalogue entries by slug, for one-line explanations of official terms."""
    return {s.slug: s for s in Service.objects.filter(slug__in=slugs, is_active=True)}
