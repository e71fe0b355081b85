"""Access: how soon a client gets a first joint meeting and a plan.

Each indicator's definition (its `Indicator`) sits below its code."""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext_lazy as _

from polku.meetings.models import Agreement, MeetingParticipant
from polku.plans.models import Plan

from ..frames import UTC, frame, local_date, within
from ..models import OutcomeEvent
from .base import (
    ACCESS,
    DAYS,
    PERCENT,
    Context,
    Indicator,
    Result,
    _days_from_entry,
    _percent,
    _share,
    register,
)


def first_meeting_days(ctx: Context) -> Result:
    meetings = ctx.meetings.filter(pl.col("kind") == "first_joint").select("client_id", "day")
    return _days_from_entry(ctx, meetings)


def plan_days(ctx: Context) -> Result:
    plans = ctx._only(frame(Plan.objects.all(), {"client_id": pl.Int64, "created_at": UTC})).select(
        "client_id", local_date("created_at").alias("day")
    )
    return _days_from_entry(ctx, plans)


def first_meetings_three_organisations(ctx: Context) -> Result:
    first = (
        ctx.meetings.filter((pl.col("kind") == "first_joint") & (pl.col("status") == "closed"))
        .filter(within("day", ctx.filters))
        .sort("starts_at")
        .unique("client_id", keep="first")
    )
    participants = frame(
        MeetingParticipant.objects.filter(meeting_id__in=first["meeting_id"].to_list()),
        {"meeting_id": pl.Int64, "professional__organisation_id": pl.Int64},
    ).rename({"professional__organisation_id": "organisation_id"})
    organisers = first.select("meeting_id", pl.col("organiser_org").alias("organisation_id"))
    counts = (
        pl.concat([participants, organisers])
        .group_by("meeting_id")
        .agg(pl.col("organisation_id").drop_nulls().n_unique().alias("organisations"))
    )
    per_meeting = first.select("meeting_id").join(counts, on="meeting_id", how="left")
    organisations = per_meeting["organisations"].fill_null(0)
    rows = [
        [label, int(hit.sum())]
        for label, hit in (
            ("1", organisations <= 1),
            ("2", organisations == 2),
            ("3", organisations == 3),
            ("4+", organisations >= 4),
        )
    ]
    three = int((organisations >= 3).sum())
    return Result(
        value=_share(three, first.height),
        cases=first.height,
        columns=[_("Organisations at the table"), _("First meetings")],
        rows=rows,
        counts=(1,),
        value_count=three,
        value_cells=((2, 1), (3, 1)),  # "3" and "4+"
    )


def pathway(ctx: Context) -> Result:
    """The funnel: of the clients who entered in the period, how many reached each stage."""
    entered = ctx.entered.select("client_id")
    met = ctx.meetings.filter((pl.col("kind") == "first_joint") & (pl.col("status") == "closed"))
    planned = frame(Plan.objects.all(), {"client_id": pl.Int64})
    agreed = frame(Agreement.objects.filter(status="done"), {"client_id": pl.Int64})
    moved = frame(
        OutcomeEvent.objects.filter(
            kind__in=["open_market_work", "pay_subsidised_work", "education", "rehabilitation"]
        ),
        {"client_id": pl.Int64},
    )
    stages = [(_("entered"), entered)]
    reached = entered
    for label, events in (
        (_("first joint meeting held"), met.select("client_id")),
        (_("plan made"), planned),
        (_("an agreement done"), agreed),
        (_("in work, education or rehabilitation"), moved),
    ):
        reached = reached.join(events.unique(), on="client_id", how="semi")
        stages.append((label, reached))
    total = entered.height
    arrived = stages[-1][1].height
    return Result(
        value=_share(arrived, total),  # the last stage: in work, education or rehabilitation
        cases=total,
        columns=[_("Stage"), _("Clients"), _percent(_("Share"))],
        rows=[[label, found.height, _share(found.height, total)] for label, found in stages],
        counts=(1,),
        shares=(2,),
        funnel=1,
        value_count=arrived,
        value_cells=((len(stages) - 1, 1),),
    )


for item in (
    Indicator(
        "first_meeting_days",
        ACCESS,
        _("From first contact to the first joint meeting"),
        _(
            "For clients who entered in the period: days from the client's record being made "
            "(first contact) to the first joint multi-agency meeting (not cancelled). The "
            "median; the table shows the distribution and those still without one."
        ),
        DAYS,
        "bar",
        first_meeting_days,
    ),
    Indicator(
        "plan_days",
        ACCESS,
        _("From first contact to a plan"),
        _(
            "For clients who entered in the period: days from first contact to the client's "
            "plan being made. The median, with the distribution."
        ),
        DAYS,
        "bar",
        plan_days,
    ),
    Indicator(
        "three_organisations",
        ACCESS,
        _("First meetings with three or more organisations"),
        _(
            "Of the first joint meetings held (closed) in the period: the share with three or "
            "more organisations at the table (the organiser's and the participants' "
            "organisations, each counted once)."
        ),
        PERCENT,
        "bar",
        first_meetings_three_organisations,
    ),
    Indicator(
        "pathway",
        ACCESS,
        _("The path: from first contact to work, education or rehabilitation"),
        _(
            "Of the clients who entered in the period: how many have had their first joint "
            "meeting, then also a plan, then also an agreement done, then also an outcome of "
            "work, education or rehabilitation recorded (each stage counts those who reached "
            "every stage before it). The headline: the share who reached the last stage, in "
            "work, education or rehabilitation."
        ),
        PERCENT,
        "funnel",
        pathway,
        headline=_("of the clients who entered are in work, education or rehabilitation"),
    ),
):
    register(item)
