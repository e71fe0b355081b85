"""The curated catalogue shipped with Polku (polku/catalogue/data/*.yaml) into the database.

Idempotent, keyed by provider name and service slug: loading the same files twice changes
nothing (no save, no history row); a changed file updates what changed. Everything is
validated first and written in one transaction, so a bad file leaves the catalogue as it
was."""

from __future__ import annotations

import datetime as dt
import graphlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from rules.references import ELIGIBILITY_RULES, INCOME_COMPONENTS

from . import validation
from .models import LANGUAGE_CODES, LifeSituation, Prerequisite, Provider, Service, ServiceKind

DATA = Path(__file__).parent / "data"
# When the curated entries were last checked against ../shared/domain/benefits-facts.md.
CHECKED = dt.date(2026, 11, 23)
TEXTS = ("name", "audience", "description", "income_effect", "how_to_apply")
REQUIRED_TEXTS = ("name", "audience", "description")
# Validity belongs in valid_from / valid_until, not in the legal basis' text.
VALIDITY_IN_TEXT = re.compile(r"\((until|from|voimaan|asti|alkaen|saakka)\b", re.IGNORECASE)


class CatalogueError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def read(directory: Path = DATA) -> tuple[list[dict], list[dict]]:
    try:
        providers = yaml.safe_load((directory / "providers.yaml").read_text(encoding="utf-8"))
        services = yaml.safe_load((directory / "services.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CatalogueError([f"cannot read the catalogue files: {error}"]) from error
    if not isinstance(providers, list) or not isinstance(services, list):
        raise CatalogueError(["the catalogue files must each hold a list"])
    return providers, services


def validate(providers: list[dict], services: list[dict]) -> list[str]:
    problems: list[str] = []
    provider_names = {p["name"] for p in providers}
    slugs = [s.get("slug") for s in services]
    known = set(slugs)
    if len(known) != len(slugs):
        problems.append("duplicate slugs")
    kinds = set(ServiceKind.values)
    situations = set(LifeSituation.values)
    for entry in services:
        where = entry.get("slug") or "?"
        if entry.get("kind") not in kinds:
            problems.append(f"{where}: unknown kind {entry.get('kind')!r}")
        if entry.get("provider") not in provider_names:
            problems.append(f"{where}: unknown provider {entry.get('provider')!r}")
        if not entry.get("source"):
            problems.append(f"{where}: no source link")
        for text in REQUIRED_TEXTS:
            for language in LANGUAGE_CODES:
                if not (entry.get(text) or {}).get(language):
                    problems.append(f"{where}: {text} in {language} missing")
        for text in TEXTS:
            given = entry.get(text) or {}
            if given and set(given) != set(LANGUAGE_CODES):
                problems.append(f"{where}: {text} needs fi, sv and en")
        if entry.get("rule") and entry["rule"] not in ELIGIBILITY_RULES:
            problems.append(f"{where}: unknown eligibility rule {entry['rule']!r}")
        if entry.get("component") and entry["component"] not in INCOME_COMPONENTS:
            problems.append(f"{where}: unknown income component {entry['component']!r}")
        for situation in entry.get("situations", []):
            if situation not in situations:
                problems.append(f"{where}: unknown life situation {situation!r}")
        for key in ("prerequisites", "exclusions", "next"):
            for other in entry.get(key, []):
                if other not in known:
                    problems.append(f"{where}: {key} names unknown service {other!r}")
                if other == where:
                    problems.append(f"{where}: {key} names itself")
        note = entry.get("note")
        if not entry.get("verified") and not note:
            problems.append(f"{where}: unverified without a note saying what")
        if note and (
            not isinstance(note, dict)
            or set(note) != set(LANGUAGE_CODES)
            or not all(isinstance(text, str) and text.strip() for text in note.values())
        ):
            problems.append(f"{where}: note needs fi, sv and en")
        days = entry.get("processing_days")
        if days is not None and (type(days) is not int or days <= 0):
            problems.append(f"{where}: processing_days must be a positive number of days")
        source = entry.get("processing_source")
        if source and (not isinstance(source, dict) or set(source) != set(LANGUAGE_CODES)):
            problems.append(f"{where}: processing_source needs fi, sv and en")
        if days is not None and not source:
            problems.append(f"{where}: a processing time needs its source")
        problems.extend(_validity_problems(entry, where, known))
    problems.extend(_prerequisite_cycles(services))
    return problems


def _validity_problems(entry: dict, where: str, known: set) -> list[str]:
    problems = []
    dates = {}
    for key in ("valid_from", "valid_until"):
        value = entry.get(key)
        if value is not None and not isinstance(value, dt.date):
            problems.append(f"{where}: {key} must be a date (YYYY-MM-DD)")
        dates[key] = value
    start, end = dates["valid_from"], dates["valid_until"]
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        problems.append(f"{where}: valid_until is before valid_from")
    source = entry.get("validity_source")
    if (start or end) and not source:
        problems.append(f"{where}: validity dates need their validity_source")
    if source and (
        not isinstance(source, dict)
        or set(source) != set(LANGUAGE_CODES)
        or not all(isinstance(text, str) and text.strip() for text in source.values())
    ):
        problems.append(f"{where}: validity_source needs fi, sv and en")
    replaced_by = entry.get("replaced_by")
    if replaced_by and (replaced_by not in known or replaced_by == where):
        problems.append(f"{where}: replaced_by names unknown service {replaced_by!r}")
    law = entry.get("legal_basis") or {}
    if not isinstance(law, dict) or (law and set(law) != set(LANGUAGE_CODES)):
        problems.append(f"{where}: legal_basis needs fi, sv and en")
    texts = law.values() if isinstance(law, dict) else [law]
    if any(VALIDITY_IN_TEXT.search(str(text)) for text in texts):
        problems.append(f"{where}: validity belongs in valid_from/valid_until, not legal_basis")
    return problems


def _prerequisite_cycles(services: list[dict]) -> list[str]:
    """Every prerequisite cycle, each as "a → b → a" (a needs b, b needs a). graphlib names one
    cycle at a time; its closing link is set aside and the search repeated, so a file with
    several cycles shows them all at once."""
    needs = {
        s["slug"]: set(s.get("prerequisites", [])) for s in sorted(services, key=_slug) if _slug(s)
    }
    found: list[str] = []
    while True:
        # graphlib reads each node's set as its predecessors: prerequisites come first, so a
        # cycle comes back in the direction of "is needed by"; reversed it reads "needs".
        try:
            graphlib.TopologicalSorter(needs).prepare()
        except graphlib.CycleError as error:
            cycle = list(reversed(error.args[1]))
            found.append("prerequisite cycle: " + " → ".join(cycle))
            needs[cycle[-2]].discard(cycle[-1])
        else:
            return found


def _slug(entry: dict) -> str:
    return str(entry.get("slug") or "")


def _texts(value) -> dict:
    return value if isinstance(value, dict) else {}


def _provider_fields(entry: dict) -> dict:
    return {
        "kind": entry["kind"],
        "website": entry.get("website", ""),
        **{
            f"description_{lang}": entry.get("description", {}).get(lang, "")
            for lang in LANGUAGE_CODES
        },
    }


def _service_fields(entry: dict, provider: Provider | None) -> dict:
    values = {
        "kind": entry["kind"],
        "provider": provider,
        "application_form": entry.get("form", ""),
        "application_url": entry.get("apply_url", ""),
        "processing_time_days": entry.get("processing_days"),
        "processing_time_source": _texts(entry.get("processing_source")).get("fi", ""),
        "processing_time_source_sv": _texts(entry.get("processing_source")).get("sv", ""),
        "processing_time_source_en": _texts(entry.get("processing_source")).get("en", ""),
        "valid_from": entry.get("valid_from"),
        "valid_until": entry.get("valid_until"),
        "source_url": entry["source"],
        "last_checked": entry.get("checked", CHECKED),
        "verified": bool(entry.get("verified", False)),
        "area": entry.get("area", ""),
        "life_situations": sorted(entry.get("situations", [])),
        "languages": list(entry.get("languages", ["fi", "sv", "en"])),
        "eligibility_rule": entry.get("rule", ""),
        "income_component": entry.get("component", ""),
        "is_active": True,
    }
    for text in TEXTS:
        for language in LANGUAGE_CODES:
            values[f"{text}_{language}"] = (entry.get(text) or {}).get(language, "")
    for language in LANGUAGE_CODES:
        values[f"verification_note_{language}"] = (entry.get("note") or {}).get(language, "")
        values[f"legal_basis_{language}"] = (entry.get("legal_basis") or {}).get(language, "")
        source = entry.get("validity_source") or {}
        values[f"validity_source_{language}"] = source.get(language, "")
    return values


def _upsert(model, lookup: dict, values: dict, result: LoadResult):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        result.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        result.updated += 1
    else:
        result.unchanged += 1
    return obj


def _set_links(service: Service, field_name: str, targets: list[Service]) -> bool:
    manager = getattr(service, field_name)
    current = set(manager.values_list("pk", flat=True))
    wanted = {t.pk for t in targets}
    if current != wanted:
        manager.set(targets)
        return True
    return False


@transaction.atomic
def load(directory: Path = DATA) -> LoadResult:
    providers, services = read(directory)
    problems = validate(providers, services)
    if problems:
        raise CatalogueError(problems)
    provider_values = {entry["name"]: _provider_fields(entry) for entry in providers}
    # The admin's rules (web addresses, lengths, choices, validity) before anything is written.
    for name, values in provider_values.items():
        problems += validation.problems_of(Provider(name=name, **values), f"provider {name}")
    for entry in services:
        fields = {k: v for k, v in _service_fields(entry, None).items() if k != "provider"}
        problems += validation.problems_of(
            Service(slug=entry["slug"], **fields), entry["slug"], exclude=["provider"]
        )
    if problems:
        raise CatalogueError(problems)
    result = LoadResult()
    by_name = {}
    for name, values in provider_values.items():
        by_name[name] = _upsert(Provider, {"name": name}, values, result)
    by_slug = {}
    for entry in services:
        fields = _service_fields(entry, by_name[entry["provider"]])
        by_slug[entry["slug"]] = _upsert(Service, {"slug": entry["slug"]}, fields, result)
    # Exclusions are mutual: A excludes B whether A or B lists the other.
    excludes: dict[str, set[str]] = {entry["slug"]: set() for entry in services}
    for entry in services:
        for other in entry.get("exclusions", []):
            excludes[entry["slug"]].add(other)
            excludes[other].add(entry["slug"])
    for entry in services:
        service = by_slug[entry["slug"]]
        replaced_by = by_slug[entry["replaced_by"]] if entry.get("replaced_by") else None
        if service.replaced_by_id != (replaced_by.pk if replaced_by else None):
            service.replaced_by = replaced_by
            service.save(update_fields=["replaced_by"])
        _set_links(service, "exclusions", [by_slug[s] for s in sorted(excludes[entry["slug"]])])
        _set_links(service, "next_steps", [by_slug[s] for s in entry.get("next", [])])
        wanted = {by_slug[s].pk for s in entry.get("prerequisites", [])}
        current = set(service.prerequisite_links.values_list("required_id", flat=True))
        if wanted != current:
            service.prerequisite_links.exclude(required_id__in=wanted).delete()
            Prerequisite.objects.bulk_create(
                [Prerequisite(service=service, required_id=pk) for pk in wanted - current]
            )
    return result
