"""Polku's indicators: each with a written definition, computed by Polars over columns fetched
in bulk (polku.research.frames), filterable by period, region, organisation and client
group. The definitions are shown on the dashboard, in the report and in docs/research.md.

One module per family, each indicator's definition (`register(Indicator(...))`) beside its
code: `access`, `flow`, `referrals`, `knots` (the figures come from polku.knots.indicators),
`follow_up` (outcomes), `experience`, `coordinator_capacity`; the framework (`Result`,
`Indicator`, `Context`, the helpers and the registry) is in `base`. Importing this package
registers every family, in the dashboard's order. `compute(indicator_id, filters)` returns a
`Result`: the headline figure, how many cases it rests on, and a table (the chart's numbers).
Adding an indicator: write its function and its `Indicator` in its family's module."""

from .. import frames
from .base import (
    ACCESS,
    CAPACITY,
    CLIENTS,
    DAY_BINS,
    DAYS,
    DROP_OFF_DAYS,
    EXPERIENCE,
    FLOW,
    HORIZONS,
    KNOTS,
    OUTCOMES,
    PERCENT,
    PING_PONG_DAYS,
    REFERRALS,
    REGISTRY,
    Context,
    Indicator,
    Result,
    compute,
    compute_all,
    month_ended,
    number_format_date,
    register,
)

# The families, in the order the dashboard shows them (each registers its indicators on
# import, so this order is the registry's).
# isort: off
from .access import first_meeting_days, first_meetings_three_organisations, pathway, plan_days
from .flow import agreements_on_time, drop_offs, handovers, ping_pong, without_next_contact
from .referrals import referrals_on_time
from .knots import knot_decision_days, knots_opened
from .follow_up import outcomes
from .experience import client_experience
from .coordinator_capacity import capacity
# isort: on

__all__ = [
    "ACCESS",
    "CAPACITY",
    "CLIENTS",
    "DAYS",
    "DAY_BINS",
    "DROP_OFF_DAYS",
    "EXPERIENCE",
    "FLOW",
    "HORIZONS",
    "KNOTS",
    "OUTCOMES",
    "PERCENT",
    "PING_PONG_DAYS",
    "REFERRALS",
    "REGISTRY",
    "Context",
    "Indicator",
    "Result",
    "agreements_on_time",
    "capacity",
    "client_experience",
    "compute",
    "compute_all",
    "drop_offs",
    "first_meeting_days",
    "first_meetings_three_organisations",
    "frames",
    "handovers",
    "knot_decision_days",
    "knots_opened",
    "month_ended",
    "number_format_date",
    "outcomes",
    "pathway",
    "ping_pong",
    "plan_days",
    "referrals_on_time",
    "register",
    "without_next_contact",
]
