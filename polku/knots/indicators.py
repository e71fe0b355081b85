"""The knots' indicators for follow-up research and management reporting (#9), computed with
Polars over columns fetched from the database in bulk (no per-row Python over model objects).

Definitions (also in docs/knots.md):

* **Time from first pending to last decision** — for a client whose applications are all
  decided or withdrawn (no open application left) and of which at least one was decided: the
  days from the earliest submission date to the latest decision date. A client counts in the
  period in which the last decision falls.
* **Knots opened in one meeting** — "open the knot" walks finished in the period in which every
  blocker on the walk was resolved at the table or turned into an agreement with an owner and a
  date (none left for later); shown with the number of walks finished and the share.
* **Deadlocks found** — circles of applications waiting for each other's decisions found at the
  start of the walks begun in the period; and, for today, the clients whose knot holds a
  deadlock now (`deadlocked_clients_now`, from the knot scan).

Every function takes an optional `client_ids` (an iterable or a queryset of client ids: the
filtered population, e.g. a region or client group) and a period [start, end] of dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import polars as pl

from .analysis import CLOSED
from .models import Application, KnotOpening, KnotStep, StepOutcome


def _number(value: Any) -> float:
    """A Polars aggregate (typed as any scalar) as a float."""
    return float(value)


def _filtered(queryset, client_ids, field="client_id"):
    return queryset if client_ids is None else queryset.filter(**{f"{field}__in": client_ids})


def application_frame(client_ids: Iterable[int] | None = None) -> pl.DataFrame:
    rows = _filtered(Application.objects.all(), client_ids).values_list(
        "client_id", "status", "submitted", "decision_date"
    )
    return pl.DataFrame(
        list(rows),
        schema={
            "client_id": pl.Int64,
            "status": pl.Utf8,
            "submitted": pl.Date,
            "decision_date": pl.Date,
        },
        orient="row",
    )


def first_pending_to_last_decision(
    start: dt.date, end: dt.date, client_ids: Iterable[int] | None = None
) -> pl.DataFrame:
    """One row per client counted in the period: client_id, first_pending, last_decision, days."""
    frame = application_frame(client_ids)
    per_client = frame.group_by("client_id").agg(
        pl.col("submitted").min().alias("first_pending"),
        pl.col("decision_date").max().alias("last_decision"),
        (~pl.col("status").is_in(sorted(CLOSED))).sum().alias("open"),
    )
    return (
        per_client.filter(
            (pl.col("open") == 0)
            & pl.col("first_pending").is_not_null()
            & pl.col("last_decision").is_between(start, end)
        )
        .with_columns(
            (pl.col("last_decision") - pl.col("first_pending")).dt.total_days().alias("days")
        )
        .select("client_id", "first_pending", "last_decision", "days")
        .sort("client_id")
    )


def opening_frame(
    start: dt.date, end: dt.date, client_ids: Iterable[int] | None = None
) -> pl.DataFrame:
    """One row per walk begun in the period: opening_id, client_id, started, finished,
    blockers_at_start, deadlocks_at_start, opened_in_one_meeting."""
    openings = _filtered(
        KnotOpening.objects.filter(started_at__date__range=(start, end)), client_ids
    ).values_list(
        "pk", "client_id", "started_at", "finished_at", "blockers_at_start", "deadlocks_at_start"
    )
    frame = pl.DataFrame(
        list(openings),
        schema={
            "opening_id": pl.Int64,
            "client_id": pl.Int64,
            "started": pl.Datetime(time_zone="UTC"),
            "finished": pl.Datetime(time_zone="UTC"),
            "blockers_at_start": pl.Int64,
            "deadlocks_at_start": pl.Int64,
        },
        orient="row",
    )
    steps = pl.DataFrame(
        list(
            KnotStep.objects.filter(opening_id__in=frame["opening_id"].to_list()).values_list(
                "opening_id", "outcome"
            )
        ),
        schema={"opening_id": pl.Int64, "outcome": pl.Utf8},
        orient="row",
    )
    left = steps.group_by("opening_id").agg(
        (~pl.col("outcome").is_in([StepOutcome.RESOLVED, StepOutcome.AGREED]))
        .sum()
        .alias("left_open")
    )
    return (
        frame.join(left, on="opening_id", how="left")
        .with_columns(
            (
                pl.col("finished").is_not_null()
                & (pl.col("blockers_at_start") > 0)
                & (pl.col("left_open").fill_null(1) == 0)
            ).alias("opened_in_one_meeting")
        )
        .drop("left_open")
        .sort("opening_id")
    )


def figures(
    start: dt.date,
    end: dt.date,
    client_ids: Iterable[int] | None = None,
    *,
    deadlocked_clients_now: int | None = None,
) -> dict:
    """The knots' indicators for the period, as plain numbers (None when there is no data)."""
    decided = first_pending_to_last_decision(start, end, client_ids)
    walks = opening_frame(start, end, client_ids)
    finished = walks.filter(pl.col("finished").is_not_null())
    opened = int(finished["opened_in_one_meeting"].sum()) if finished.height else 0
    return {
        "clients_with_all_decided": decided.height,
        "first_pending_to_last_decision_median_days": (
            _number(decided["days"].median()) if decided.height else None
        ),
        "first_pending_to_last_decision_p90_days": (
            _number(decided["days"].quantile(0.9, interpolation="nearest"))
            if decided.height
            else None
        ),
        "knot_walks_finished": finished.height,
        "knots_opened_in_one_meeting": opened,
        "knots_opened_in_one_meeting_share": (opened / finished.height)
        if finished.height
        else None,
        "deadlocks_found_at_walks": int(walks["deadlocks_at_start"].sum()) if walks.height else 0,
        "deadlocked_clients_now": deadlocked_clients_now,
    }
