"""One parameter as data for an explanation (rules.calc.parameter_info and the tax's state
scale and municipal rate use the same form): name, value, unit, the date the value applies
from, its source in English and in each language, and whether it is unverified."""

from __future__ import annotations

import datetime as dt
from typing import Any


def described(
    name: str, node: Any, value: Any, valid_from: dt.date, description: str | None = None
) -> dict[str, Any]:
    """`node`: the OpenFisca parameter node whose metadata (unit, reference, sources,
    unverified) describes the value; `description`: the node's own unless given."""
    metadata = node.metadata
    info = {
        "name": name,
        "value": value,
        "unit": metadata.get("unit") or "",
        "valid_from": valid_from,
        "source": metadata.get("reference") or "",
        "sources": dict(metadata.get("sources") or {}),
        "description": (node.description if description is None else description) or "",
        "unverified": bool(metadata.get("unverified")),
    }
    if info["unverified"]:
        info["unverified_note"] = str(metadata["unverified"])
    return info
