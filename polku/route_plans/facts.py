"""The client's facts for the rules engine: recorded in ClientFacts, or derived from what
Polku already holds (the birth date from the henkilötunnus, the municipality from the client
record, the sickness absence days from the latest holistic assessment, shown beside them). A
fact nobody knows stays unknown ("needs information"), never false or zero; the self-rated
work ability is not a doctor's view that an illness threatens it, and stays out of the rules.

`facts_for` gives one client's facts (and where each came from) for the route plan,
`household_for` the rules engine's `household` input built from them (issue #17: the
partner's income, the children's birth years, the municipality, the tenure);
`columns` gives every active client's facts as column arrays in a few queries, for the
vectorised screening (rules.api.screen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict

import numpy as np
from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from polku.assessment.models import Assessment
from polku.clients.models import Client

from .models import ClientFacts, Tenure

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
    "in_employment_service": BOOL,
    "active_before_illness": BOOL,
    "pension_provider_responsible": BOOL,
    "assets": MONEY,
}
# The household facts (issue #17), kept apart from RECORDED: they are not eligibility facts
# of rules.facts and have kinds of their own (a list of years, a choice, a percentage).
YEARS, CHOICE, PERCENT = "years", "choice", "percent"
HOUSEHOLD: dict[str, str] = {
    "partner_in_household": BOOL,
    "partner_gross_wage": MONEY,
    "partner_unemployment_benefit": BOOL,
    "children_birth_years": YEARS,
    "tenure": CHOICE,
    "withholding_percent": PERCENT,
}
# Recorded by hand on the facts form and the API: every fact of either kind.
EDITABLE: dict[str, str] = {**RECORDED, **HOUSEHOLD}
# Derived from the household facts when those are known (services.update_facts keeps the
# stored counts in step for the screening; facts_for derives them on the day).
DERIVED_COUNTS = ("adults_in_household", "children_in_household")
# A birth year stands for a birth date of 1 July of that year: the middle of the year, so
# that an age derived from it is at most half a year off either way. A child born in the
# current year before July counts as born on the 1st of the first month computed.
BIRTHDAY_MONTH, BIRTHDAY_DAY = 7, 1
ADULT_AGE = 18
SOURCE_HOUSEHOLD = _("household facts")

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


def birth_date_of_year(year: int, *, not_after: dt.date | None = None) -> dt.date:
    """The birth date a birth year stands for: 1 July, or `not_after` if that is earlier
    (a child born this year is already born)."""
    day = dt.date(year, BIRTHDAY_MONTH, BIRTHDAY_DAY)
    return min(day, not_after) if not_after is not None else day


def age_from_year(year: int, on: dt.date) -> int:
    """Full years on `on` of someone born in `year` (as if born on 1 July)."""
    return on.year - year - ((on.month, on.day) < (BIRTHDAY_MONTH, BIRTHDAY_DAY))


def household_counts(partner: bool, years: list[int], on: dt.date) -> tuple[int, int]:
    """(adults, children under 18) in the household of the client, a partner if any and
    the children born in `years`."""
    adults_at_home = sum(1 for y in years if age_from_year(y, on) >= ADULT_AGE)
    return 1 + int(partner) + adults_at_home, len(years) - adults_at_home


def facts_for(client: Client, *, on: dt.date) -> tuple[dict, list[Fact]]:
    """The engine's facts dict (unknown facts left out) and the list to show (with the
    household facts last; they are not eligibility facts and stay out of the dict)."""
    row = ClientFacts.objects.filter(client=client).first()
    assessment = latest_assessment_values([client.pk]).get(client.pk)
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
        shown.append(Fact(name, label, value, source if value is not None else ""))
    shown.append(
        Fact(
            "sickness_absence_days",
            str(_("sickness absence days in the last 12 months")),
            absence,
            str(SOURCE_ASSESSMENT) if absence is not None else "",
        )
    )
    partner = row.partner_in_household if row is not None else None
    years = row.children_birth_years if row is not None else None
    if partner is not None and years is not None:  # the counts follow the household
        adults, children = household_counts(partner, years, on)
        for i, fact in enumerate(shown):
            if fact.name in DERIVED_COUNTS:
                value = adults if fact.name == "adults_in_household" else children
                shown[i] = Fact(fact.name, fact.label, value, str(SOURCE_HOUSEHOLD))
    else:  # not asked any more (the household facts are): an unknown count is not shown
        shown = [f for f in shown if f.known or f.name not in DERIVED_COUNTS]
    facts = {f.name: f.value for f in shown if f.value is not None}
    facts["birth_date"] = client.birth_date.isoformat()
    if row is not None:  # the rules' household facts (as `columns` gives them)
        facts.update(
            household_rules_facts(
                partner=row.partner_in_household,
                partner_wage=row.partner_gross_wage,
                partner_benefit=row.partner_unemployment_benefit,
                years=row.children_birth_years,
                tenure=row.tenure,
                on=on,
            )
        )
    for name in HOUSEHOLD:
        model_field = ClientFacts._meta.get_field(name)
        assert isinstance(model_field, Field)
        value = _plain(getattr(row, name)) if row is not None else None
        if value == "":
            value = None
        if name.startswith("partner_") and name != "partner_in_household" and partner is not True:
            continue  # asked only about a partner known to live in the household
        if name == "withholding_percent" and value is None:
            continue  # optional: without it the tax is estimated (and says so)
        label = str(model_field.verbose_name)
        shown.append(Fact(name, label, value, str(SOURCE_RECORDED) if value is not None else ""))
    return facts, shown


def _member_birth_date(year: int, first: dt.date) -> str:
    return birth_date_of_year(year, not_after=first).isoformat()


ASSUMED_NO_PARTNER = _(
    "Assumed: no spouse or partner in the household (not recorded whether there is one)."
)
ASSUMED_NO_CHILDREN = _("Assumed: no children at home (their birth years are not recorded).")
ASSUMED_PARTNER_NO_WAGE = _("Assumed: the partner has no wage (not recorded).")
ASSUMED_PARTNER_NO_BENEFIT = _(
    "Assumed: the partner receives no unemployment benefit (not recorded)."
)
ASSUMED_NO_BENEFIT = _("Assumed: the client receives no unemployment benefit (not recorded).")
ASSUMED_RENT = _("Assumed: a rented home (the form of housing is not recorded).")
ASSUMED_NO_HOUSING_COST = _("Assumed: no housing costs (not recorded).")
NOTE_PARTNER_AGE = _(
    "The partner's age is not asked: the client's age stands in for it (at least 18), which "
    "matters only for the age limits of the partner's own benefits."
)
NOTE_CHILD_AGES = _("The children's ages are counted from their birth years as if born on 1 July.")


def household_for(client: Client, shown: list[Fact], *, first: dt.date) -> tuple[dict, list[str]]:
    """The calc input's `household` (design17.md) from the facts shown; and the notes of
    what is assumed because it is not known. `first` is the first month computed.

    Members: the client (applicant); the partner when one lives in the household (their
    gross wage and unemployment benefit; the client's birth date stands in for theirs);
    each child at home by birth year, oldest first, as born on 1 July — 18 or older on
    `first` an adult living with their parent (adult_child)."""
    values: dict[str, Any] = {f.name: f.value for f in shown}
    notes: list[str] = []

    def known(name: str, default, note):
        value = values.get(name)
        if value is None:
            notes.append(str(note))
            return default
        return value

    applicant: dict = {
        "role": "applicant",
        "birth_date": client.birth_date.isoformat(),
        "unemployment_benefit": bool(known("unemployment_benefit", False, ASSUMED_NO_BENEFIT)),
    }
    if values.get("annual_earned_income") is not None:
        applicant["annual_earned_income"] = float(values["annual_earned_income"])
    if values.get("in_studies"):
        applicant["full_time_student"] = True
    if values.get("withholding_percent") is not None:
        applicant["withholding_percent"] = float(values["withholding_percent"])
    if values.get("assets") is not None:  # the housing allowance's asset test (from 2025)
        applicant["assets"] = float(values["assets"])
    members = [applicant]
    if known("partner_in_household", False, ASSUMED_NO_PARTNER):
        partner: dict = {
            "role": "partner",
            "birth_date": _adult_birth_date(client.birth_date, first).isoformat(),
            "gross_wage": float(known("partner_gross_wage", 0.0, ASSUMED_PARTNER_NO_WAGE)),
            "unemployment_benefit": bool(
                known("partner_unemployment_benefit", False, ASSUMED_PARTNER_NO_BENEFIT)
            ),
        }
        members.append(partner)
        notes.append(str(NOTE_PARTNER_AGE))
    years = sorted(known("children_birth_years", [], ASSUMED_NO_CHILDREN))
    for year in years:
        role = "adult_child" if age_from_year(year, first) >= ADULT_AGE else "child"
        members.append({"role": role, "birth_date": _member_birth_date(year, first)})
    if years:
        notes.append(str(NOTE_CHILD_AGES))
    household: dict = {
        "housing_cost": float(known("housing_cost", 0.0, ASSUMED_NO_HOUSING_COST)),
        "tenure": known("tenure", Tenure.RENT.value, ASSUMED_RENT),
        "members": members,
    }
    municipality = _known_municipality(client.municipality)
    if municipality:
        household["municipality"] = municipality
    elif client.municipality:
        notes.append(str(UNKNOWN_MUNICIPALITY) % {"municipality": client.municipality[:100]})
    else:
        notes.append(str(NO_MUNICIPALITY))
    return household, notes


UNKNOWN_MUNICIPALITY = _(
    "The municipality “%(municipality)s” in the client's details is not one the rules know: "
    "the figures that depend on the municipality use the rules' default."
)
NO_MUNICIPALITY = _(
    "The client's municipality is not recorded: the figures that depend on the municipality "
    "use the rules' default."
)


def _known_municipality(name: str) -> str:
    """The municipality's name when the rules know it ("" otherwise); any name while the
    rules have no municipality table."""
    name = (name or "").strip()
    if not name:
        return ""
    try:
        from rules.municipalities import code_for
    except ImportError:
        return name
    return name if code_for(name) is not None else ""


def _adult_birth_date(birth: dt.date, first: dt.date) -> dt.date:
    """`birth`, or the latest date making one 18 on `first` if that is earlier."""
    try:
        limit = first.replace(year=first.year - ADULT_AGE)
    except ValueError:  # 29 February
        limit = first.replace(year=first.year - ADULT_AGE, day=28)
    return min(birth, limit)


def member_ids(household: dict) -> dict[str, dict]:
    """The engine's member id → the member, as rules.inputs names them when no id is
    given: "applicant", "partner", "child1", "child2" …, "adult_child1" … in the order
    given."""
    counts: dict[str, int] = {}
    found: dict[str, dict] = {}
    for member in household["members"]:
        role = member["role"]
        if "id" in member:
            found[member["id"]] = member
            continue
        if role in ("applicant", "partner"):
            found[role] = member
            continue
        counts[role] = counts.get(role, 0) + 1
        found[f"{role}{counts[role]}"] = member
    return found


# ---------------------------------------------------------------------------------------------
# Column arrays for the screening


def household_rules_facts(
    *,
    partner: bool | None,
    partner_wage,
    partner_benefit: bool | None,
    years: list[int] | None,
    tenure: str,
    on: dt.date,
) -> dict[str, Any]:
    """The rules' household facts (rules.facts) from the recorded household facts, the
    unknown ones left out: the partner and their wage and benefit (asked only about a
    partner known to live in the household), the children under 18 by age group (10–17,
    under 10) from their birth years, and whether the home is owner-occupied."""
    found: dict[str, Any] = {}
    if partner is not None:
        found["partner_in_household"] = partner
        if partner:
            if partner_wage is not None:
                found["partner_gross_wage"] = float(partner_wage)
            if partner_benefit is not None:
                found["partner_unemployment_benefit"] = partner_benefit
    if years is not None:
        ages = [age_from_year(year, on) for year in years]
        found["children_under_10"] = sum(1 for age in ages if age < 10)
        found["children_10_17"] = sum(1 for age in ages if 10 <= age < ADULT_AGE)
        found["children_in_household"] = found["children_under_10"] + found["children_10_17"]
        if partner is not None:
            found["adults_in_household"] = household_counts(partner, years, on)[0]
    if tenure:
        found["owner_occupied"] = tenure == Tenure.OWNER
    return found


# The rules' facts `columns` fills: the recorded ones and those from the household facts.
RULES_HOUSEHOLD_BOOL = ("partner_in_household", "partner_unemployment_benefit", "owner_occupied")
RULES_HOUSEHOLD_NUMBER = ("partner_gross_wage", "children_under_10", "children_10_17")


def columns(clients_qs, *, on: dt.date) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(client ids, facts as column arrays) for the clients of `clients_qs`, in three
    queries. Unknown booleans are -1 (int8), unknown numbers NaN (float64). The facts are
    those of `facts_for` (the same derivations), so that the screening and the route plan
    agree; the self-rated work ability of the holistic assessment is not the rules' "work
    ability threatened" (a doctor's view) and is not read."""
    rows = list(clients_qs.order_by("pk").values_list("pk", "birth_date"))
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    n = len(ids)
    position = {int(cid): i for i, cid in enumerate(ids)}
    cols: dict[str, np.ndarray] = {}
    for name, kind in RECORDED.items():
        cols[name] = np.full(n, -1, dtype=np.int8) if kind == BOOL else np.full(n, np.nan)
    for name in RULES_HOUSEHOLD_BOOL:
        cols[name] = np.full(n, -1, dtype=np.int8)
    for name in RULES_HOUSEHOLD_NUMBER:
        cols[name] = np.full(n, np.nan)
    household = (
        "partner_in_household",
        "partner_gross_wage",
        "partner_unemployment_benefit",
        "children_birth_years",
        "tenure",
    )
    recorded = ClientFacts.objects.filter(client_id__in=ids.tolist()).values_list(
        "client_id", *RECORDED, *household
    )
    names = list(RECORDED)
    for row in recorded:
        i = position.get(row[0])
        if i is None:
            continue
        for name, value in zip(names, row[1 : 1 + len(names)], strict=True):
            if value is None:
                continue
            cols[name][i] = int(value) if RECORDED[name] == BOOL else float(value)
        partner, wage, benefit, years, tenure = row[1 + len(names) :]
        derived = household_rules_facts(
            partner=partner,
            partner_wage=wage,
            partner_benefit=benefit,
            years=years,
            tenure=tenure,
            on=on,
        )
        for name, value in derived.items():
            cols[name][i] = int(value) if cols[name].dtype == np.int8 else float(value)
    birth = (
        np.array([r[1] for r in rows], dtype="datetime64[D]")
        if n
        else np.array([], dtype="datetime64[D]")
    )
    cols["age"] = _ages(birth, on) if n else np.zeros(0)
    cols["birth_date"] = birth
    return ids, cols


def _ages(birth: np.ndarray, on: dt.date) -> np.ndarray:
    years = birth.astype("datetime64[Y]").astype(int) + 1970
    months = birth.astype("datetime64[M]").astype(int) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(int) + 1
    before = (months > on.month) | ((months == on.month) & (days > on.day))
    return (on.year - years - before.astype(int)).astype(float)
