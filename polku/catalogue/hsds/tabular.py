"""The HSDS tabular data package: one CSV per table and `datapackage.json` (Frictionless
Data), written from the nested documents and read back into them."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

from polku.core import jsoninput

from .documents import TAXONOMY

MAX_PACKAGE_BYTES = 1024 * 1024  # datapackage.json describes the tables: small


def importer_limit() -> int:
    """The importer's size limit (all the tables together)."""
    from .importer import MAX_BYTES

    return MAX_BYTES


# File stem → the official HSDS resource name (the specification's datapackage.json).
RESOURCE_NAMES = {
    "organizations": "organization",
    "services": "service",
    "attributes": "attribute",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "languages": "language",
    "service_areas": "service_area",
}
TABLES = {
    "organizations": ["id", "name", "description", "email", "website", "tax_id"],
    "services": [
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "status",
        "eligibility_description",
        "application_process",
        "fees_description",
        "assured_date",
        "alert",
    ],
    "attributes": ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "value"],
    "taxonomies": ["id", "name", "description", "uri", "version"],
    "taxonomy_terms": ["id", "code", "name", "description", "taxonomy", "taxonomy_id"],
    "languages": ["id", "service_id", "code"],
    "service_areas": ["id", "service_id", "name", "extent_type"],
}


def write(directory: Path, services: list[dict], terms: list[dict]) -> None:
    rows: dict[str, list[dict]] = defaultdict(list)
    organizations = {}
    for service in services:
        organization = service["organization"]
        organizations[organization["id"]] = organization
        rows["services"].append(service)
        rows["attributes"] += service.get("attributes", [])
        rows["languages"] += service.get("languages", [])
        rows["service_areas"] += service.get("service_areas", [])
    for organization in organizations.values():
        rows["organizations"].append(organization)
        rows["attributes"] += organization.get("attributes", [])
    rows["taxonomies"] = [TAXONOMY]
    rows["taxonomy_terms"] = terms
    directory.mkdir(parents=True, exist_ok=True)
    resources = []
    for table, columns in TABLES.items():
        with (directory / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in rows[table]:  # document order: services by id, children as listed
                writer.writerow({c: row.get(c, "") for c in columns})
        resources.append(
            {
                "name": RESOURCE_NAMES[table],
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": c, "type": "string"} for c in columns],
                    "primaryKey": "id",
                },
            }
        )
    package = {
        "name": "polku-service-map",
        "title": "Polku service map (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "resources": resources,
    }
    (directory / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def _typed(value, kind: str):
    """A CSV cell as the type its data-package field declares (empty stays empty)."""
    if value in ("", None) or kind == "string":
        return value
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        if value.lower() in ("true", "1", "yes"):
            return True
        if value.lower() in ("false", "0", "no"):
            return False
        raise ValueError(value)
    return value


def read(directory: Path) -> tuple[list[dict], list[str]]:
    """The services as nested HSDS documents, and problems reading the package."""
    problems: list[str] = []
    package_file = directory / "datapackage.json"
    if not package_file.exists():
        return [], [f"{directory}: no datapackage.json"]
    try:
        package = jsoninput.read(package_file, max_bytes=MAX_PACKAGE_BYTES)
    except jsoninput.JSONInputError as error:
        return [], [str(error)]
    resources = package.get("resources", []) if isinstance(package, dict) else None
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        return [], ["datapackage.json: resources must be a list of objects"]
    tables: dict[str, list[dict]] = {}
    total = 0
    for resource in resources:
        path = directory / str(resource.get("path", ""))
        if not path.is_file() or path.resolve().parent != directory.resolve():
            problems.append(f"datapackage.json: resource {resource.get('name')!r} has no file")
            continue
        total += path.stat().st_size
        if total > importer_limit():
            return [], [
                f"{directory.name}: the tables are more than the limit of "
                f"{importer_limit() // 1024 // 1024} MB together"
            ]
        schema = resource.get("schema")
        fields = schema.get("fields", []) if isinstance(schema, dict) else []
        types = {
            f.get("name"): f.get("type", "string")
            for f in (fields if isinstance(fields, list) else [])
            if isinstance(f, dict)
        }
        try:
            with path.open(newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
        except UnicodeDecodeError as error:
            return [], [f"{path.name} is not UTF-8 text (byte {error.start}: {error.reason})"]
        except csv.Error as error:  # e.g. a cell longer than the csv module's field limit
            return [], [f"{path.name}: not a readable CSV table ({error})"]
        for i, row in enumerate(rows):
            for column, value in row.items():
                try:
                    row[column] = _typed(value, types.get(column, "string"))
                except ValueError:
                    problems.append(
                        f"{path.name} row {i + 2}: {column} {value!r} is not a {types[column]}"
                    )
        tables[path.stem] = rows
    if "services" not in tables:
        problems.append("datapackage.json: no services table")
        return [], problems

    def clean(row: dict) -> dict:
        return {k: v for k, v in row.items() if v not in ("", None) and k is not None}

    terms = {t["id"]: clean(t) for t in tables.get("taxonomy_terms", [])}
    by_link: dict[str, list[dict]] = defaultdict(list)
    for attribute in tables.get("attributes", []):
        attribute = clean(attribute)
        attribute.setdefault("value", "")
        if attribute.get("taxonomy_term_id") in terms:
            attribute["taxonomy_term"] = terms[attribute["taxonomy_term_id"]]
        by_link[attribute.get("link_id", "")].append(attribute)
    organizations = {}
    for row in tables.get("organizations", []):
        organization = clean(row)
        organization["attributes"] = by_link.get(organization.get("id", ""), [])
        organizations[organization.get("id")] = organization
    children: dict[str, dict[str, list[dict]]] = {
        "languages": defaultdict(list),
        "service_areas": defaultdict(list),
    }
    for table in children:
        for row in tables.get(table, []):
            row = clean(row)
            children[table][row.get("service_id", "")].append(row)
    services = []
    for row in tables["services"]:
        service = clean(row)
        sid = service.get("id", "")
        service["attributes"] = by_link.get(sid, [])
        service["languages"] = children["languages"].get(sid, [])
        service["service_areas"] = children["service_areas"].get(sid, [])
        if service.get("organization_id") in organizations:
            service["organization"] = organizations[service["organization_id"]]
        services.append(service)
    return services, problems
