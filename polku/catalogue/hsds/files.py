"""Reading and writing HSDS files for the commands (size limit, JSON or a data package)."""

from __future__ import annotations

import json
from pathlib import Path

from polku.core import jsoninput

from . import documents, importer, tabular


def read_path(path: Path):
    """An HSDS JSON document or a tabular data package folder → (document, problems).
    The JSON is read strictly (polku.core.jsoninput): at most MAX_BYTES, UTF-8, no deeper
    than 64 levels, no lone surrogates, no numbers beyond ±10^15."""
    if path.is_dir():
        services, problems = tabular.read(path)
        return services, problems
    if not path.is_file():
        return None, [f"{path}: no such file or folder"]
    try:
        return jsoninput.read(path, max_bytes=importer.MAX_BYTES), []
    except jsoninput.JSONInputError as error:
        return None, [str(error)]


def import_path(path: Path) -> importer.ImportReport:
    document, problems = read_path(path)
    if problems:
        raise importer.ImportRefused(problems)
    return importer.import_document(document)


def export_to(directory: Path) -> dict[str, int]:
    services = documents.all_services()
    terms = documents.taxonomy_terms()
    directory.mkdir(parents=True, exist_ok=True)
    listing = documents.page(services, 1, max(len(services), 1))
    (directory / "services.json").write_text(
        json.dumps(listing, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    tabular.write(directory / "tabular", services, terms)
    return {"services": len(services), "taxonomy_terms": len(terms)}
