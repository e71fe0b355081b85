"""Benefit knots: decision times and knots opened (computed by polku.knots.indicators).

Each indicator's definition (its `Indicator`) sits below its code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import (
    DAYS,
    KNOTS,
    PERCENT,
    Context,
    Indicator,
    Result,
    _bins,
    _filtered,
    _median,
    register,
)


def _knot_figures(ctx: Context) -> dict:
    from polku.knots import indicators as knots
    from polku.knots import scan

    ids = ctx.ids if _filtered(ctx.filters) else None
    return knots.figures(
        ctx.filters.start,
        ctx.filters.end,
        ids,
        deadlocked_clients_now=len(scan.scan(ids, ctx.today).deadlocked),
    )


def knot_decision_days(ctx: Context) -> Result:
    from polku.knots import indicators as knots

    ids = ctx.ids if _filtered(ctx.filters) else None
    found = knots.first_pending_to_last_decision(ctx.filters.start, ctx.filters.end, ids)
    days = found["days"]
    return Result(
        value=_median(days),
        cases=found.height,
        columns=[_("Days"), _("Clients")],
        rows=_bins(days, 0, _("not yet"))[:-1],
        counts=(1,),
    )


def knots_opened(ctx: Context) -> Result:
    figures = _knot_figures(ctx)
    share = figures["knots_opened_in_one_meeting_share"]
    return Result(
        value=None if share is None else round(100 * share, 1),
        cases=figures["knot_walks_finished"],
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("knot walks finished"), figures["knot_walks_finished"]],
            [_("opened in one meeting"), figures["knots_opened_in_one_meeting"]],
            [_("deadlocks found at the walks"), figures["deadlocks_found_at_walks"]],
            [_("clients with a deadlock now"), figures["deadlocked_clients_now"]],
        ],
        count_rows=(0, 1, 2, 3),
        row_parts=((0, 1),),  # opened in one meeting: of the walks finished
        value_count=figures["knots_opened_in_one_meeting"],
    )


for item in (
    Indicator(
        "knot_decision_days",
        KNOTS,
        _("From first pending application to the last decision"),
        _(
            "For clients with no open application left and at least one decision: days from "
            "the earliest submission to the latest decision, counted in the period of the last "
            "decision. The median, with the distribution."
        ),
        DAYS,
        "bar",
        knot_decision_days,
    ),
    Indicator(
        "knots_opened",
        KNOTS,
        _("Knots opened in one meeting"),
        _(
            'Of the "open the knot" walks finished in the period: the share in which every '
            "blocker was resolved at the table or given an owner and a date. With the "
            "deadlocks found at the walks and the clients whose knot holds a deadlock now."
        ),
        PERCENT,
        "bar",
        knots_opened,
    ),
):
    register(item)
