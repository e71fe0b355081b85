"""Referrals: partner referrals answered within their working-day deadline.

Each indicator's definition (its `Indicator`) sits below its code."""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext_lazy as _

from polku.referrals.models import URGENCY_ORDER, Referral, Urgency

from ..frames import UTC, frame, local_date
from .base import (
    PERCENT,
    REFERRALS,
    Context,
    Indicator,
    Result,
    _filtered,
    _percent,
    _share,
    register,
)


def referrals_on_time(ctx: Context) -> Result:
    found = frame(
        Referral.objects.filter(received_at__date__range=(ctx.filters.start, ctx.filters.end)),
        {
            "client_id": pl.Int64,
            "partner_organisation__name": pl.Utf8,
            "urgency": pl.Utf8,
            "deadline": pl.Date,
            "contacted_at": UTC,
        },
    )
    if _filtered(ctx.filters):
        found = ctx._only(found)  # referrals without a client record yet cannot be filtered
    # contacted by the deadline: on time; contacted after it, or not contacted and the
    # deadline passed: late; not contacted and the deadline still ahead: neither (pending,
    # left out of the share)
    contacted = local_date("contacted_at")
    found = found.with_columns(
        pl.when(contacted.is_not_null())
        .then(contacted <= pl.col("deadline"))
        .when(pl.col("deadline") < pl.lit(ctx.today))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
        .alias("on_time")
    )
    table = found.group_by("partner_organisation__name", "urgency").agg(
        pl.col("on_time").is_not_null().sum().alias("n"),
        pl.col("on_time").sum().alias("on_time"),
        pl.col("on_time").is_null().sum().alias("pending"),
    )
    decided = found.filter(pl.col("on_time").is_not_null())
    in_time = int(decided["on_time"].sum())
    ordered = sorted(
        table.iter_rows(named=True),
        key=lambda r: (r["partner_organisation__name"], URGENCY_ORDER.get(r["urgency"], 9)),
    )
    return Result(
        value=_share(in_time, decided.height),
        cases=decided.height,
        columns=[
            _("Partner"),
            _("Urgency"),
            _("Referrals past their deadline or contacted"),
            _("First contact in time"),
            _percent(_("Share")),
            _("Not contacted yet, deadline ahead"),
        ],
        rows=[
            [
                r["partner_organisation__name"],
                Urgency(r["urgency"]).label,
                r["n"],
                r["on_time"],
                _share(r["on_time"], r["n"]),
                r["pending"],
            ]
            for r in ordered
        ],
        counts=(2, 3, 5),
        shares=(4,),
        parts=((2, 3),),
        value_count=in_time,
    )


for item in (
    Indicator(
        "referrals_on_time",
        REFERRALS,
        _("Referrals: first contact within the deadline"),
        _(
            "Of the partner referrals received in the period whose first contact was made or "
            "whose deadline has passed: the share whose first contact was made on or before "
            "the deadline (working days by urgency), by partner and urgency. A referral not "
            "contacted yet whose deadline is still ahead is neither on time nor late: it is "
            "left out of the share and counted on its own."
        ),
        PERCENT,
        "bar",
        referrals_on_time,
    ),
):
    register(item)
