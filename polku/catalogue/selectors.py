"""Reads of the catalogue for its pages and forms."""

from __future__ import annotations

from collections import defaultdict

from polku.core import rules_labels

from .models import LifeSituation, Prerequisite, Service, Source, localized_value


def active() -> list[Service]:
    """The map's current view: entries in force today (ended benefits left out)."""
    return list(Service.objects.current().select_related("provider"))


def ended() -> list[Service]:
    """Ended entries, kept for history (newest end first)."""
    return list(Service.objects.ended().select_related("provider", "replaced_by"))


def ended_count() -> int:
    """How many ended entries there are (one COUNT, for the link to their list)."""
    return Service.objects.ended().count()


def national_codes(scheme: str) -> list[tuple[str, str]]:
    """(code, name in the reader's language) of one national classification scheme, as the
    map's current entries carry them (PTV's service classes, target groups, life events).
    The code is the value a filter sends; the reader sees only the name ("Työttömät ja
    työnhakijat", not "… (KR1.4)"); the code stands in only for an entry without a name."""
    found: dict[str, dict] = {}
    for items in (
        Service.objects.current()
        .exclude(classifications=[])
        .values_list("classifications", flat=True)
    ):
        for item in items or []:
            if item.get("scheme") == scheme:
                found.setdefault(item["code"], item)
    return sorted(
        ((code, localized_value(item) or code) for code, item in found.items()),
        key=lambda pair: pair[1],
    )


def ptv_status() -> dict:
    """How many entries come from PTV and when they were last synchronised."""
    from .ptv.sync import last_synced

    return {
        "ptv_count": Service.objects.current().filter(source=Source.PTV).count(),
        "ptv_synced": last_synced(),
    }


def service_page(service: Service) -> dict:
    """One entry (current or not); what it links to is the current view."""
    current = Service.objects.current()
    prerequisites = list(
        Prerequisite.objects.filter(service=service, required__in=current)
        .select_related("required")
        .order_by("required__slug")
    )
    return {
        "service": service,
        "provider": service.provider,
        "ended": service.has_ended(),
        "not_started": not service.has_started(),
        "prerequisites": prerequisites,
        "required_by": list(current.filter(prerequisite_links__required=service)),
        "exclusions": list(service.exclusions.filter(pk__in=current)),
        "next_steps": list(service.next_steps.filter(pk__in=current)),
        "channels": list(service.channels.filter(is_active=True)),
        "service_classes": service.classes("service_class"),
        "target_groups": service.classes("target_group"),
        "life_events": service.classes("life_event"),
        **ptv_status(),
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
