"""The k-anonymity guard of research exports (plain Polars, no Django).

Every combination of the quasi-identifiers must be shared by at least k rows — the
quasi-identifiers being every one of them the export writes (polku.research.exports decides
that from the columns, not from what the researcher ticks: issue 18). The guard
either refuses, or generalises step by step along a fixed ladder (entry date month → quarter →
year; age band 10 → 20 years; municipality → suppressed; language → suppressed) and, as a last
resort, suppresses the rows still in classes smaller than k — at most `max_suppressed` of the
rows, else it refuses. It runs before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

SUPPRESSED = "*"


class KAnonymityError(ValueError):
    """The data cannot be released at this k. `reason` names why ("k_too_small",
    "unknown_quasi", "small_groups", "too_many_left_out") and `values` the figures, so that
    the product can say it in the user's language; str() is an English sentence."""

    def __init__(self, reason: str, message: str, **values):
        super().__init__(message)
        self.reason = reason
        self.values = values


@dataclass
class Guarded:
    frame: pl.DataFrame
    # the generalisations applied, in order, as codes (LADDER's, and LEFT_OUT); the product
    # says them in the reader's language (polku.research.exports.step_label)
    steps: list[str] = field(default_factory=list)
    suppressed_rows: int = 0


def smallest_class(frame: pl.DataFrame, quasi: list[str]) -> int:
    if not quasi or frame.height == 0:
        return frame.height
    smallest: int = frame.group_by(quasi).len()["len"].min()  # type: ignore[assignment]
    return smallest


def _rows_in_small_groups(frame: pl.DataFrame, quasi: list[str], k: int) -> int:
    if not quasi or frame.height == 0:
        return 0 if frame.height >= k or frame.height == 0 else frame.height
    sizes = frame.group_by(quasi).len()
    return int(sizes.filter(pl.col("len") < k)["len"].sum())


def worst_column(frame: pl.DataFrame, quasi: list[str], k: int) -> str | None:
    """The quasi-identifier whose leaving out (or coarsening) helps most: the one without
    which the fewest rows stay in groups smaller than k (ties: the first in `quasi`)."""
    if len(quasi) < 1:
        return None
    return min(
        quasi,
        key=lambda column: _rows_in_small_groups(frame, [q for q in quasi if q != column], k),
    )


def _quarter(column: str) -> Callable[[pl.DataFrame], pl.DataFrame]:
    def step(frame: pl.DataFrame) -> pl.DataFrame:
        # "2026-03" → "2026-Q1"; already coarser values stay
        month = pl.col(column).str.slice(5, 2).cast(pl.Int32, strict=False)
        return frame.with_columns(
            pl.when(month.is_not_null())
            .then(pl.col(column).str.slice(0, 4) + "-Q" + ((month - 1) // 3 + 1).cast(pl.Utf8))
            .otherwise(pl.col(column))
            .alias(column)
        )

    return step


def _year(column: str) -> Callable[[pl.DataFrame], pl.DataFrame]:
    def step(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(
            pl.when(pl.col(column) == SUPPRESSED)
            .then(pl.col(column))
            .otherwise(pl.col(column).str.slice(0, 4))
            .alias(column)
        )

    return step


def _wider_age(frame: pl.DataFrame) -> pl.DataFrame:
    # "30–39" → "20–39" style 20-year bands: the lower bound down to a multiple of 20
    low = pl.col("age_band").str.extract(r"^(\d+)", 1).cast(pl.Int32, strict=False)
    top = pl.col("age_band").str.ends_with("+")
    wider = (
        pl.when(top)
        .then(pl.col("age_band"))
        .when(low.is_not_null())
        .then(((low // 20) * 20).cast(pl.Utf8) + "–" + ((low // 20) * 20 + 19).cast(pl.Utf8))
        .otherwise(pl.col("age_band"))
    )
    return frame.with_columns(wider.alias("age_band"))


def _suppress(column: str) -> Callable[[pl.DataFrame], pl.DataFrame]:
    def step(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.lit(SUPPRESSED).alias(column))

    return step


# (column, the step's code, the step)
LADDER: tuple[tuple[str, str, Callable[[pl.DataFrame], pl.DataFrame]], ...] = (
    ("entry_month", "entry_quarter", _quarter("entry_month")),
    ("entry_month", "entry_year", _year("entry_month")),
    ("age_band", "age_20_years", _wider_age),
    ("municipality", "municipality_suppressed", _suppress("municipality")),
    ("language", "language_suppressed", _suppress("language")),
)
LEFT_OUT = "rows_left_out"  # the rows still in too small groups left out (suppressed_rows)


def guard(
    frame: pl.DataFrame,
    quasi: list[str],
    k: int,
    *,
    generalise: bool = True,
    max_suppressed: float = 0.05,
) -> Guarded:
    """The frame made k-anonymous over `quasi`, or KAnonymityError."""
    if k < 2:
        raise KAnonymityError("k_too_small", "k must be at least 2.")
    missing = [q for q in quasi if q not in frame.columns]
    if missing:
        raise KAnonymityError(
            "unknown_quasi", f"Unknown quasi-identifiers: {', '.join(missing)}.", names=missing
        )
    # a missing value is a value of its own (a join would otherwise drop it silently)
    frame = frame.with_columns(pl.col(q).cast(pl.Utf8).fill_null("unknown") for q in quasi)
    result = Guarded(frame)
    if frame.height == 0 or smallest_class(frame, quasi) >= k:
        return result
    if not generalise:
        smallest = smallest_class(frame, quasi)
        raise KAnonymityError(
            "small_groups",
            f"Some combinations of {', '.join(quasi)} are shared by fewer than {k} people "
            f"(the smallest by {smallest}).",
            k=k,
            smallest=smallest,
            column=worst_column(frame, quasi, k),
        )
    for column, code, step in LADDER:
        if column not in quasi:
            continue
        result.frame = step(result.frame)
        result.steps.append(code)
        if smallest_class(result.frame, quasi) >= k:
            return result
    sizes = result.frame.group_by(quasi).len()
    small = result.frame.join(sizes, on=quasi).filter(pl.col("len") < k)
    if small.height > max_suppressed * frame.height:
        raise KAnonymityError(
            "too_many_left_out",
            f"Even fully generalised, {small.height} of {frame.height} people are in groups "
            f"smaller than {k}: more than {max_suppressed:.0%} would have to be left out.",
            k=k,
            left_out=small.height,
            total=frame.height,
            column=worst_column(result.frame, quasi, k),
        )
    result.frame = result.frame.join(sizes, on=quasi).filter(pl.col("len") >= k).drop("len")
    result.suppressed_rows = small.height
    result.steps.append(LEFT_OUT)
    return result
