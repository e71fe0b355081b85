"""Pseudonymised cohort exports for research: one row per client of the filtered population,
the columns chosen from the data dictionary (no names, no henkilötunnus, no free text), a
pseudonym per client that is stable within the export and not linkable across exports, dates
coarsened as asked, and the k-anonymity guard (polku.research.anonymity) run before anything
is written — over every quasi-identifier the export writes (age band, municipality, language,
entry month: whichever of them are among the columns), with k at least POLKU_RESEARCH_K. The
files (Parquet, CSV and the data dictionary) are written to a temporary
folder and moved into place whole; the export is recorded and audited with its purpose and
the researcher's permit reference."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.routers import research_reads
from polku.access import resolver
from polku.audit.models import Action
from polku.audit.services import record
from polku.clients.models import ClientStatus, Language
from polku.core.http import AnyRequest
from polku.core.validators import validate_no_markup
from polku.handover.models import Handover
from polku.knots.indicators import application_frame
from polku.meetings.models import Agreement
from polku.plans.models import Plan

from . import anonymity, disclosure
from .frames import UTC, Filters, frame, local_date
from .indicators import HORIZONS, Context
from .models import OutcomeEvent, OutcomeKind, ResearchExport

if TYPE_CHECKING:  # annotations only
    from polku.accounts.models import User

PRECISIONS = ("month", "quarter", "year")
PRECISION_LABELS = {
    "month": gettext_lazy("month"),
    "quarter": gettext_lazy("quarter of a year"),
    "year": gettext_lazy("year"),
}
# The columns that, together, could point to a person: every one an export writes is checked
# (issue 18: checking only the ones a researcher ticked wrote unique people).
QUASI_CHOICES = ("age_band", "municipality", "language", "entry_month")
QUASI_LABELS = {
    "age_band": gettext_lazy("age band"),
    "municipality": gettext_lazy("municipality"),
    "language": gettext_lazy("language"),
    "entry_month": gettext_lazy("entry month"),
}


def quasi_identifiers(columns: list[str]) -> list[str]:
    """The quasi-identifiers of an export: those among the columns it writes."""
    return [column for column in QUASI_CHOICES if column in columns]


# The age bands the export writes (_age_band below reads the same two numbers)
AGE_BAND_YEARS = 10
AGE_TOP = 60
NOT_REACHED = "not_reached"


def _age_bands(width: int) -> list[str]:
    return [f"{low}–{low + width - 1}" for low in range(0, AGE_TOP, width)] + [f"{AGE_TOP}+"]


@dataclass(frozen=True)
class Column:
    """One column of an export: what it means, its type, and — for a column of codes — every
    code it can hold with its meaning. The data dictionary of every export is written from
    these, and the cohort's codes come from the same choices (tested to agree)."""

    label: Promise  # the column's name in the reader's language (the CSV header is the code)
    description: Promise
    type: str
    values: Callable[[], list[tuple[str, str]]] | None = None


def _choices(choices) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(code, str(label)) for code, label in choices]


def _outcomes() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in OutcomeKind.choices] + [
        (NOT_REACHED, _("the time has not passed yet"))
    ]


# column → its definition — the data dictionary written with every export
DICTIONARY: dict[str, Column] = {
    "pseudonym": Column(
        gettext_lazy("Pseudonym"),
        gettext_lazy(
            "The client's pseudonym: the same client has the same pseudonym within this "
            "export only (HMAC-SHA256 with a secret key and a per-export salt)."
        ),
        "text",
    ),
    "entry_month": Column(
        gettext_lazy("Entry month"),
        gettext_lazy("First contact (entry): the month (2026-03), quarter (2026-Q1) or year."),
        "text",
    ),
    "age_band": Column(
        gettext_lazy("Age band"),
        format_lazy(
            gettext_lazy("Age at entry in {years}-year bands ({top}+ at the top)."),
            years=AGE_BAND_YEARS,
            top=AGE_TOP,
        ),
        "text",
        lambda: [(band, band) for band in _age_bands(AGE_BAND_YEARS)],
    ),
    "municipality": Column(
        gettext_lazy("Municipality"), gettext_lazy("Municipality of residence."), "text"
    ),
    "language": Column(
        gettext_lazy("Language"),
        gettext_lazy("Preferred language."),
        "text",
        _choices(Language.choices),
    ),
    "status": Column(
        gettext_lazy("Status today"),
        gettext_lazy("Status today."),
        "text",
        _choices(ClientStatus.choices),
    ),
    "days_to_first_meeting": Column(
        gettext_lazy("Days to the first joint meeting"),
        gettext_lazy("Days from entry to the first joint meeting (empty: none yet)."),
        "integer",
    ),
    "days_to_plan": Column(
        gettext_lazy("Days to the plan"),
        gettext_lazy("Days from entry to the plan (empty: none yet)."),
        "integer",
    ),
    "meetings": Column(
        gettext_lazy("Meetings held"), gettext_lazy("Meetings held (closed)."), "integer"
    ),
    "agreements": Column(
        gettext_lazy("Agreements made"),
        gettext_lazy("Agreements made (not cancelled)."),
        "integer",
    ),
    "agreements_on_time": Column(
        gettext_lazy("Agreements done on time"),
        gettext_lazy("Agreements done on or before their date."),
        "integer",
    ),
    "handovers": Column(
        gettext_lazy("Handovers accepted"), gettext_lazy("Handovers accepted."), "integer"
    ),
    "applications": Column(
        gettext_lazy("Applications recorded"),
        gettext_lazy("Benefit and service applications recorded."),
        "integer",
    ),
    **{
        f"outcome_{months}m": Column(
            format_lazy(gettext_lazy("Situation at {months} months"), months=months),
            format_lazy(
                gettext_lazy(
                    "Situation {months} months after entry: the latest recorded outcome by then."
                ),
                months=months,
            ),
            "text",
            _outcomes,
        )
        for months in HORIZONS
    },
}
DEFAULT_COLUMNS = list(DICTIONARY)
TYPE_LABELS = {"text": gettext_lazy("text"), "integer": gettext_lazy("whole number")}


def step_label(step: str, left_out: int = 0) -> str:
    """A generalisation step of the k-anonymity guard (a code) in the reader's language.
    Exports made before the steps were codes hold English sentences: those are translated
    by their meaning."""
    labels = {
        "entry_quarter": _("entry date coarsened to the quarter"),
        "entry_year": _("entry date coarsened to the year"),
        "age_20_years": _("age bands widened to 20 years"),
        "municipality_suppressed": _("municipality suppressed"),
        "language_suppressed": _("language suppressed"),
        anonymity.LEFT_OUT: _("%(rows)s rows in too small groups left out") % {"rows": left_out},
    }
    legacy = {
        "entry date coarsened to the quarter": "entry_quarter",
        "entry date coarsened to the year": "entry_year",
        "age bands widened to 20 years": "age_20_years",
        "municipality suppressed": "municipality_suppressed",
        "language suppressed": "language_suppressed",
    }
    if step.endswith(" left out") and "rows in groups smaller than" in step:
        step = anonymity.LEFT_OUT
    return labels.get(legacy.get(step, step), step)


def dictionary(
    columns: list[str] | None = None,
    quasi: list[str] | None = None,
    steps: list[str] | None = None,
    precision: str = "month",
) -> list[dict]:
    """The data dictionary of an export, in the current language: each column's meaning,
    type and codes — after the generalisation `steps` the guard took (20-year bands,
    quarters or years, "*" for a suppressed value, "unknown" for a missing one)."""
    steps = steps or []
    quasi = quasi or []
    rows = []
    for name in columns or DEFAULT_COLUMNS:
        column = DICTIONARY[name]
        description = str(column.description)
        values = column.values() if column.values else []
        if name == "age_band" and "age_20_years" in steps:
            description = _(
                "Age at entry in 20-year bands (widened from 10 years in this export to keep "
                "every group at least k people; %(top)s+ at the top)."
            ) % {"top": AGE_TOP}
            values = [(band, band) for band in _age_bands(20)]
        if name == "entry_month" and ("entry_year" in steps or precision == "year"):
            description += " " + _("Coarsened to the year in this export.")
        elif name == "entry_month" and ("entry_quarter" in steps or precision == "quarter"):
            description += " " + _("Coarsened to the quarter in this export.")
        if name in quasi:
            values = [*values, ("unknown", _("not recorded"))]
            if f"{name}_suppressed" in steps:
                values = [(anonymity.SUPPRESSED, _("suppressed to keep groups of k people"))]
        rows.append(
            {
                "column": name,
                "label": str(column.label),
                "description": description,
                "type": column.type,
                "type_label": str(TYPE_LABELS.get(column.type, column.type)),
                "values": values,
                "quasi_identifier": name in quasi,
            }
        )
    return rows


def _pseudonyms(ids: pl.Series, salt: bytes) -> pl.Series:
    key = settings.POLKU_RESEARCH_EXPORT_KEY.encode() + salt
    return pl.Series(
        "pseudonym",
        [hmac.new(key, str(i).encode(), hashlib.sha256).hexdigest()[:16] for i in ids],
    )


def _age_band(age: pl.Expr) -> pl.Expr:
    low = (age // AGE_BAND_YEARS) * AGE_BAND_YEARS
    return (
        pl.when(age >= AGE_TOP)
        .then(pl.lit(f"{AGE_TOP}+"))
        .otherwise(low.cast(pl.Utf8) + "–" + (low + AGE_BAND_YEARS - 1).cast(pl.Utf8))
    )


def _coarse(day: pl.Expr, precision: str) -> pl.Expr:
    if precision == "year":
        return day.dt.strftime("%Y")
    if precision == "quarter":
        return day.dt.strftime("%Y") + "-Q" + day.dt.quarter().cast(pl.Utf8)
    return day.dt.strftime("%Y-%m")


def _count(queryset, name: str) -> pl.DataFrame:
    found = frame(queryset, {"client_id": pl.Int64})
    return found.group_by("client_id").agg(pl.len().alias(name))


def cohort(filters: Filters, precision: str = "month", today: dt.date | None = None):
    """The whole cohort (clients who entered in the period), every dictionary column but the
    pseudonym; client_id kept for the pseudonyms (dropped before writing)."""
    context = Context(filters, today)
    people = context.entered
    age = (
        pl.col("entered").dt.year()
        - pl.col("birth_date").dt.year()
        - (
            pl.col("entered").dt.month() * 100 + pl.col("entered").dt.day()
            < pl.col("birth_date").dt.month() * 100 + pl.col("birth_date").dt.day()
        ).cast(pl.Int32)
    )
    first_meeting = (
        context.meetings.filter(pl.col("kind") == "first_joint")
        .group_by("client_id")
        .agg(pl.col("day").min().alias("first_meeting"))
    )
    plan = frame(Plan.objects.all(), {"client_id": pl.Int64, "created_at": UTC}).select(
        "client_id", local_date("created_at").alias("plan_day")
    )
    held = (
        context.meetings.filter(pl.col("status") == "closed")
        .group_by("client_id")
        .agg(pl.len().alias("meetings"))
    )
    agreements = (
        frame(
            Agreement.objects.exclude(status="cancelled"),
            {"client_id": pl.Int64, "due_on": pl.Date, "done_at": UTC},
        )
        .with_columns((local_date("done_at") <= pl.col("due_on")).fill_null(False).alias("ok"))
        .group_by("client_id")
        .agg(pl.len().alias("agreements"), pl.col("ok").sum().alias("agreements_on_time"))
    )
    handovers = _count(Handover.objects.filter(status="accepted"), "handovers")
    applications = (
        application_frame(people["client_id"].to_list())
        .group_by("client_id")
        .agg(pl.len().alias("applications"))
    )
    events = frame(
        OutcomeEvent.objects.all(), {"client_id": pl.Int64, "kind": pl.Utf8, "date": pl.Date}
    )
    table = (
        people.join(first_meeting, on="client_id", how="left")
        .join(plan, on="client_id", how="left")
        .join(held, on="client_id", how="left")
        .join(agreements, on="client_id", how="left")
        .join(handovers, on="client_id", how="left")
        .join(applications, on="client_id", how="left")
        .with_columns(
            _coarse(pl.col("entered"), precision).alias("entry_month"),
            _age_band(age).alias("age_band"),
            (pl.col("first_meeting") - pl.col("entered"))
            .dt.total_days()
            .alias("days_to_first_meeting"),
            (pl.col("plan_day") - pl.col("entered")).dt.total_days().alias("days_to_plan"),
            *(
                pl.col(name).fill_null(0).cast(pl.Int64)
                for name in (
                    "meetings",
                    "agreements",
                    "agreements_on_time",
                    "handovers",
                    "applications",
                )
            ),
        )
    )
    today = context.today
    for months in HORIZONS:
        at = people.select("client_id", pl.col("entered").dt.offset_by(f"{months}mo").alias("at"))
        latest = (
            at.join(events, on="client_id")
            .filter(pl.col("date") <= pl.col("at"))
            .group_by("client_id")
            .agg(pl.col("kind").sort_by("date").last().alias("kind"))
        )
        situation = at.join(latest, on="client_id", how="left").select(
            "client_id",
            pl.when(pl.col("at") > today)
            .then(pl.lit(NOT_REACHED))
            .otherwise(pl.col("kind").fill_null(OutcomeKind.UNKNOWN))
            .alias(f"outcome_{months}m"),
        )
        table = table.join(situation, on="client_id", how="left")
    return table.select("client_id", *[c for c in DICTIONARY if c != "pseudonym"])


def _validate(purpose, permit_reference, columns, k, precision) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (purpose or "").strip():
        errors["purpose"] = _("Say what the data is for.")
    if not (permit_reference or "").strip():
        errors["permit_reference"] = _("Give the research permit's reference.")
    for name, value in (("purpose", purpose), ("permit_reference", permit_reference)):
        try:
            validate_no_markup(value or "")
        except ValidationError as error:
            errors[name] = error.messages[0]
    if not columns or any(c not in DICTIONARY for c in columns):
        errors["columns"] = _("Choose the columns from the data dictionary.")
    try:
        disclosure.checked_k(k)  # at least POLKU_RESEARCH_K, whatever the form let through
    except ValueError as error:
        errors["k"] = str(error)
    if precision not in PRECISIONS:
        errors["date_precision"] = _("Choose month, quarter or year.")
    if not settings.POLKU_RESEARCH_EXPORT_KEY:
        errors["__all__"] = _(
            "Exports are not configured: the pseudonym key (POLKU_RESEARCH_EXPORT_KEY) is missing."
        )
    return errors


def _refusal(error: anonymity.KAnonymityError) -> str:
    values = dict(error.values)
    column = values.get("column")
    values["column"] = str(QUASI_LABELS.get(column, column)) if column else ""
    if error.reason == "small_groups":
        return (
            _(
                "some combinations of age band, municipality, language and entry month "
                "(those written) are shared by fewer than %(k)s people (the smallest by "
                "%(smallest)s). Leave out or coarsen the column %(column)s, allow "
                "generalising, or choose a wider cohort."
            )
            % values
        )
    if error.reason == "too_many_left_out":
        return (
            _(
                "even fully generalised, %(left_out)s of %(total)s people are in groups smaller "
                "than %(k)s; more than one in twenty would have to be left out. Leave out the "
                "column %(column)s or choose a wider cohort."
            )
            % values
        )
    return str(error)


def make_export(
    *,
    by: User,
    purpose: str,
    permit_reference: str,
    filters: Filters,
    columns: list[str] | None = None,
    k: int | None = None,
    precision: str = "month",
    generalise: bool = True,
    request: AnyRequest | None = None,
) -> ResearchExport:
    if not resolver.can_export(by):
        raise PermissionError("not a researcher")
    columns = list(columns or DEFAULT_COLUMNS)
    if "pseudonym" not in columns:
        columns.insert(0, "pseudonym")
    quasi = quasi_identifiers(columns)  # every one written, whatever was ticked
    k = disclosure.threshold() if k is None else k
    errors = _validate(purpose, permit_reference, columns, k, precision)
    if errors:
        raise ValidationError(errors)
    with research_reads():  # from the read replica, when there is one (config/routers.py)
        data = cohort(filters, precision)
    try:
        guarded = anonymity.guard(data, quasi, k, generalise=generalise)
    except anonymity.KAnonymityError as error:
        raise ValidationError(
            _("The export was refused before anything was written: %(reason)s")
            % {"reason": _refusal(error)}
        ) from None
    salt = secrets.token_bytes(16)
    table = guarded.frame.with_columns(_pseudonyms(guarded.frame["client_id"], salt)).select(
        columns
    )
    target_root = Path(settings.POLKU_RESEARCH_EXPORT_DIR)
    target_root.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        export = ResearchExport.objects.create(
            created_by=by,
            purpose=purpose.strip(),
            permit_reference=permit_reference.strip(),
            columns=columns,
            quasi_identifiers=quasi,
            k=k,
            date_precision=precision,
            generalised=guarded.steps,
            suppressed_rows=guarded.suppressed_rows,
            rows=table.height,
        )
        staging = Path(tempfile.mkdtemp(dir=target_root, prefix=".staging-"))
        final = target_root / f"export-{export.pk}"
        try:
            table.write_parquet(staging / "cohort.parquet")
            table.write_csv(staging / "cohort.csv")
            described = dictionary(columns, quasi, guarded.steps, precision)
            pl.DataFrame(
                {
                    "column": [d["column"] for d in described],
                    "description": [d["description"] for d in described],
                    "type": [d["type"] for d in described],
                    "values": [
                        "; ".join(f"{code} = {label}" for code, label in d["values"])
                        for d in described
                    ],
                    "quasi_identifier": [d["quasi_identifier"] for d in described],
                }
            ).write_csv(staging / "data_dictionary.csv")
            staging.rename(final)  # the files appear whole or not at all
            export.directory = str(final)
            export.save(update_fields=["directory"])
            record(
                actor=by,
                action=Action.EXPORT,
                target=f"research_export:{export.pk}",
                purpose=purpose.strip(),
                request=request,
                details={
                    "permit": export.permit_reference,
                    "rows": export.rows,
                    "columns": columns,
                    "quasi_identifiers": quasi,
                    "k": k,
                    "generalised": guarded.steps,
                    "filters": filters.key(),
                },
            )
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(final, ignore_errors=True)
            raise
    return export


FILES = ("cohort.parquet", "cohort.csv", "data_dictionary.csv")
