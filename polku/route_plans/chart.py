"""A route's monthly net income next to today's, drawn with Matplotlib as inline SVG (the one
charting way: polku.core.charts, as the research charts).

Accessible: the <svg> is an image labelled by its <title>, and its <desc> gives every line's
figures month by month; the table beside it carries the same figures. Today's line is dashed
as well as grey, so the two lines differ without colour.

Drawing: each thread keeps a figure (axes, ticks, lines, legend) and draws it again with each
chart's months and figures; its texts are measured once a process (polku.core.charts.svg),
the axis names are not placed by the tick labels' sizes, and the tick marks are one line of
markers an axis. A chart takes some 13–17 ms of CPU on the 2-core development machine
(3.12.2026; 40–50 ms, 131 000 function calls, when each chart made its figure, ticks and
legend; 41 000 now), and the route plan's cold view 160–175 ms instead of 350–370 ms, with
fewer garbage collections (the figures' reference cycles set off a full one, ~200 ms, in one
of three cold views measured).
A chart is drawn once for its content and kept in the shared cache under the hash of
everything drawn (polku.core.memo), so a page shown again, by anyone on any server, reuses
it."""

from __future__ import annotations

import threading
from typing import Any

import matplotlib
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedFormatter, FixedLocator, FuncFormatter, MaxNLocator

from polku.core import charts, memo
from polku.core.charts import inline
from polku.core.money import format_euros

# Series styles: today's income dashed grey, the route's solid blue (contrast ≥ 4.5:1 on white).
STYLES: dict[str, dict[str, Any]] = {
    "today": {"color": "#5f5f5f", "linestyle": (0, (6, 4))},
    "route": {"color": "#0000bf", "linestyle": "solid"},
}


def _whole_euros(value: float, _position: int | None = None) -> str:
    """An axis figure as the tables write euros, without cents: 1 500 €."""
    return format_euros(round(value)).replace(",00", "")


# What else shapes the drawing: this module, the SVG clean-up, the money format, Matplotlib.
DRAWN_BY = ("polku/route_plans/chart.py", "polku/core/charts.py", "polku/core/money.py")
KEEP_SECONDS = 7 * 24 * 3600  # content-addressed: a week keeps the charts of pages in use

# The axes' place in the figure (fractions of its 461 × 202 pt), fixed: room on the left for
# axis figures up to "−999 999 €", below for the months and the legend under them. A layout
# engine ("constrained") would fit them to the texts but measures every text several times,
# most of a chart's drawing time.
MARGINS = {"left": 0.14, "right": 0.97, "top": 0.95, "bottom": 0.22}


def line_chart(
    *, chart_id: str, title: str, labels: list[str], series: list[tuple[str, str, list[float]]]
) -> SafeString:
    """`series`: (style in STYLES, legend text, values by month). Returns the <svg> element,
    drawn once for the same arguments (kept in the shared cache)."""
    plain = [(style, str(name), list(values)) for style, name, values in series]
    key = memo.content_key(
        "route_plans:chart",
        memo.fingerprint(DRAWN_BY),
        matplotlib.__version__,
        chart_id,
        str(title),
        [str(label) for label in labels],
        plain,
    )
    drawn = memo.remembered(
        key,
        lambda: str(_draw(chart_id=chart_id, title=title, labels=labels, series=series)),
        timeout=KEEP_SECONDS,
    )
    return mark_safe(drawn)  # noqa: S308 (drawn by _draw: Matplotlib and format_html escape)


def _draw(
    *, chart_id: str, title: str, labels: list[str], series: list[tuple[str, str, list[float]]]
) -> SafeString:
    svg = inline(charts.svg(_figure(labels, series), str(title)), chart_id)
    svg = svg.replace(
        "<svg ",
        f'<svg class="routes-chart" focusable="false" aria-describedby="{chart_id}-desc" ',
        1,
    )
    title_end = svg.index("</title>") + len("</title>")
    described = svg[:title_end] + _description(chart_id, labels, series) + svg[title_end:]
    return mark_safe(described)  # noqa: S308 (Matplotlib escapes its texts, format_html the rest)


class _Figures(threading.local):
    """Each thread's figures, one for each sequence of series styles, drawn again and again:
    making a figure, its axes, ticks, lines and legend costs more than drawing it. Only what
    _fill sets changes from one chart to the next (tests/route_plans/test_chart.py)."""

    def __init__(self) -> None:
        self.by_styles: dict[tuple[str, ...], Figure] = {}


_figures = _Figures()


def _figure(labels: list[str], series: list[tuple[str, str, list[float]]]) -> Figure:
    """The chart's figure, not drawn yet: this thread's figure for the series' styles, filled
    with this chart's months and figures."""
    styles = tuple(style for style, _name, _values in series)
    figure = _figures.by_styles.get(styles)
    if figure is None:
        figure = _figures.by_styles[styles] = _blank(styles)
    return _fill(figure, labels, series)


def _blank(styles: tuple[str, ...]) -> Figure:
    """A figure with its axes at MARGINS, a line for each style and the legend under the
    months; no data yet."""
    figure = Figure(figsize=(6.4, 2.8), dpi=100)
    figure.subplots_adjust(**MARGINS)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    for style in styles:
        axes.plot([], [], linewidth=2.5, marker="o", markersize=4, **STYLES[style])
    axes.yaxis.set_major_formatter(FuncFormatter(_whole_euros))
    axes.grid(axis="y", color="#d0d0d0")
    axes.set_axisbelow(True)
    axes.tick_params(labelsize=8)
    # The axes have no axis names: placing them is not to measure every tick label again.
    axes.xaxis.set_label_coords(0.5, 0.0)
    axes.yaxis.set_label_coords(0.0, 0.5)
    # The tick marks as Matplotlib draws them, but one line of markers an axis (_fill places
    # them) instead of a line a tick: 2 artists drawn instead of some 20.
    for axis in (axes.xaxis, axes.yaxis):
        marks = Line2D([], [])
        marks.update_from(axis.get_major_ticks(1)[0].tick1line)  # marker, colour, transform
        figure.add_artist(marks)  # not the axes': nothing to scale the axes to
    axes.tick_params(bottom=False, left=False)
    axes.legend(
        axes.lines,
        ["" for _style in styles],
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=figure.transFigure,
        ncol=len(styles),
        frameon=False,
        fontsize=8,
    )
    return figure


def _fill(figure: Figure, labels: list[str], series: list[tuple[str, str, list[float]]]) -> Figure:
    """Every line's figures, the months under them, the legend's names and the limits."""
    (axes,) = figure.axes
    legend = axes.get_legend()
    assert legend is not None
    months = range(len(labels))
    for line, text, (_style, name, values) in zip(
        axes.lines, legend.get_texts(), series, strict=True
    ):
        line.set_data(months, [float(v) for v in values])
        line.set_label(name)
        text.set_text(name)
    axes.xaxis.set_major_locator(FixedLocator(months))
    axes.xaxis.set_major_formatter(FixedFormatter([str(label) for label in labels]))
    axes.relim()
    axes.autoscale()
    lowest = min((float(v) for _style, _name, values in series for v in values), default=0.0)
    axes.set_ylim(bottom=min(lowest * 1.1, 0.0))
    # The axis figures at fixed places: the locator's ticks within the limits, marked there.
    low, high = axes.get_ylim()
    close = (high - low) * 1e-10  # as Matplotlib's axis keeps a tick at a limit
    ticks = [t for t in MaxNLocator(6).tick_values(low, high) if low - close <= t <= high + close]
    axes.yaxis.set_major_locator(FixedLocator(ticks))
    x_marks, y_marks = (marks for marks in figure.artists if isinstance(marks, Line2D))
    x_marks.set_data(months, [0.0] * len(labels))
    y_marks.set_data([0.0] * len(ticks), ticks)
    return figure


def _description(
    chart_id: str, labels: list[str], series: list[tuple[str, str, list[float]]]
) -> str:
    """Each line's figures month by month, for a screen reader: "Today: 1/27 1 234,00 €, …"."""
    lines = [
        f"{name}: "
        + ", ".join(f"{label} {format_euros(v)}" for label, v in zip(labels, values, strict=False))
        for _style, name, values in series
    ]
    return format_html('<desc id="{}-desc">{}</desc>', chart_id, ". ".join(lines))
