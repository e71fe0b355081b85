"""Indicator charts drawn on the server with Matplotlib, as SVG: a bar chart of a table's
numbers, a line for a series by month, stacked bars for the outcomes. Every chart has its
numbers in the accessible table beside it and as CSV.

The SVG goes inline into the page and the PDF, made safe for the Content-Security-Policy by
polku.core.charts.inline."""

from __future__ import annotations

import io
import math
import re

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from polku.core.charts import inline

from .disclosure import Hidden
from .indicators import Indicator, Result

UNIT_NAMES = {
    "clients": gettext_lazy("clients"),
    "coordinators": gettext_lazy("coordinators"),
    "clients_month": gettext_lazy("clients a month"),
    "months": gettext_lazy("months"),
}
COLOURS = ("#0072c6", "#00d7a7", "#ffc61e", "#fd4f00", "#bd2719", "#9ec8eb", "#666666")


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _no_figure() -> str:
    """What a chart writes where there is no figure (None, or a month with no row): a word,
    never a zero bar or point ("ei lukua")."""
    return pgettext("a figure in a chart", "no figure")


def _text(value) -> str:
    """A bar's label, as the tables write it (1 234; 12,5; "alle 5" for a hidden figure),
    and "ei lukua" where there is no figure."""
    from .templatetags.research import figure_text

    return _no_figure() if value is None else figure_text(value)


def _drawn(value) -> bool:
    """Whether the value is a figure drawn as a bar or a point (not hidden, not missing)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


MONTH = re.compile(r"^(\d{1,2})/(\d{4})\b")


def _every_month(labels: list[str], shown: list) -> tuple[list[str], list]:
    """A series by month with the months it has no row for between its first and last put
    back as no figure (None): a month left out of the table is a gap in the line, marked,
    never two months drawn as neighbours (client feedback leaves out months with too few
    answers). Labels that are not months ("3/2026 (kesken)" is one) are left as they are."""
    found = [MONTH.match(label) for label in labels]
    if len(labels) < 2 or not all(found):
        return labels, shown
    months = [int(m[2]) * 12 + int(m[1]) - 1 for m in found if m]
    if months != sorted(months) or len(set(months)) != len(months):
        return labels, shown
    by_month = dict(zip(months, zip(labels, shown, strict=True), strict=True))
    every = [
        by_month.get(n, (f"{n % 12 + 1}/{n // 12}", None)) for n in range(months[0], months[-1] + 1)
    ]
    return [label for label, _value in every], [value for _label, value in every]


def _numeric_column(result: Result) -> int:
    """The column to draw: the share if there is one, else the last that holds numbers."""
    if result.shares:
        return result.shares[0]
    for index in range(len(result.columns) - 1, 0, -1):
        if all(isinstance(row[index], int | float | Hidden | None) for row in result.rows):
            return index
    return 1


def _ticks(axis, whole: bool) -> None:
    """Axis numbers in the interface's format (decimal comma, grouped thousands); counts get
    whole-number ticks only."""
    if whole:
        axis.set_major_locator(MaxNLocator(integer=True))

    def text(x: float, _position) -> str:
        decimals = 0 if whole or abs(x - round(x)) < 1e-9 else 1
        return number_format(x, decimals, force_grouping=True)

    axis.set_major_formatter(FuncFormatter(text))


def _nothing_to_measure(axis, shown) -> None:
    """An axis of a chart with no value above zero (all zero, hidden or missing): no scale,
    only the zero its bars start from — a count axis running 0–1 suggested fractions of a
    client (issue: the ping-pong chart, both its figures hidden, ran 0–1). With every figure
    hidden or missing, not even the zero: nothing is measured, and each bar's text says why."""
    axis.set_ticks([0] if any(_drawn(v) for v in shown) else [])


def _bars(axes, labels, values, shown, *, whole: bool, heading: str, share=False) -> None:
    """Horizontal bars from zero with each value written at its bar (a hidden one in words:
    "alle 5", "piilotettu"); a share runs 0–100."""
    bars = axes.barh(labels, values, color=COLOURS[0])
    axes.invert_yaxis()
    axes.bar_label(bars, labels=[_text(v) for v in shown], padding=3, fontsize=8)
    top = max(values) if values else 0
    if share:
        axes.set_xlim(left=0, right=100)
    else:  # never a negative axis
        axes.set_xlim(left=0, right=(top * 1.15) if top > 0 else 1)
    _ticks(axes.xaxis, whole)
    if not share and top <= 0:
        _nothing_to_measure(axes.xaxis, shown)
    axes.set_xlabel(heading)


def _split_by_unit(figure: Figure, indicator: Indicator, result: Result) -> None:
    """A "figure, value" table whose rows have different units: one panel per unit."""
    units = list(dict.fromkeys(result.row_units))
    panels = figure.subplots(len(units), 1, squeeze=False)
    for axes, unit in zip(panels[:, 0], units, strict=True):
        axes.spines[["top", "right"]].set_visible(False)
        rows = [row for row, u in zip(result.rows, result.row_units, strict=False) if u == unit]
        _bars(
            axes,
            [str(row[0]) for row in rows],
            [_number(row[1]) for row in rows],
            [row[1] for row in rows],
            whole=all(isinstance(row[1], int | None | Hidden) for row in rows),
            heading=str(UNIT_NAMES.get(unit, "")),
        )
        axes.tick_params(labelsize=7)


def svg(indicator: Indicator, result: Result) -> str:
    height = 3.2 if not result.row_units else 1.3 * len(set(result.row_units)) + 0.6
    figure = Figure(figsize=(6.4, height), dpi=100, layout="constrained")
    if result.rows and result.row_units:
        _split_by_unit(figure, indicator, result)
        return _write(figure, indicator, hidden_note(indicator, result))
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    if not result.rows:
        axes.set_axis_off()
        axes.text(0.5, 0.5, "–", ha="center", va="center", fontsize=18)
    elif indicator.chart == "stacked":
        # A bar holding a hidden figure is drawn without it — shorter than its clients — and
        # says so: an asterisk at its label and above it, explained by hidden_note.
        partial = [
            any(isinstance(row[i], Hidden) for row in result.rows)
            for i in range(1, len(result.columns))
        ]
        labels = [
            str(c) + (" *" if flag else "")
            for c, flag in zip(result.columns[1:], partial, strict=True)
        ]
        bottom = [0.0] * len(labels)
        for n, row in enumerate(result.rows):
            values = [_number(v) for v in row[1:]]
            axes.bar(labels, values, bottom=bottom, label=str(row[0]), color=COLOURS[n % 7])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        for x in range(len(bottom)):
            # a bar with no figure at all (no client has reached that point yet): said in
            # words at its foot, not a bar of zero
            if all(row[x + 1] is None for row in result.rows):
                axes.annotate(
                    _no_figure(),
                    (x, 0),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8,
                )
        for x, (flag, top) in enumerate(zip(partial, bottom, strict=True)):
            if flag:
                axes.annotate(
                    "*",
                    (x, top),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    fontsize=10,
                )
        axes.set_ylim(bottom=0, top=max(bottom) * 1.1 if any(bottom) else 1)
        _ticks(axes.yaxis, whole=True)
        if not any(bottom):
            _nothing_to_measure(axes.yaxis, [v for row in result.rows for v in row[1:]])
        axes.set_ylabel(_("Clients"))
        axes.legend(fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
        axes.tick_params(labelsize=8)
    else:
        column = 1 if indicator.chart == "funnel" else _numeric_column(result)
        whole = column in result.counts or bool(result.count_rows)
        keys = 1 if indicator.chart == "line" or column <= 2 else 2  # a month; or two keys
        labels = [" / ".join(str(c) for c in row[:keys]) for row in result.rows]
        shown = [row[column] for row in result.rows]
        values = [_number(v) for v in shown]
        heading = str(result.columns[column])
        if indicator.chart == "line":
            labels, shown = _every_month(labels, shown)
            values = [_number(v) for v in shown]
        if indicator.chart == "line" and len(values) > 1:
            # A hidden month, a month with no figure and a month with no row are gaps in the
            # line with their word at the axis ("piilotettu", "ei lukua"), never a zero.
            drawn = [float(v) if _drawn(v) else math.nan for v in shown]
            # a point at 100 % is drawn whole, not cut in half by the axes
            axes.plot(labels, drawn, marker="o", color=COLOURS[0], clip_on=False)
            axes.set_xlim(-0.5, len(labels) - 0.5)  # every month, drawn or not
            for x, value in enumerate(shown):
                if not _drawn(value):
                    axes.annotate(
                        _text(value),
                        (x, 0),
                        xytext=(0, 3),
                        textcoords="offset points",
                        ha="center",
                        fontsize=7,
                        rotation=90,
                    )
            top = max(values)
            if column in result.shares:
                axes.set_ylim(bottom=0, top=100)
            else:
                axes.set_ylim(bottom=0, top=(top * 1.1) if top > 0 else 1)
            _ticks(axes.yaxis, whole)
            if column not in result.shares and top <= 0:
                _nothing_to_measure(axes.yaxis, shown)
            axes.set_ylabel(heading)
            axes.tick_params(axis="x", labelrotation=45)
        elif indicator.chart == "funnel":  # centred bars narrowing stage by stage
            widest = max(values) or 1
            bars = axes.barh(
                labels, values, left=[(widest - v) / 2 for v in values], color=COLOURS[0]
            )
            axes.bar_label(
                bars,
                labels=[_text(v) for v in shown],
                label_type="center",
                color="white",
                fontsize=8,
            )
            axes.invert_yaxis()
            axes.set_xticks([])
            axes.set_xlabel(heading)
        else:  # bars; a series of one month is one bar with its value, not a lone dot
            share = column in result.shares
            _bars(axes, labels, values, shown, whole=whole or share, heading=heading, share=share)
        axes.tick_params(labelsize=8)
    return _write(figure, indicator, hidden_note(indicator, result))


def _partial_note() -> str:
    return _("* Contains hidden figures, which are not drawn: the bar is shorter than its clients.")


def _no_figure_note() -> str:
    return _(
        "“%(none)s”: there is no figure (nothing to count or compute it from, or too few to "
        "show): nothing is drawn there — it is not a zero."
    ) % {"none": _no_figure()}


def _drawn_columns(indicator: Indicator, result: Result) -> range:
    """The table's columns the chart draws."""
    if indicator.chart == "stacked" and not result.row_units:
        return range(1, len(result.columns))
    if result.row_units or indicator.chart == "funnel":
        return range(1, 2)
    column = _numeric_column(result)
    return range(column, column + 1)


def hidden_note(indicator: Indicator, result: Result) -> str:
    """What the chart leaves out of its bars or line, in words, or "" when it leaves out
    nothing: hidden figures (for privacy) and places with no figure ("ei lukua": a None, a
    month with no row between a line's first and last) — in its SVG <desc> and in the
    caption under it (the table beside it has the same figures)."""
    columns = _drawn_columns(indicator, result)
    cells = [row[i] for row in result.rows for i in columns if i < len(row)]
    notes = []
    if any(isinstance(cell, Hidden) for cell in cells):
        if indicator.chart == "stacked" and not result.row_units:
            notes.append(_partial_note())
        else:
            notes.append(
                _("Hidden figures are not drawn: their bar or point is left out, its text says so.")
            )
    missing = any(cell is None for cell in cells)
    if indicator.chart == "line" and result.rows and not missing:
        column = columns[0]
        labels = [" / ".join(str(c) for c in row[:1]) for row in result.rows]
        _labels, every = _every_month(labels, [row[column] for row in result.rows])
        missing = len(every) > len(result.rows)
    if missing:
        notes.append(_no_figure_note())
    return " ".join(notes)


def _write(figure: Figure, indicator: Indicator, description: str = "") -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Title": str(indicator.title), "Date": None})
    chart_id = f"chart-{indicator.id}"
    drawn = inline(out.getvalue(), chart_id)
    if not description:
        return drawn
    drawn = drawn.replace(
        "</title>", f'</title><desc id="{chart_id}-desc">{escape(description)}</desc>', 1
    )
    return drawn.replace("<svg ", f'<svg aria-describedby="{chart_id}-desc" ', 1)
