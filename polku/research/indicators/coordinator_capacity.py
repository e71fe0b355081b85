"""Coordinator capacity: caseload per coordinator against the target.

Each indicator's definition (its `Indicator`) sits below its code."""

from __future__ import annotations

import math

import polars as pl
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .. import frames
from ..frames import local_date, number, within
from .base import (
    CAPACITY,
    Context,
    Indicator,
    Result,
    register,
)


def capacity(ctx: Context) -> Result:
    seats = frames.coordinators()
    target = settings.POLKU_CASELOAD_TARGET
    active = ctx.clients.filter(pl.col("status") == "active")
    current = seats.filter(pl.col("ended_at").is_null()).join(
        active.select("client_id"), on="client_id", how="semi"
    )
    loads = current.group_by("professional_id").agg(pl.len().alias("clients"))
    coordinators = loads.height
    # inflow: clients entered per month in the period; time in service: entry → the end of
    # the last coordinator seat of clients closed in the period (Little's law: L = λ·W)
    months = max(1.0, (ctx.filters.end - ctx.filters.start).days / 30.44)
    inflow = ctx.entered.height / months
    ended = (
        seats.with_columns(local_date("ended_at").alias("ended"))
        .group_by("client_id")
        .agg(pl.col("ended").max())
    )
    closed = (
        ctx.clients.filter(pl.col("status") == "closed")
        .join(ended, on="client_id")
        .filter(within("ended", ctx.filters))
        .with_columns(((pl.col("ended") - pl.col("entered")).dt.total_days() / 30.44).alias("m"))
    )
    stay = number(closed["m"].mean()) if closed.height else None
    needed_now = math.ceil(active.height / target) if target else None
    forecast = math.ceil(inflow * stay / target) if stay is not None and target else None
    mean = number(loads["clients"].mean()) if coordinators else None
    return Result(
        value=None if mean is None else round(mean, 1),
        cases=active.height,
        # the active clients and the largest caseload count clients; the coordinators (and
        # those over the target, and needed now) rest on the active clients, the inflow on
        # those who entered, the months in service on those closed, the forecast on both
        count_rows=(2, 3),
        bases={
            1: active.height,
            4: active.height,
            5: active.height,
            6: ctx.entered.height,
            7: closed.height,
            8: min(ctx.entered.height, closed.height),
        },
        public_rows=(0,),
        value_count=active.height,
        row_units=(
            "clients",
            "coordinators",
            "clients",
            "clients",
            "coordinators",
            "coordinators",
            "clients_month",
            "months",
            "coordinators",
        ),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("caseload target per coordinator"), target],
            [_("coordinators with active clients"), coordinators],
            [_("active clients"), active.height],
            [
                _("largest caseload"),
                int(number(loads["clients"].max())) if coordinators else 0,
            ],
            [_("coordinators over the target"), int((loads["clients"] > target).sum())],
            [_("coordinators needed now"), needed_now],
            [_("new clients a month in the period"), round(inflow, 1)],
            [
                _("months in service (clients closed in the period)"),
                None if stay is None else round(stay, 1),
            ],
            [_("coordinators needed for the current inflow"), forecast],
        ],
    )


for item in (
    Indicator(
        "capacity",
        CAPACITY,
        _("Caseload per coordinator"),
        _(
            "Active clients per coordinator (the client's active coordinator seat) against the "
            "configured target (POLKU_CASELOAD_TARGET). Coordinators needed for the current "
            "inflow = new clients a month × months in service ÷ target (Little's law); months "
            "in service from the clients closed in the period."
        ),
        _("clients per coordinator (mean)"),
        "bar",
        capacity,
    ),
):
    register(item)
