"""Outcomes: where clients are 3, 6 and 12 months after entering.

Each indicator's definition (its `Indicator`) sits below its code."""

from __future__ import annotations

import polars as pl
from django.utils.functional import lazy
from django.utils.translation import gettext
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


def _in_work_at_text(months: int) -> str:
    return gettext("in work at %(months)s months") % {"months": months}


def _in_work_at_before_text(months: int) -> str:
    return gettext(
        "in work at %(months)s months — no client who entered in the period has reached "
        "%(last)s months yet"
    ) % {"months": months, "last": HORIZONS[-1]}


# Results are cached once for every language: their words stay lazy until shown.
_in_work_at = lazy(_in_work_at_text, str)
_in_work_at_before = lazy(_in_work_at_before_text, str)


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
    # a point no client has reached yet has no figures: its column is empty (None, "–"; the
    # note says why), not a column of zeros — "0 in work at 12 months" would be untrue
    rows = [
        [
            OutcomeKind(k).label,
            *(counts[h][k] if sum(counts[h].values()) else None for h in HORIZONS),
        ]
        for k in kinds
    ]
    # the headline: in work at 12 months; while no client of the period has reached 12
    # months, at the latest follow-up point some have (said so next to it) — not "no figure
    # yet (0 cases)" above a table of 601 clients at 3 months and 384 at 6
    reached = [h for h in HORIZONS if sum(counts[h].values())]
    latest = reached[-1] if reached else None
    if latest is None:
        first = HORIZONS[0]
        return Result(
            value=None,
            cases=0,
            columns=columns,
            rows=rows,
            counts=(1, 2, 3),
            notes=notes,
            no_value=_no_figure_yet(first, first_at[first]) if first in first_at else None,
        )
    worked = (
        counts[latest][OutcomeKind.OPEN_MARKET_WORK]
        + counts[latest][OutcomeKind.PAY_SUBSIDISED_WORK]
    )
    total = sum(counts[latest].values())
    return Result(
        value=_share(worked, total),
        # the headline is of those at its follow-up point: its cases are they
        cases=total,
        columns=columns,
        rows=rows,
        counts=(1, 2, 3),
        value_count=worked,
        value_cells=tuple(
            (kinds.index(k), 1 + HORIZONS.index(latest))
            for k in (OutcomeKind.OPEN_MARKET_WORK, OutcomeKind.PAY_SUBSIDISED_WORK)
        ),
        notes=notes,
        headline=(_in_work_at(latest) if latest == HORIZONS[-1] else _in_work_at_before(latest)),
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
            "or pay-subsidised) at 12 months — or, while no client who entered in the period "
            "has reached 12 months, at the latest follow-up point some have reached (said "
            "next to the figure)."
        ),
        PERCENT,
        "stacked",
        outcomes,
    ),
):
    register(item)
