"""The indicators' framework: the `Result` of one indicator, its `Indicator` definition, the
`Context` (the frames one filter needs, each loaded once), shared helpers and the registry.
Each indicator family's module registers its indicators here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from polku.meetings.models import Meeting

from .. import frames
from ..frames import UTC, Filters, frame, local_date, number, within

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
    # the table cells (row, column) that value_count is the sum of, when they are not a whole
    # column (which the table's total gives anyway): a hidden one hides the headline, else
    # value_count − the cells shown would give it (outcomes: in work = open-market + pay-
    # subsidised; 3 organisations or more = "3" + "4+"; the pathway's last stage)
    value_cells: tuple[tuple[int, int], ...] = ()
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
    # why there is no headline figure (value None), in words: "no figure yet: …" (lazy)
    no_value: Promise | str | None = None
    # what the headline figure is, when it depends on the data (the outcomes' follow-up
    # point), said next to it instead of the indicator's `headline` (lazy)
    headline: Promise | str | None = None
    # set by disclosure.protect on the copy that is shown
    k: int = 0
    hidden_cells: list = field(default_factory=list)
    hidden_why: list = field(default_factory=list)  # each hidden cell's reason (disclosure)
    value_hidden: bool = False
    value_hidden_why: str | None = None  # disclosure.SMALL or disclosure.COMPLEMENT
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


def month_ended(first: dt.date, today: dt.date) -> bool:
    """Whether the month beginning on `first` is over: its last day is before today."""
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following <= today


IN_PROGRESS = pgettext_lazy("a month", "in progress")


def month_row_label(month: str | dt.date, today: dt.date) -> str | Promise:
    """A month of a table by month ("3/2026"); a month not over yet is said to be in progress
    ("12/2026 (kesken)") on the page, in the report, the CSV and the API alike, never shown as
    if its figures were a whole month's."""
    first = dt.date.fromisoformat(f"{month}-01") if isinstance(month, str) else month
    label = f"{first.month}/{first.year}"
    if month_ended(first, today):
        return label
    return format_lazy("{} ({})", label, IN_PROGRESS)


def _month_in_progress_text(month: str, day: str) -> str:
    return gettext(
        "The month %(month)s is still in progress: its figures are those up to %(day)s."
    ) % {"month": month, "day": day}


_month_in_progress = lazy(_month_in_progress_text, str)


def month_notes(months: Sequence[str | dt.date], today: dt.date) -> list:
    """The note under a table by month whose last month is not over yet."""
    firsts = [dt.date.fromisoformat(f"{m}-01") if isinstance(m, str) else m for m in months]
    return [
        _month_in_progress(f"{first.month}/{first.year}", number_format_date(today))
        for first in firsts
        if not month_ended(first, today)
    ][:1]


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


def _no_figure_yet_text(months: int, day: str) -> str:
    return gettext(
        "no figure yet: no client who entered in the period has reached %(months)s months "
        "(the first does on %(day)s)"
    ) % {"months": months, "day": day}


_no_figure_yet = lazy(_no_figure_yet_text, str)


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


def _filtered(filters: Filters) -> bool:
    return bool(
        filters.region
        or filters.organisation
        or filters.age_band
        or filters.language
        or filters.cohort
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


def compute(indicator_id: str, filters: Filters, context: Context | None = None) -> Result:
    return REGISTRY[indicator_id].compute(context or Context(filters))


def compute_all(filters: Filters, today: dt.date | None = None) -> dict[str, Result]:
    context = Context(filters, today)
    return {key: indicator.compute(context) for key, indicator in REGISTRY.items()}
