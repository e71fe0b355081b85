"""Indicator charts drawn on the server with Matplotlib, as SVG: a bar chart of a table's
first numeric column, a line for a series by month, stacked bars for the outcomes. Every
chart has its numbers in the accessible table beside it and as CSV."""

from __future__ import annotations

import io

from matplotlib import rcParams
from matplotlib.figure import Figure

from .indicators import Indicator, Result

rcParams["svg.hashsalt"] = "polku"  # the same chart, the same SVG (cacheable, testable)
rcParams["svg.fonttype"] = "none"  # text stays text
COLOURS = ("#0072c6", "#00d7a7", "#ffc61e", "#fd4f00", "#bd2719", "#9ec8eb", "#666666")


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _numeric_column(result: Result) -> int:
    """The column to draw: the last that holds numbers (a share if there is one)."""
    for index in range(len(result.columns) - 1, 0, -1):
        if all(isinstance(row[index], int | float | None) for row in result.rows):
            return index
    return 1


def svg(indicator: Indicator, result: Result) -> str:
    figure = Figure(figsize=(6.4, 3.2), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    if not result.rows:
        axes.set_axis_off()
        axes.text(0.5, 0.5, "–", ha="center", va="center", fontsize=18)
    elif indicator.chart == "stacked":
        labels = result.columns[1:]
        bottom = [0.0] * len(labels)
        for n, row in enumerate(result.rows):
            values = [_number(v) for v in row[1:]]
            axes.bar(labels, values, bottom=bottom, label=str(row[0]), color=COLOURS[n % 7])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.legend(fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
    else:
        column = _numeric_column(result)
        labels = [" / ".join(str(c) for c in row[: 2 if column > 2 else 1]) for row in result.rows]
        values = [_number(row[column]) for row in result.rows]
        if indicator.chart == "line":
            axes.plot(labels, values, marker="o", color=COLOURS[0])
        else:
            axes.barh(labels, values, color=COLOURS[0])
            axes.invert_yaxis()
        axes.set_xlabel("" if indicator.chart == "line" else result.columns[column])
        axes.set_ylabel(result.columns[column] if indicator.chart == "line" else "")
        axes.tick_params(labelsize=8)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Title": str(indicator.title), "Date": None})
    return out.getvalue()
