"""Polku's indicators: each with a written definition, computed by Polars over columns fetched
in bulk (polku.research.frames), filterable by period, region, organisation and client
group. The definitions are shown on the dashboard, in the report and in docs/research.md.

Adding an indicator is one `register(Indicator(...))` (the knots' figures come from
polku.knots.indicators). `compute(indicator_id, filters)` returns a `Result`: the headline
figure, how many cases it rests on, and a table (the chart's numbers)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl
from django.conf import settings
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from polku.handover.models import Handover, HandoverStatus
from polku.meetings.models import Agreement, Meeting, MeetingParticipant, NextContact
from polku.plans.models import Plan
from polku.referrals.models import URGENCY_ORDER, Referral, Urgency

from . import frames
from .frames import UTC, Filters, frame, local_date, number, within
from .models import OutcomeEvent, OutcomeKind

DAY_BINS = ((0, 7), (8, 14), (15, 30), (31, 60), (61, None))
HORIZONS = (3, 6, 12)
PING_PONG_DAYS = 90
DROP_OFF_DAYS = 90


@dataclass
class Result:
    value: float | None  # the headline figure (None: no cases in the filter)
    cases: int  # how many cases it rests on
    columns: Sequence[str | Promise] = field(default_factory=list)  # lazy: any language
    rows: list[list] = field(default_factory=list)
    # for small-group protection (polku.research.disclosure): the columns that count
    # clients, the rows of a "figure, value" table whose value counts clients, the columns
    # holding a share of their row's first count, and the count a headline share is of
    counts: tuple[int, ...] = ()
    count_rows: tuple[int, ...] = ()
    shares: tuple[int, ...] = ()
    value_count: int | None = None
    # a "figure, value" table's rows whose figure rests on a number of clients (row → that
    # number: a mean, a rate, a forecast), and its rows that are not about clients at all
    # (configuration); any other number is taken for a count of clients (disclosure.protect)
    bases: dict[int, int] = field(default_factory=dict)
    public_rows: tuple[int, ...] = ()
    # (whole, part) columns of a row (the part's rest is a group too), and the column whose
    # rows are each a part of the row before (a funnel)
    parts: tuple[tuple[int, int], ...] = ()
    row_parts: tuple[tuple[int, int], ...] = ()  # (whole, part) rows of a "figure, value" table
    funnel: int | None = None
    row_units: tuple[str, ...] = ()  # a "figure, value" table's unit per row (charts split)
    notes: list = field(default_factory=list)  # lazy sentences shown under the table
    # set by disclosure.protect on the copy that is shown
    k: int = 0
    hidden_cells: list = field(default_factory=list)
    value_hidden: bool = False
    cases_hidden: bool = False


@dataclass(frozen=True)
class Indicator:
    id: str
    group: Promise
    title: Promise
    definition: Promise
    unit: Promise | str
    chart: str  # "bar", "line", "stacked" or "funnel"
    compute: Callable[[Context], Result]
    headline: Promise | None = None  # what the headline figure is, said next to it
    counts_clients: bool = False  # the headline is a number of clients (a whole number)


class Context:
    """The frames one filter needs, each loaded once however many indicators use it."""

    def __init__(self, filters: Filters, today: dt.date | None = None):
        self.filters = filters
        self.today = today or dt.date.today()

    @cached_property
    def clients(self) -> pl.DataFrame:
        return frames.clients(self.filters)

    @cached_property
    def ids(self) -> list[int]:
        return self.clients["client_id"].to_list()

    def _only(self, found: pl.DataFrame) -> pl.DataFrame:
        return found.join(self.clients.select("client_id"), on="client_id", how="semi")

    @cached_property
    def meetings(self) -> pl.DataFrame:
        return self._only(
            frame(
                Meeting.objects.exclude(status="cancelled"),
                {
                    "pk": pl.Int64,
                    "client_id": pl.Int64,
                    "kind": pl.Utf8,
                    "status": pl.Utf8,
                    "starts_at": UTC,
                    "organiser__organisation_id": pl.Int64,
                },
            ).rename({"pk": "meeting_id", "organiser__organisation_id": "organiser_org"})
        ).with_columns(local_date("starts_at").alias("day"))

    @cached_property
    def entered(self) -> pl.DataFrame:
        """Clients who entered in the period."""
        return self.clients.filter(within("entered", self.filters))


# --------------------------------------------------------------------------------------------
# helpers


def _bins(days: pl.Series, missing: int, not_yet) -> list[list]:
    rows = []
    for low, high in DAY_BINS:
        label = f"{low}–{high}" if high is not None else f"> {low - 1}"
        hit = days >= low if high is None else days.is_between(low, high)
        rows.append([label, int(hit.sum())])
    rows.append([not_yet, missing])
    return rows


def _month_label(month: str) -> str:
    """ "2026-03" → "3/2026" (the month as the interface writes it in every language)."""
    year, number_ = month.split("-")
    return f"{int(number_)}/{year}"


def _months_label(months: int) -> str:
    return gettext("%(months)s months") % {"months": months}


# Results are cached once for every language: their words stay lazy (and picklable) until shown.
_months = lazy(_months_label, str)


def _not_reached_text(months: int, day: str) -> str:
    return gettext(
        "No client who entered in the period has reached %(months)s months yet (the first "
        "reaches it on %(day)s), so that column is empty. Choose an earlier period to see "
        "the cohort that has."
    ) % {"months": months, "day": day}


_not_reached = lazy(_not_reached_text, str)


def number_format_date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _percent(label: Promise) -> Promise:
    """A column heading for a percentage; the label itself is translated on its own."""
    return format_lazy("{} (%)", label)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median(series: pl.Series) -> float | None:
    return number(series.median()) if series.len() else None


def _days_from_entry(ctx: Context, events: pl.DataFrame) -> Result:
    """events: client_id, day — the first event per client counts."""
    first = events.group_by("client_id").agg(pl.col("day").min())
    joined = ctx.entered.join(first, on="client_id", how="left").with_columns(
        (pl.col("day") - pl.col("entered")).dt.total_days().alias("days")
    )
    days = joined["days"].drop_nulls()
    missing = joined.height - days.len()
    return Result(
        value=_median(days),
        cases=days.len(),
        columns=[_("Days"), _("Clients")],
        rows=_bins(days, missing, _("not yet")),
        counts=(1,),
    )


# --------------------------------------------------------------------------------------------
# access


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
    )


# --------------------------------------------------------------------------------------------
# flow


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
            [_month_label(r["month"]), r["due"], r["on_time"], _share(r["on_time"], r["due"])]
            for r in by_month.iter_rows(named=True)
        ],
        counts=(1, 2),
        shares=(3,),
        parts=((1, 2),),
        value_count=int(found["on_time"].sum()),
    )


def without_next_contact(ctx: Context) -> Result:
    active = ctx.clients.filter(pl.col("status") == "active")
    open_contacts = frame(
        NextContact.objects.filter(done_at__isnull=True), {"client_id": pl.Int64}
    ).unique()
    without = active.join(open_contacts, on="client_id", how="anti").height
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
    open_contacts = frame(
        NextContact.objects.filter(done_at__isnull=True), {"client_id": pl.Int64}
    ).unique()
    cutoff = ctx.filters.end - dt.timedelta(days=DROP_OFF_DAYS)
    joined = active.join(last, on="client_id", how="left").join(
        open_contacts, on="client_id", how="anti"
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


# --------------------------------------------------------------------------------------------
# referrals


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


# --------------------------------------------------------------------------------------------
# knots (computed by polku.knots.indicators)


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


def _filtered(filters: Filters) -> bool:
    return bool(
        filters.region
        or filters.organisation
        or filters.age_band
        or filters.language
        or filters.cohort
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


# --------------------------------------------------------------------------------------------
# outcomes


def outcomes(ctx: Context) -> Result:
    events = ctx._only(
        frame(OutcomeEvent.objects.all(), {"client_id": pl.Int64, "kind": pl.Utf8, "date": pl.Date})
    )
    kinds = list(OutcomeKind.values)
    columns = [_("Situation")] + [_months(h) for h in HORIZONS]
    counts: dict[int, dict[str, int]] = {}
    cases = 0
    notes = []
    for months in HORIZONS:
        every = ctx.entered.with_columns(pl.col("entered").dt.offset_by(f"{months}mo").alias("at"))
        at = every.filter(pl.col("at") <= ctx.today)
        if every.height and not at.height:  # say why the column is empty
            notes.append(
                _not_reached(
                    months,
                    number_format_date(every["at"].min()),  # type: ignore[arg-type]
                )
            )
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
        if months == HORIZONS[0]:
            cases = situation.height
    rows = [[OutcomeKind(k).label, *(counts[h][k] for h in HORIZONS)] for k in kinds]
    worked = counts[12][OutcomeKind.OPEN_MARKET_WORK] + counts[12][OutcomeKind.PAY_SUBSIDISED_WORK]
    total12 = sum(counts[12].values())
    return Result(
        value=_share(worked, total12),
        cases=cases,
        columns=columns,
        rows=rows,
        counts=(1, 2, 3),
        value_count=worked,
        notes=notes,
    )


# --------------------------------------------------------------------------------------------
# client experience (the portal's feedback)


def client_experience(ctx: Context) -> Result:
    from polku.portal.selectors import feedback_by_month

    months = feedback_by_month(ctx.filters.start, ctx.filters.end, ctx.filters.organisation)
    answers = int(months["answers"].sum()) if months.height else 0
    sorted_at_once = (
        round(float((months["sorted_at_once"] * months["answers"]).sum()) / answers, 1)
        if answers
        else None
    )
    return Result(
        value=sorted_at_once,
        cases=answers,
        columns=[
            _("Month"),
            _("Answers"),
            _percent(_("Matters sorted at once")),
            _("Heard (1–5)"),
            _("Overall (1–5)"),
        ],
        rows=[
            [
                f"{r['month'].month}/{r['month'].year}",
                r["answers"],
                r["sorted_at_once"],
                r["heard"],
                r["overall"],
            ]
            for r in months.iter_rows(named=True)
        ],
        counts=(1,),
        shares=(2, 3, 4),
    )


# --------------------------------------------------------------------------------------------
# coordinator capacity


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


# --------------------------------------------------------------------------------------------
# the registry

REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    REGISTRY[indicator.id] = indicator
    return indicator


ACCESS, FLOW, REFERRALS, KNOTS, OUTCOMES, EXPERIENCE, CAPACITY = (
    _("Access"),
    _("Flow"),
    _("Referrals"),
    _("Benefit knots"),
    _("Outcomes"),
    _("Client experience"),
    _("Coordinator capacity"),
)
DAYS, PERCENT, CLIENTS = _("days (median)"), "%", _("clients")

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
    Indicator(
        "client_experience",
        EXPERIENCE,
        _("Client feedback over time"),
        _(
            "Feedback answered in the client portal in the period, by month: the share who got "
            'their matters sorted at once (the headline), and the means of "were you heard" '
            "and of the overall score (1–5). Months with fewer than five answers are not shown. "
            "Answers may be anonymous, so only the organisation filter applies."
        ),
        PERCENT,
        "line",
        client_experience,
    ),
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


def compute(indicator_id: str, filters: Filters, context: Context | None = None) -> Result:
    return REGISTRY[indicator_id].compute(context or Context(filters))


def compute_all(filters: Filters, today: dt.date | None = None) -> dict[str, Result]:
    context = Context(filters, today)
    return {key: indicator.compute(context) for key, indicator in REGISTRY.items()}
