"""Reading and writing HSDS files for the commands (size limit, JSON or a data package)."""

from __future__ import annotations

import json
from pathlib import Path

from . import documents, importer, tabular


def read_path(path: Path):
    """An HSDS JSON document or a tabular data package folder → (document, problems)."""
    if path.is_dir():
        services, problems = tabular.read(path)
        return services, problems
    if not path.is_file():
        return None, [f"{path}: no such file or folder"]
    size = path.stat().st_size
    if size > importer.MAX_BYTES:
        return None, [
            f"{path.name}: {size / 1024 / 1024:.1f} MB is more than the limit of "
            f"{importer.MAX_BYTES // 1024 // 1024} MB"
        ]
    try:
        return json.loads(path.read_text(encoding="utf-8")), []
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, [f"{path.name}: not valid JSON ({error})"]


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
