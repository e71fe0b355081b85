"""Outcomes: where clients are 3, 6 and 12 months after entering.

Each indicator's definition (its `Indicator`) sits below its code."""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext_lazy as _

from ..frames import frame
from ..models import OutcomeEvent, OutcomeKind
from .base import (
    HORIZONS,
    OUTCOMES,
    PERCENT,
    Context,
    Indicator,
    Result,
    _months,
    _no_figure_yet,
    _not_reached,
    _share,
    number_format_date,
    register,
)


def outcomes(ctx: Context) -> Result:
    events = ctx._only(
        frame(OutcomeEvent.objects.all(), {"client_id": pl.Int64, "kind": pl.Utf8, "date": pl.Date})
    )
    kinds = list(OutcomeKind.values)
    columns = [_("Situation")] + [_months(h) for h in HORIZONS]
    counts: dict[int, dict[str, int]] = {}
    notes = []
    first_at: dict[int, str] = {}  # the day the first client reaches a horizon none has yet
    for months in HORIZONS:
        every = ctx.entered.with_columns(pl.col("entered").dt.offset_by(f"{months}mo").alias("at"))
        at = every.filter(pl.col("at") <= ctx.today)
        if every.height and not at.height:  # say why the column is empty
            first_at[months] = number_format_date(every["at"].min())  # type: ignore[arg-type]
            notes.append(_not_reached(months, first_at[months]))
        situation = (
            at.select("client_id", "at")
            .join(events, on="client_id")
            .filter(pl.col("date") <= pl.col("at"))
            .group_by("client_id")
            .agg(pl.col("kind").sort_by("date").last())
        )
        situation = at.select("client_id").join(situation, on="client_id", how="left")
        kind = situation["kind"].fill_null(OutcomeKind.UNKNOWN)
        counts[months] = {k: int((kind == k).sum()) for k in kinds}
    rows = [[OutcomeKind(k).label, *(counts[h][k] for h in HORIZONS)] for k in kinds]
    worked = counts[12][OutcomeKind.OPEN_MARKET_WORK] + counts[12][OutcomeKind.PAY_SUBSIDISED_WORK]
    total12 = sum(counts[12].values())
    return Result(
        value=_share(worked, total12),
        # the headline is of those at 12 months: its cases are they (not those at 3 months)
        cases=total12,
        columns=columns,
        rows=rows,
        counts=(1, 2, 3),
        value_count=worked,
        notes=notes,
        no_value=_no_figure_yet(12, first_at[12]) if 12 in first_at else None,
    )


for item in (
    Indicator(
        "outcomes",
        OUTCOMES,
        _("Outcomes 3, 6 and 12 months after entry"),
        _(
            "For clients who entered in the period and have reached each horizon: their "
            "situation at 3, 6 and 12 months after entry — the latest recorded outcome on or "
            "before that day, unknown when none. The headline: the share in work (open-market "
            "or pay-subsidised) at 12 months."
        ),
        PERCENT,
        "stacked",
        outcomes,
    ),
):
    register(item)
