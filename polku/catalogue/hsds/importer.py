"""HSDS 3.0 documents into the catalogue: idempotent (keyed by the HSDS ids), all or nothing.

Accepted shapes: a single service; a paginated list (`contents`); an organization with its
`services`; a plain list of services. Every problem is reported with where it is (the path
in the document) and nothing is written unless there are none. What Polku needs but a
foreign document lacks is defaulted and reported: missing Swedish or English texts are
filled from the primary (Finnish) text, the kind defaults to "social service", the
provider type to "other", and such entries are marked unverified."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from polku.accounts.models import OrganisationKind
from rules.municipalities import code_for

from .. import validation
from ..loader import LoadResult, _set_links, _upsert
from ..models import LANGUAGE_CODES, LifeSituation, Prerequisite, Provider, Service, ServiceKind
from . import schemas
from .documents import (
    LINK_FIELDS,
    MUNICIPALITIES,
    SCALAR_FIELDS,
    TERM_CODES,
    TEXT_FIELDS,
    term_id,
)

MAX_BYTES = 20 * 1024 * 1024
DEFAULT_KIND = ServiceKind.SOCIAL
DEFAULT_PROVIDER_KIND = "other"
TERM_BY_ID = {term_id(code): code for code in TERM_CODES}
# What is unverified about an imported entry whose document gives no alert (per language).
IMPORTED_NOTES = {
    "fi": "Tuotu HSDS-asiakirjasta; Polun ylläpitäjä ei ole tarkistanut tietoja.",
    "sv": "Importerad från ett HSDS-dokument; inte kontrollerad av Polkus kurator.",
    "en": "Imported from an HSDS document; not checked by a Polku curator.",
}


class ImportRefused(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class ImportReport(LoadResult):
    services: int = 0
    defaulted: list[str] = field(default_factory=list)


def services_of(document: Any) -> tuple[list[tuple[str, dict]], list[str]]:
    """(path, service) pairs of an HSDS document of any accepted shape."""
    if isinstance(document, list):
        return [(f"[{i}]", s) for i, s in enumerate(document)], []
    if not isinstance(document, dict):
        return [], ["(document): expected a JSON object or list"]
    if "contents" in document:
        contents = document["contents"]
        if not isinstance(contents, list):
            return [], ["contents: expected a list"]
        pairs: list[tuple[str, dict]] = []
        for i, item in enumerate(contents):
            if _is_organization(item):  # a page of organizations (organization_list)
                inner, problems = services_of(item)
                pairs += [(f"contents[{i}].{where}", s) for where, s in inner]
                if problems:
                    return [], problems
            else:
                pairs.append((f"contents[{i}]", item))
        return pairs, []
    if "services" in document or (_is_organization(document) and "description" in document):
        services = document.get("services") or []
        if not isinstance(services, list):
            return [], ["services: expected a list"]
        organization = {k: v for k, v in document.items() if k != "services"}
        pairs = []
        for i, service in enumerate(services):
            if isinstance(service, dict):
                service = {"organization": organization, **service}
                service.setdefault("organization_id", organization.get("id"))
            pairs.append((f"services[{i}]", service))
        return pairs, []
    return [("(document)", document)], []


def _is_organization(item: Any) -> bool:
    return isinstance(item, dict) and ("services" in item or "status" not in item)


def _uuid(value: Any, where: str, problems: list[str]) -> uuid.UUID | None:
    if not isinstance(value, str) or not value:
        problems.append(f"{where}: missing id")
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        problems.append(f"{where}: id {value!r} is not a UUID")
        return None


def _string(obj: dict, key: str, where: str, problems: list[str], default: str = "") -> str:
    value = obj.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        problems.append(f"{where}.{key}: expected a string, got {type(value).__name__}")
        return default
    return value


def _polku_attributes(obj: dict, where: str, problems: list[str]) -> list[tuple[str, str]]:
    attributes = obj.get("attributes") or []
    if not isinstance(attributes, list):
        problems.append(f"{where}.attributes: expected a list")
        return []
    found = []
    for i, attribute in enumerate(attributes):
        if not isinstance(attribute, dict):
            problems.append(f"{where}.attributes[{i}]: expected an object")
            continue
        code = TERM_BY_ID.get(attribute.get("taxonomy_term_id") or "")
        nested = attribute.get("taxonomy_term")
        if code is None and isinstance(nested, dict) and nested.get("code") in TERM_CODES:
            code = nested["code"]
        if code is not None:
            value = attribute.get("value")
            found.append((code, "" if value is None else str(value)))
    return found


@dataclass
class Parsed:
    provider: dict
    values: dict
    links: dict[str, list[str]]


def _provider(service: dict, where: str, problems, defaulted, known: dict) -> dict | None:
    organization = service.get("organization")
    org_id = service.get("organization_id") or (
        organization.get("id") if isinstance(organization, dict) else None
    )
    if isinstance(organization, dict):
        pid = _uuid(organization.get("id"), f"{where}.organization.id", problems)
        name = _string(organization, "name", f"{where}.organization", problems)
        if not name:
            problems.append(f"{where}.organization.name: missing")
        attrs = dict(_polku_attributes(organization, f"{where}.organization", problems))
        kind = attrs.get("field:provider_kind", "")
        if kind not in OrganisationKind.values:
            kind = DEFAULT_PROVIDER_KIND
            defaulted.append(f"{where}.organization: provider type set to '{kind}'")
        values = {
            "kind": kind,
            "description_fi": _string(
                organization, "description", f"{where}.organization", problems
            ),
            "website": _string(organization, "website", f"{where}.organization", problems),
            "email": _string(organization, "email", f"{where}.organization", problems),
            "business_id": _string(organization, "tax_id", f"{where}.organization", problems)[:9],
        }
        for language in LANGUAGE_CODES:
            if language != "fi":
                values[f"description_{language}"] = attrs.get(
                    f"text:provider_description:{language}", ""
                )
        if pid is None:
            return None
        if str(pid) not in known:  # the admin's rules, once per organization
            problems += validation.problems_of(
                Provider(name=name, **values), f"{where}.organization"
            )
        known[str(pid)] = {"hsds_id": pid, "name": name, "values": values}
        return known[str(pid)]
    if org_id and org_id in known:
        return known[org_id]
    if org_id:
        existing = Provider.objects.filter(hsds_id=_uuid(org_id, where, problems) or uuid.uuid4())
        provider = existing.first()
        if provider is not None:
            return {"existing": provider}
        problems.append(f"{where}.organization_id: unknown organization {org_id!r}")
        return None
    problems.append(f"{where}: no organization")
    return None


def parse_service(service: Any, where: str, problems, defaulted, known: dict) -> Parsed | None:
    if not isinstance(service, dict):
        problems.append(f"{where}: expected an object")
        return None
    sid = _uuid(service.get("id"), f"{where}.id", problems)
    name = _string(service, "name", where, problems)
    if not name:
        problems.append(f"{where}.name: missing")
    status = _string(service, "status", where, problems)
    if status not in ("active", "inactive", "defunct", "temporarily closed"):
        problems.append(f"{where}.status: {status!r} is not an HSDS status")
    provider = _provider(service, where, problems, defaulted, known)
    attrs = _polku_attributes(service, where, problems)
    single = {code: value for code, value in attrs if not code.startswith(("link:", "situation:"))}
    kinds = [code.split(":", 1)[1] for code, _ in attrs if code.startswith("kind:")]
    kind = kinds[0] if kinds else DEFAULT_KIND
    if not kinds:
        defaulted.append(f"{where}: kind set to '{DEFAULT_KIND}'")
    primary = {
        "name": name,
        "audience": _string(service, "eligibility_description", where, problems),
        "description": _string(service, "description", where, problems),
        "income_effect": _string(service, "fees_description", where, problems),
        "how_to_apply": _string(service, "application_process", where, problems),
        "verification_note": _string(service, "alert", where, problems),
    }
    values: dict[str, Any] = {"kind": kind}
    filled = []
    for text in TEXT_FIELDS:
        fi = primary[text] or (primary["name"] if text in ("audience", "description") else "")
        values[f"{text}_fi"] = fi
        for language in ("sv", "en"):
            given = single.get(f"text:{text}:{language}")
            if given is None and fi and text in ("name", "audience", "description"):
                filled.append(f"{text}_{language}")
            values[f"{text}_{language}"] = given if given is not None else fi
    if filled:
        defaulted.append(f"{where}: filled from the primary text: {', '.join(filled)}")
    for code, model_field in SCALAR_FIELDS.items():
        value = single.get(f"field:{code}")
        if code == "processing_time_days":
            values[model_field] = int(value) if value and value.isdigit() else None
        elif code == "verified":
            values[model_field] = value == "true"
        elif code in ("valid_from", "valid_until"):
            try:
                values[model_field] = dt.date.fromisoformat(value) if value else None
            except ValueError:
                problems.append(f"{where}: {code} {value!r} is not a date")
                values[model_field] = None
        else:
            values[model_field] = value or ""
    if not values["slug"]:
        values["slug"] = (slugify(name)[:60] or "service") + "-" + str(sid)[:8]
    if not values["source_url"]:
        values["source_url"] = _string(service, "url", where, problems)
    assured = _string(service, "assured_date", where, problems)
    try:
        values["last_checked"] = dt.date.fromisoformat(assured) if assured else None
    except ValueError:
        problems.append(f"{where}.assured_date: {assured!r} is not a date")
        values["last_checked"] = None
    if values["last_checked"] is None:
        values["last_checked"] = dt.date.today()
        defaulted.append(f"{where}: last checked set to today")
    for language in LANGUAGE_CODES:
        if values["verified"]:
            values[f"verification_note_{language}"] = ""
        elif not values[f"verification_note_{language}"]:
            values[f"verification_note_{language}"] = IMPORTED_NOTES[language]
    values["is_active"] = status == "active"
    values["life_situations"] = sorted(
        code.split(":", 1)[1]
        for code, _ in attrs
        if code.startswith("situation:") and code.split(":", 1)[1] in LifeSituation.values
    )
    languages = service.get("languages") or []
    values["languages"] = (
        [entry["code"] for entry in languages if isinstance(entry, dict) and entry.get("code")]
        if isinstance(languages, list)
        else []
    )
    areas = service.get("service_areas") or []
    area = (
        _string(areas[0], "name", f"{where}.service_areas[0]", problems)
        if isinstance(areas, list) and areas and isinstance(areas[0], dict)
        else ""
    )
    values["area"] = "" if area in ("", "Suomi") else area
    limit = Service._meta.get_field("area").max_length
    assert limit is not None  # the area field declares its max_length
    if len(values["area"]) > limit:
        values["area"] = values["area"][: limit - 1] + "…"
        defaulted.append(f"{where}.service_areas[0].name: shortened to {limit} characters")
    values["municipalities"] = _municipalities(
        single.get(MUNICIPALITIES), areas, where, problems, defaulted
    )
    links = {
        code: sorted(value for c, value in attrs if c == f"link:{code}") for code in LINK_FIELDS
    }
    # The admin's rules (web addresses, lengths, choices, validity): one set for every way in.
    problems += validation.problems_of(
        Service(**values), where, exclude=["provider", "replaced_by"]
    )
    if sid is None or provider is None:
        return None
    values["hsds_id"] = sid
    return Parsed(provider=provider, values=values, links=links)


def _municipalities(given: str | None, areas: Any, where: str, problems, defaulted) -> list[str]:
    """The municipality codes an entry is offered in: Polku's own attribute when the document
    has it, else the codes of the service areas when each names a municipality ("Seinäjoki"
    → 743). An entry without codes is listed for every municipality, so an area that is
    not a municipality ("Etelä-Pohjanmaa") is reported rather than read as the whole
    country silently; "Suomi" is the whole country."""
    if given is not None:
        codes = sorted({c.strip() for c in given.split(",") if c.strip()})
        wrong = [c for c in codes if not (c.isdigit() and len(c) == 3)]
        if wrong:
            problems.append(f"{where}: {MUNICIPALITIES} {', '.join(wrong)}: not municipality codes")
        return codes
    names: list[str] = [
        a["name"]
        for a in (areas if isinstance(areas, list) else [])
        if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"] not in ("", "Suomi")
    ]
    found = [code_for(n) for n in names]
    if names and all(code is not None for code in found):
        return sorted({f"{code:03d}" for code in found if code is not None})
    if names:
        defaulted.append(
            f"{where}.service_areas: {', '.join(names)} names no municipality; "
            "the entry is not limited to municipalities"
        )
    return []


def import_document(document: Any) -> ImportReport:
    pairs, problems = services_of(document)
    report = ImportReport()
    known: dict[str, dict] = {}
    parsed: list[Parsed] = []
    check_schema = schemas.available()
    for where, service in pairs:
        if check_schema and isinstance(service, dict):
            problems += [f"{where}/{e}" for e in schemas.errors(service, "service.json")]
        result = parse_service(service, where, problems, report.defaulted, known)
        if result is not None:
            parsed.append(result)
    ids = [str(p.values["hsds_id"]) for p in parsed]
    if len(set(ids)) != len(ids):
        problems.append("(document): the same service id appears twice")
    slugs = [p.values["slug"] for p in parsed]
    if len(set(slugs)) != len(slugs):
        problems.append("(document): the same slug appears twice")
    in_document = set(ids)
    existing = {str(u) for u in Service.objects.values_list("hsds_id", flat=True)}
    for p in parsed:
        for code, targets in p.links.items():
            for target in targets:
                if target not in in_document and target not in existing:
                    problems.append(
                        f"service {p.values['hsds_id']}: {code} refers to unknown service {target}"
                    )
    if problems:
        raise ImportRefused(problems)
    _write(parsed, report)
    report.services = len(parsed)
    return report


@transaction.atomic
def _write(parsed: list[Parsed], report: ImportReport) -> None:
    providers: dict[str, Provider] = {}
    for p in parsed:
        info = p.provider
        if "existing" in info:
            continue
        key = str(info["hsds_id"])
        if key in providers:
            continue
        clash = Provider.objects.filter(name=info["name"]).exclude(hsds_id=info["hsds_id"])
        if clash.exists():
            raise ImportRefused(
                [f"organization {key}: another organization is already named {info['name']!r}"]
            )
        providers[key] = _upsert(
            Provider, {"hsds_id": info["hsds_id"]}, {"name": info["name"], **info["values"]}, report
        )
    services: dict[str, Service] = {}
    for p in parsed:
        info = p.provider
        provider = info["existing"] if "existing" in info else providers[str(info["hsds_id"])]
        values = {k: v for k, v in p.values.items() if k != "hsds_id"}
        values["provider"] = provider
        slug_clash = Service.objects.filter(slug=values["slug"]).exclude(
            hsds_id=p.values["hsds_id"]
        )
        if slug_clash.exists():
            raise ImportRefused(
                [f"service {p.values['hsds_id']}: slug {values['slug']!r} is taken"]
            )
        services[str(p.values["hsds_id"])] = _upsert(
            Service, {"hsds_id": p.values["hsds_id"]}, values, report
        )
    by_id = {
        str(s.hsds_id): s
        for s in Service.objects.filter(
            hsds_id__in=[t for p in parsed for ts in p.links.values() for t in ts]
        )
    } | services
    excludes: dict[str, set[str]] = {sid: set() for sid in services}
    for p in parsed:
        sid = str(p.values["hsds_id"])
        for target in p.links["exclusion"]:
            excludes[sid].add(target)
            if target in excludes:
                excludes[target].add(sid)
    for p in parsed:
        sid = str(p.values["hsds_id"])
        service = services[sid]
        _set_links(service, "exclusions", [by_id[t] for t in sorted(excludes[sid])])
        _set_links(service, "next_steps", [by_id[t] for t in p.links["next_step"]])
        wanted = {by_id[t].pk for t in p.links["prerequisite"]}
        current = set(service.prerequisite_links.values_list("required_id", flat=True))
        if wanted != current:
            service.prerequisite_links.exclude(required_id__in=wanted).delete()
            Prerequisite.objects.bulk_create(
                [Prerequisite(service=service, required_id=pk) for pk in wanted - current]
            )
