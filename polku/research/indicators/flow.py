"""Flow: agreements kept, next contacts, handovers, ping-pong and drop-offs.

Each indicator's definition (its `Indicator`) sits below its code."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.utils.translation import gettext_lazy as _

from polku.clients.models import Client, ClientStatus
from polku.handover.models import Handover, HandoverStatus
from polku.meetings.models import Agreement
from polku.meetings.selectors import future_next_contact, next_contact_grace_days

from ..frames import UTC, frame, local_date, within
from .base import (
    CLIENTS,
    DAYS,
    DROP_OFF_DAYS,
    FLOW,
    PERCENT,
    PING_PONG_DAYS,
    Context,
    Indicator,
    Result,
    _median,
    _percent,
    _share,
    month_notes,
    month_row_label,
    register,
)


def agreements_on_time(ctx: Context) -> Result:
    found = ctx._only(
        frame(
            Agreement.objects.exclude(status="cancelled").filter(
                due_on__range=(ctx.filters.start, ctx.filters.end)
            ),
            {"client_id": pl.Int64, "due_on": pl.Date, "done_at": UTC},
        )
    ).with_columns(
        # not done and its day not over yet: neither on time nor late (left out, as with
        # referrals); not done and the day passed: late
        pl.when(pl.col("done_at").is_not_null())
        .then(local_date("done_at") <= pl.col("due_on"))
        .when(pl.col("due_on") < pl.lit(ctx.today))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
        .alias("on_time"),
        pl.col("due_on").dt.strftime("%Y-%m").alias("month"),
    )
    found = found.filter(pl.col("on_time").is_not_null())
    by_month = (
        found.group_by("month")
        .agg(pl.len().alias("due"), pl.col("on_time").sum().alias("on_time"))
        .sort("month")
    )
    return Result(
        value=_share(int(found["on_time"].sum()), found.height),
        cases=found.height,
        columns=[_("Month"), _("Due"), _("Done on time"), _percent(_("Share"))],
        rows=[
            [
                month_row_label(r["month"], ctx.today),
                r["due"],
                r["on_time"],
                _share(r["on_time"], r["due"]),
            ]
            for r in by_month.iter_rows(named=True)
        ],
        notes=month_notes(by_month["month"].to_list(), ctx.today),
        counts=(1, 2),
        shares=(3,),
        parts=((1, 2),),
        value_count=int(found["on_time"].sum()),
    )


def _with_next_contact(ctx: Context) -> pl.DataFrame:
    """The active clients with an agreed next contact today, as the worklist, the team view
    and the alert scan count them (polku.meetings.selectors.future_next_contact, with the
    rule's grace days): an open next contact, or a referral's follow-up, due today or later.
    One left undone past its day is no agreed next contact (issue: 165 here against the
    worklists' 226)."""
    grace = next_contact_grace_days()
    return frame(
        Client.objects.filter(status=ClientStatus.ACTIVE)
        .filter(future_next_contact(ctx.today, grace))
        .order_by(),
        {"pk": pl.Int64},
    ).rename({"pk": "client_id"})


def without_next_contact(ctx: Context) -> Result:
    active = ctx.clients.filter(pl.col("status") == "active")
    without = active.join(_with_next_contact(ctx), on="client_id", how="anti").height
    return Result(
        value=without,
        cases=active.height,
        columns=[_("Active clients"), _("Clients")],
        rows=[
            [_("with an agreed next contact"), active.height - without],
            [_("without a next contact"), without],
        ],
        counts=(1,),
        value_count=without,
    )


def _handovers(ctx: Context) -> pl.DataFrame:
    return ctx._only(
        frame(
            Handover.objects.all(),
            {
                "client_id": pl.Int64,
                "from_coordinator_id": pl.Int64,
                "to_professional_id": pl.Int64,
                "status": pl.Utf8,
                "proposed_at": UTC,
                "decided_at": UTC,
            },
        )
    ).with_columns(
        local_date("proposed_at").alias("proposed"), local_date("decided_at").alias("decided")
    )


def handovers(ctx: Context) -> Result:
    found = _handovers(ctx).filter(within("proposed", ctx.filters))
    accepted = found.filter(pl.col("status") == "accepted")
    durations = (accepted["decided"] - accepted["proposed"]).dt.total_days()
    by_status = found.group_by("status").agg(pl.len().alias("n")).sort("status")
    return Result(
        value=_median(durations),
        cases=found.height,
        columns=[_("Status"), _("Handovers")],
        rows=[[HandoverStatus(r["status"]).label, r["n"]] for r in by_status.iter_rows(named=True)],
        counts=(1,),
    )


def ping_pong(ctx: Context) -> Result:
    """A → B accepted, then B → A accepted within PING_PONG_DAYS."""
    accepted = _handovers(ctx).filter(pl.col("status") == "accepted")
    back = accepted.join(
        accepted,
        left_on=["client_id", "from_coordinator_id", "to_professional_id"],
        right_on=["client_id", "to_professional_id", "from_coordinator_id"],
        suffix="_back",
    ).filter(
        (pl.col("decided_back") > pl.col("decided"))
        & ((pl.col("decided_back") - pl.col("decided")).dt.total_days() <= PING_PONG_DAYS)
        & within("decided_back", ctx.filters)
    )
    clients = back["client_id"].n_unique()
    handed = accepted.filter(within("decided", ctx.filters))["client_id"].n_unique()
    return Result(
        value=clients,
        cases=handed,
        counts=(1,),
        value_count=clients,
        columns=[_("Clients handed over in the period"), _("Clients")],
        rows=[
            [_("handed back within 90 days"), clients],
            [_("other handovers"), handed - clients],
        ],
    )


def drop_offs(ctx: Context) -> Result:
    active = ctx.clients.filter(
        (pl.col("status") == "active") & (pl.col("entered") <= ctx.filters.end)
    )
    last = (
        ctx.meetings.filter((pl.col("status") == "closed") & (pl.col("day") <= ctx.filters.end))
        .group_by("client_id")
        .agg(pl.col("day").max().alias("last_meeting"))
    )
    cutoff = ctx.filters.end - dt.timedelta(days=DROP_OFF_DAYS)
    joined = active.join(last, on="client_id", how="left").join(
        _with_next_contact(ctx), on="client_id", how="anti"
    )
    dropped = joined.filter(pl.coalesce("last_meeting", "entered") < cutoff).height
    return Result(
        value=dropped,
        cases=active.height,
        counts=(1,),
        value_count=dropped,
        columns=[_("Active clients"), _("Clients")],
        rows=[
            [_("in contact"), active.height - dropped],
            [_("dropped off"), dropped],
        ],
    )


for item in (
    Indicator(
        "agreements_on_time",
        FLOW,
        _("Agreements done on time"),
        _(
            "Of the agreements due in the period (not cancelled): the share marked done on or "
            "before their date, by month. An agreement not done whose date has not passed yet "
            "is neither on time nor late and is left out."
        ),
        PERCENT,
        "line",
        agreements_on_time,
    ),
    Indicator(
        "without_next_contact",
        FLOW,
        _("Clients without a next contact"),
        _("Active clients today with no agreed next contact open (who contacts whom, when)."),
        CLIENTS,
        "bar",
        without_next_contact,
        counts_clients=True,
    ),
    Indicator(
        "handovers",
        FLOW,
        _("Handovers and their duration"),
        _(
            "Handovers proposed in the period by status; the headline is the median days from "
            "proposal to acceptance."
        ),
        DAYS,
        "bar",
        handovers,
    ),
    Indicator(
        "ping_pong",
        FLOW,
        _("Ping-pong cases"),
        _(
            "Clients handed over from one professional to another and back again (both "
            "accepted) within 90 days, the return falling in the period."
        ),
        CLIENTS,
        "bar",
        ping_pong,
        counts_clients=True,
    ),
    Indicator(
        "drop_offs",
        FLOW,
        _("Drop-offs"),
        _(
            "Active clients with no closed meeting in the 90 days before the period's end (or, "
            "without meetings, who entered more than 90 days before it) and no agreed next "
            "contact: the network has lost touch."
        ),
        CLIENTS,
        "bar",
        drop_offs,
        counts_clients=True,
    ),
):
    register(item)
