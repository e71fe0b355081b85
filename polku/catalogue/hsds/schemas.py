"""Validation against the official HSDS 3.0 JSON Schemas (`../shared/hsds-3.0`, or the folder
POLKU_HSDS_SCHEMAS names). They are read where they are, never copied into the project."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[3]
BASE = "https://hsds.schemas.invalid/"


CANDIDATES = (ROOT.parent / "shared" / "hsds-3.0", Path("/work/shared/hsds-3.0"))


def schema_dir() -> Path:
    """POLKU_HSDS_SCHEMAS, else ../shared/hsds-3.0 beside the checkout (or the workplace's)."""
    if os.environ.get("POLKU_HSDS_SCHEMAS"):
        return Path(os.environ["POLKU_HSDS_SCHEMAS"])
    return next((c for c in CANDIDATES if (c / "service.json").exists()), CANDIDATES[0])


def available() -> bool:
    return (schema_dir() / "service.json").exists()


@cache
def _registry(directory: str) -> Registry:
    resources = []
    for path in Path(directory).glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        if "openapi" in contents:
            continue
        resources.append(
            (BASE + path.name, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


def errors(document: dict, schema: str) -> list[str]:
    """Problems of `document` against the official `schema` (e.g. "service.json"), as
    "path: message" lines; [] when it is valid."""
    registry = _registry(str(schema_dir()))
    validator = Draft202012Validator({"$ref": BASE + schema}, registry=registry)
    found = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(document)"
        found.append(f"{where}: {error.message}")
    return found
