"""The knot as JSON (`analyse_knot`'s input) → analysis data, with a message per problem."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .analysis import KINDS, STATUSES, Application, Blocker

# A client's knot has a handful of applications; these bound the work (and the file) so that
# a mistaken or hostile input is refused at once instead of running for minutes.
MAX_BYTES = 5 * 1024 * 1024
MAX_APPLICATIONS = 500
MAX_BLOCKERS = 5000
MAX_DAYS = 36_500  # expected_days, fallback_days: a hundred years


class KnotInputError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _date(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"{where}: expected a date as YYYY-MM-DD, got {value!r}")
        return None


def parse(document: Any) -> tuple[list[Application], list[Blocker]]:
    problems: list[str] = []
    if not isinstance(document, dict):
        raise KnotInputError(["the file must hold a JSON object"])
    applications, blockers = [], []
    raw_apps = document.get("applications")
    raw_blockers = document.get("blockers", [])
    if not isinstance(raw_apps, list) or not isinstance(raw_blockers, list):
        raise KnotInputError(["applications and blockers must be lists"])
    if len(raw_apps) > MAX_APPLICATIONS:
        raise KnotInputError([f"applications: at most {MAX_APPLICATIONS} applications"])
    if len(raw_blockers) > MAX_BLOCKERS:
        raise KnotInputError([f"blockers: at most {MAX_BLOCKERS} blockers"])
    for i, item in enumerate(raw_apps):
        where = f"applications[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int):
            problems.append(f"{where}: needs an id")
            continue
        status = item.get("status")
        if status not in STATUSES:
            problems.append(f"{where}.status: unknown status {status!r}")
        days: dict[str, int | None] = {}
        for key in ("expected_days", "fallback_days"):
            value = item.get(key)
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS
            ):
                problems.append(f"{where}.{key}: expected a whole number from 0 to {MAX_DAYS}")
                value = None
            days[key] = value
        applications.append(
            Application(
                id=str(item["id"]),
                status=str(status),
                submitted=_date(item.get("submitted"), f"{where}.submitted", problems),
                expected_days=days["expected_days"],
                fallback_days=days["fallback_days"],
            )
        )
    ids = [a.id for a in applications]
    if len(set(ids)) != len(ids):
        problems.append("applications: ids must be unique")
    known = set(ids)
    for i, item in enumerate(raw_blockers):
        where = f"blockers[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int):
            problems.append(f"{where}: needs an id")
            continue
        application = str(item.get("application"))
        if application not in known:
            problems.append(f"{where}.application: unknown application {item.get('application')!r}")
        kind = item.get("kind")
        if kind not in KINDS:
            problems.append(f"{where}.kind: unknown kind {kind!r}")
        waits_for = item.get("waits_for")
        if kind == "decision" and (waits_for is None or str(waits_for) not in known):
            problems.append(f"{where}.waits_for: a decision blocker names a known application")
        blockers.append(
            Blocker(
                id=str(item["id"]),
                application=application,
                kind=str(kind),
                waits_for=None if waits_for is None else str(waits_for),
                owner=item.get("owner"),
                due=_date(item.get("due"), f"{where}.due", problems),
                resolved=bool(item.get("resolved", False)),
            )
        )
    if len({b.id for b in blockers}) != len(blockers):
        problems.append("blockers: ids must be unique")
    if problems:
        raise KnotInputError(problems)
    return applications, blockers
