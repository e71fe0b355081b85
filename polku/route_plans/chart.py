"""A route's monthly net income next to today's, drawn with Matplotlib as inline SVG (the one
charting way: polku.core.charts, as the research charts).

Accessible: the <svg> is an image labelled by its <title>, and its <desc> gives every line's
figures month by month; the table beside it carries the same figures. Today's line is dashed
as well as grey, so the two lines differ without colour.

Drawing takes Matplotlib about a tenth of a second a chart: a chart is drawn once for its
content and kept in the shared cache under the hash of everything drawn (polku.core.memo),
so a page shown again, by anyone on any server, reuses it."""

from __future__ import annotations

import io
from typing import Any

import matplotlib
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from polku.core import memo
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
    figure = _figure(labels, series)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Title": str(title), "Date": None})
    svg = inline(out.getvalue(), chart_id)
    svg = svg.replace(
        "<svg ",
        f'<svg class="routes-chart" focusable="false" aria-describedby="{chart_id}-desc" ',
        1,
    )
    title_end = svg.index("</title>") + len("</title>")
    described = svg[:title_end] + _description(chart_id, labels, series) + svg[title_end:]
    return mark_safe(described)  # noqa: S308 (Matplotlib escapes its texts, format_html the rest)


def _figure(labels: list[str], series: list[tuple[str, str, list[float]]]) -> Figure:
    """The chart's figure, not drawn yet: the axes at MARGINS, the legend under the months."""
    figure = Figure(figsize=(6.4, 2.8), dpi=100)
    figure.subplots_adjust(**MARGINS)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    for style, name, values in series:
        axes.plot(
            labels,
            [float(v) for v in values],
            label=name,
            linewidth=2.5,
            marker="o",
            markersize=4,
            **STYLES[style],
        )
    lowest = min((float(v) for _style, _name, values in series for v in values), default=0.0)
    axes.set_ylim(bottom=min(lowest * 1.1, 0.0))
    axes.yaxis.set_major_locator(MaxNLocator(6))
    axes.yaxis.set_major_formatter(FuncFormatter(_whole_euros))
    axes.grid(axis="y", color="#d0d0d0")
    axes.set_axisbelow(True)
    axes.tick_params(labelsize=8)
    axes.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=figure.transFigure,
        ncol=len(series),
        frameon=False,
        fontsize=8,
    )
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
