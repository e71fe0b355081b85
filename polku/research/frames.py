"""The data the indicators and exports read, as Polars frames: plain columns fetched from the
database in bulk (one query per table), then filtered, joined and aggregated by Polars — no
Python loop over model objects.

`Filters` holds the period and the population filters (region = the client's municipality;
organisation = the client has an active network member of that organisation; client group =
age band on the last day of the period and language; cohort = a pilot's clients)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.conf import settings
from django.db.models import QuerySet

from polku.clients.models import Client, NetworkMember

AGE_BANDS = ("under_30", "30_49", "50_plus")


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    region: str = ""
    organisation: int | None = None
    age_band: str = ""
    language: str = ""
    cohort: int | None = None  # a pilot (polku.research.models.Cohort)

    def key(self) -> str:
        return ":".join(f"{k}={v}" for k, v in asdict(self).items())


def frame(queryset: QuerySet, schema: dict[str, Any]) -> pl.DataFrame:
    """`queryset.values_list(*schema)` as a frame of that schema (one query, streamed)."""
    rows = queryset.values_list(*schema).iterator(chunk_size=10_000)
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def local_date(column: str) -> pl.Expr:
    """An aware timestamp column (stored in UTC) as the local calendar date."""
    zone = ZoneInfo(settings.TIME_ZONE).key
    return pl.col(column).dt.convert_time_zone(zone).dt.date()


UTC = pl.Datetime(time_unit="us", time_zone="UTC")


def clients(filters: Filters) -> pl.DataFrame:
    """The population: client_id, entered (date), status, municipality, language, birth_date,
    age_band — filtered by region, organisation and client group (not by period: each
    indicator applies the period to its own events)."""
    queryset = Client.objects.all()
    if filters.region:
        queryset = queryset.filter(municipality__iexact=filters.region)
    if filters.organisation:
        queryset = queryset.filter(
            pk__in=NetworkMember.objects.active()
            .filter(professional__organisation_id=filters.organisation)
            .values("client_id")
        )
    if filters.language:
        queryset = queryset.filter(preferred_language=filters.language)
    if filters.cohort:
        queryset = queryset.filter(research_cohorts=filters.cohort)
    found = frame(
        queryset,
        {
            "pk": pl.Int64,
            "created_at": UTC,
            "status": pl.Utf8,
            "municipality": pl.Utf8,
            "preferred_language": pl.Utf8,
            "birth_date": pl.Date,
        },
    ).rename({"pk": "client_id", "preferred_language": "language"})
    age = (pl.lit(filters.end).dt.year() - pl.col("birth_date").dt.year()) - (
        (pl.lit(filters.end).dt.month() * 100 + pl.lit(filters.end).dt.day())
        < (pl.col("birth_date").dt.month() * 100 + pl.col("birth_date").dt.day())
    ).cast(pl.Int32)
    found = found.with_columns(
        local_date("created_at").alias("entered"),
        pl.when(age < 30)
        .then(pl.lit("under_30"))
        .when(age < 50)
        .then(pl.lit("30_49"))
        .otherwise(pl.lit("50_plus"))
        .alias("age_band"),
    ).drop("created_at")
    if filters.age_band:
        found = found.filter(pl.col("age_band") == filters.age_band)
    return found


def coordinators() -> pl.DataFrame:
    """Coordinator seats: client_id, professional_id, organisation_id, started, ended."""
    return frame(
        NetworkMember.objects.coordinator_periods(),
        {
            "client_id": pl.Int64,
            "professional_id": pl.Int64,
            "professional__organisation_id": pl.Int64,
            "started_at": UTC,
            "ended_at": UTC,
        },
    ).rename({"professional__organisation_id": "organisation_id"})


def within(column: str, filters: Filters) -> pl.Expr:
    return pl.col(column).is_between(filters.start, filters.end)


def number(value: Any) -> float:
    """A Polars aggregate (typed as any scalar) as a float."""
    return float(value)
