"""The curated catalogue shipped with Polku (polku/catalogue/data/*.yaml) into the database.

Idempotent, keyed by provider name and service slug: loading the same files twice changes
nothing (no save, no history row); a changed file updates what changed. Everything is
validated first and written in one transaction, so a bad file leaves the catalogue as it
was."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import graphlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import translation
from jsonschema import Draft202012Validator, ValidationError, validators

from polku.accounts.models import OrganisationKind
from polku.core.citations import LAWS, Citation, cite_all
from rules.references import ELIGIBILITY_RULES, INCOME_COMPONENTS

from . import validation
from .models import LANGUAGE_CODES, LifeSituation, Prerequisite, Provider, Service, ServiceKind

DATA = Path(__file__).parent / "data"
# When the curated entries were last checked against ../shared/domain/benefits-facts.md.
CHECKED = dt.date(2026, 11, 23)
TEXTS = ("name", "audience", "description", "income_effect", "how_to_apply")
# What the files may hold, as a JSON Schema (the loader adds the enums from the code).
SCHEMA = Path(__file__).parent / "catalogue.schema.json"


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
    """Every problem of the two files, each naming its entry: first what the JSON Schema
    (catalogue.schema.json) finds, then what a schema cannot say."""
    document = {"providers": providers, "services": services}
    errors = _validator(providers, services).iter_errors(document)
    problems = [
        p for error in sorted(errors, key=_error_order) for p in _problems_of(error, document)
    ]
    problems += _cross_problems(services)
    problems += _untranslated_laws(services)
    return list(dict.fromkeys(problems))  # one line per problem, in order


def _untranslated_laws(services: list) -> list[str]:
    """A law cited whose Finnish or Swedish name the translations lack (a law added to
    rules.citations.LAWS without its names in locale/, or messages not compiled): the legal
    basis would be written in English on a Finnish page."""
    cited = {
        c["law"]
        for s in services
        if isinstance(s, dict)
        for c in _list(s.get("legal_basis"))
        if isinstance(c, dict) and c.get("law") in LAWS
    }
    problems = []
    for language in ("fi", "sv"):
        with translation.override(language):
            problems += [
                f"legal_basis: {law!r} has no name in {language} (locale/{language}; "
                "compilemessages)"
                for law in sorted(cited)
                if translation.gettext(law) == law
            ]
    return problems


def _validator(providers: list, services: list) -> Draft202012Validator:
    """The schema with the enums that come from the code and from the files themselves."""
    schema = copy.deepcopy(_schema())
    enums = {
        "service_kind": ServiceKind.values,
        "organisation_kind": OrganisationKind.values,
        "life_situation": LifeSituation.values,
        "eligibility_rule": list(ELIGIBILITY_RULES),
        "income_component": list(INCOME_COMPONENTS),
        "law": list(LAWS),
        "provider_name": _strings(p.get("name") for p in providers if isinstance(p, dict)),
        "service_slug": _strings(s.get("slug") for s in services if isinstance(s, dict)),
    }
    for name, values in enums.items():
        schema["$defs"][name]["enum"] = values
    return CatalogueValidator(schema)


@functools.cache
def _schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def _python_type(validator, wanted: str, instance, schema: dict):
    """Polku's keyword "x-python-type": YAML reads 2026-05-01 as a date, which JSON has not."""
    if wanted == "date" and not isinstance(instance, dt.date):
        yield ValidationError(f"{instance!r} is not a date")


CatalogueValidator = validators.extend(
    Draft202012Validator, validators={"x-python-type": _python_type}
)


def _strings(values) -> list[str]:
    return sorted({v for v in values if isinstance(v, str)})


def _error_order(error: ValidationError) -> tuple:
    path = list(error.absolute_path)
    return (str(path[0]) if path else "", path[1] if len(path) > 1 else -1, str(path[2:]))


def _problems_of(error: ValidationError, document: dict) -> list[str]:
    """The error in the words of the schema's "x-problem" (the validator's own if none),
    after the entry it is about: a service's slug, "provider <name>"."""
    path = list(error.absolute_path)
    where = "?"
    if len(path) >= 2:
        entry = document[path[0]][path[1]]
        services = path[0] == "services"
        name = entry.get("slug" if services else "name") if isinstance(entry, dict) else None
        where = (str(name) if name else "?") if services else f"provider {name or '?'}"
    prop = str(path[2]) if len(path) > 2 else ""
    template = error.schema.get("x-problem") if isinstance(error.schema, dict) else None
    if isinstance(template, dict):
        template = template.get(str(error.validator), template.get("*"))
    if template is None:
        template = "{field}: {message}" if prop else "{message}"
    instance = error.instance
    missing, extra = [""], [""]
    if error.validator == "required" and isinstance(instance, dict):
        missing = [name for name in error.validator_value if name not in instance]
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties", {})
        extra = [name for name in instance if name not in known]
    return [
        f"{where}: "
        + template.format(field=prop, value=instance, missing=m, extra=e, message=error.message)
        for m in missing
        for e in extra
    ]


def _cross_problems(services: list) -> list[str]:
    """What the schema cannot say: slugs used twice, an entry naming itself, an end before the
    start, prerequisite cycles."""
    entries = [s for s in services if isinstance(s, dict) and isinstance(s.get("slug"), str)]
    problems: list[str] = []
    slugs = [s["slug"] for s in entries]
    if len(set(slugs)) != len(slugs):
        problems.append("duplicate slugs")
    for entry in entries:
        where = entry["slug"]
        for key in ("prerequisites", "exclusions", "next"):
            if where in _list(entry.get(key)):
                problems.append(f"{where}: {key} names itself")
        if entry.get("replaced_by") == where:
            problems.append(f"{where}: replaced_by names unknown service {where!r}")
        start, end = entry.get("valid_from"), entry.get("valid_until")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            problems.append(f"{where}: valid_until is before valid_from")
    problems.extend(_prerequisite_cycles(entries))
    return problems


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _prerequisite_cycles(services: list[dict]) -> list[str]:
    """Every prerequisite cycle, each as "a → b → a" (a needs b, b needs a). graphlib names one
    cycle at a time; its closing link is set aside and the search repeated, so a file with
    several cycles shows them all at once."""
    needs = {
        s["slug"]: {p for p in _list(s.get("prerequisites")) if isinstance(p, str)}
        for s in sorted(services, key=_slug)
        if _slug(s)
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
        # Where a shipped entry is offered is its `area` alone: no municipality list (a PTV
        # link never writes one either: polku.catalogue.ptv.mapping.AREA_FIELDS).
        "municipalities": [],
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
        values[f"legal_basis_{language}"] = legal_basis(entry.get("legal_basis") or [], language)
        source = entry.get("validity_source") or {}
        values[f"validity_source_{language}"] = source.get(language, "")
    return values


def legal_basis(citations: list[dict], language: str) -> str:
    """The entry's citations in `language` and its style (polku.core.citations, the same
    mechanism as the early warnings' legal sources): "Terveydenhuoltolaki (1326/2010) 13 §"."""
    with translation.override(language):
        return cite_all([Citation(**citation) for citation in citations])


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
