"""The client's facts for the rules engine: recorded in ClientFacts, or derived from what
Polku already holds (the birth date from the henkilötunnus, the municipality from the client
record, the work ability from the latest holistic assessment). A fact nobody knows stays
unknown ("needs information"), never false or zero.

`facts_for` gives one client's facts (and where each came from) for the route plan;
`columns` gives every active client's facts as column arrays in a few queries, for the
vectorised screening (rules.api.screen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

import numpy as np
from django.db.models import Field, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from polku.assessment.models import Assessment
from polku.clients.models import Client

from .models import ClientFacts

# The recorded facts (ClientFacts fields), with the kind of value each holds.
BOOL, INT, MONEY = "bool", "int", "money"
RECORDED: dict[str, str] = {
    "adults_in_household": INT,
    "children_in_household": INT,
    "housing_cost": MONEY,
    "annual_earned_income": MONEY,
    "monthly_earnings": MONEY,
    "expected_wage": MONEY,
    "jobseeker_registered": BOOL,
    "unemployment_benefit": BOOL,
    "unemployed_months": INT,
    "on_sick_leave": BOOL,
    "sickness_days_used": INT,
    "work_ability_threatened": BOOL,
    "medical_statement": BOOL,
    "psychiatrist_statement": BOOL,
    "treatment_months": INT,
    "in_studies": BOOL,
    "multi_agency_need": BOOL,
}
# Work ability 0–10 at or below this in the latest assessment: threatened (unless recorded).
THREATENED_AT_OR_BELOW = 5

SOURCE_RECORDED = _("recorded")
SOURCE_CLIENT = _("client record")
SOURCE_ASSESSMENT = _("holistic assessment")


@dataclass(frozen=True)
class Fact:
    name: str
    label: str
    value: object  # None when unknown
    source: str

    @property
    def known(self) -> bool:
        return self.value is not None


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


class AssessmentValues(TypedDict):
    """The facts taken from a client's latest holistic assessment."""

    client_id: int
    work_ability_score: int | None
    sickness_absence_days: int | None


def latest_assessment_values(client_ids) -> dict[int, AssessmentValues]:
    rows = (
        Assessment.objects.filter(client_id__in=client_ids)
        .order_by("client_id", "-version")
        .values("client_id", "work_ability_score", "sickness_absence_days")
    )
    found: dict[int, AssessmentValues] = {}
    for row in rows:
        found.setdefault(row["client_id"], row)
    return found


def facts_for(client: Client, *, on: dt.date) -> tuple[dict, list[Fact]]:
    """The engine's facts dict (unknown facts left out) and the list to show."""
    row = ClientFacts.objects.filter(client=client).first()
    assessment = latest_assessment_values([client.pk]).get(client.pk)
    score = assessment["work_ability_score"] if assessment is not None else None
    absence = assessment["sickness_absence_days"] if assessment is not None else None
    shown: list[Fact] = [
        Fact("birth_date", str(_("birth date")), client.birth_date, str(SOURCE_CLIENT)),
        Fact("age", str(_("age")), client.age_on(on), str(SOURCE_CLIENT)),
        Fact(
            "municipality",
            str(_("municipality")),
            client.municipality or None,
            str(SOURCE_CLIENT),
        ),
    ]
    for name in RECORDED:
        value = _plain(getattr(row, name)) if row is not None else None
        model_field = ClientFacts._meta.get_field(name)
        assert isinstance(model_field, Field)
        label = str(model_field.verbose_name)
        source = str(SOURCE_RECORDED)
        if value is None and name == "work_ability_threatened" and score is not None:
            value, source = score <= THREATENED_AT_OR_BELOW, str(SOURCE_ASSESSMENT)
        shown.append(Fact(name, label, value, source if value is not None else ""))
    shown.append(
        Fact(
            "sickness_absence_days",
            str(_("sickness absence days in the last 12 months")),
            absence,
            str(SOURCE_ASSESSMENT) if absence is not None else "",
        )
    )
    facts = {f.name: f.value for f in shown if f.value is not None}
    facts["birth_date"] = client.birth_date.isoformat()
    return facts, shown


def person_for(client: Client, facts: dict) -> tuple[dict, list[str]]:
    """The calc input's person; and the facts assumed because they are unknown."""
    assumed: list[str] = []

    def get(name, default):
        if facts.get(name) is None:
            assumed.append(name)
            return default
        return facts[name]

    person = {
        "birth_date": client.birth_date.isoformat(),
        "adults_in_household": int(get("adults_in_household", 1)),
        "children_in_household": int(get("children_in_household", 0)),
        "unemployment_benefit": bool(get("unemployment_benefit", False)),
    }
    for name in ("annual_earned_income", "housing_cost"):
        if facts.get(name) is not None:
            person[name] = float(facts[name])
    if client.municipality:
        person["municipality"] = client.municipality
    return person, assumed


# ---------------------------------------------------------------------------------------------
# Column arrays for the screening


def columns(clients_qs, *, on: dt.date) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(client ids, facts as column arrays) for the clients of `clients_qs`, in three
    queries. Unknown booleans are -1 (int8), unknown numbers NaN (float64)."""
    latest = Assessment.objects.filter(client_id=OuterRef("pk")).order_by("-version")
    rows = list(
        clients_qs.order_by("pk").values_list(
            "pk",
            "birth_date",
            Subquery(latest.values("work_ability_score")[:1]),
            Subquery(latest.values("sickness_absence_days")[:1]),
        )
    )
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    n = len(ids)
    position = {int(cid): i for i, cid in enumerate(ids)}
    cols: dict[str, np.ndarray] = {}
    for name, kind in RECORDED.items():
        cols[name] = np.full(n, -1, dtype=np.int8) if kind == BOOL else np.full(n, np.nan)
    recorded = ClientFacts.objects.filter(client_id__in=ids.tolist()).values_list(
        "client_id", *RECORDED
    )
    names = list(RECORDED)
    for row in recorded:
        i = position.get(row[0])
        if i is None:
            continue
        for name, value in zip(names, row[1:], strict=True):
            if value is None:
                continue
            cols[name][i] = int(value) if RECORDED[name] == BOOL else float(value)
    birth = (
        np.array([r[1] for r in rows], dtype="datetime64[D]")
        if n
        else np.array([], dtype="datetime64[D]")
    )
    today = np.datetime64(on, "D")
    cols["age"] = _ages(birth, on) if n else np.zeros(0)
    cols["birth_date"] = birth
    score = np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=float)
    derived = np.where(np.isnan(score), -1, (score <= THREATENED_AT_OR_BELOW).astype(np.int8))
    threatened = cols["work_ability_threatened"]
    cols["work_ability_threatened"] = np.where(threatened >= 0, threatened, derived).astype(np.int8)
    cols["sickness_absence_days"] = np.array(
        [np.nan if r[3] is None else r[3] for r in rows], dtype=float
    )
    del today
    return ids, cols


def _ages(birth: np.ndarray, on: dt.date) -> np.ndarray:
    years = birth.astype("datetime64[Y]").astype(int) + 1970
    months = birth.astype("datetime64[M]").astype(int) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(int) + 1
    before = (months > on.month) | ((months == on.month) & (days > on.day))
    return (on.year - years - before.astype(int)).astype(float)
