"""Indicator charts drawn on the server with Matplotlib, as SVG: a bar chart of a table's
numbers, a line for a series by month, stacked bars for the outcomes. Every chart has its
numbers in the accessible table beside it and as CSV.

The SVG goes inline into the page and the PDF. The Content-Security-Policy allows no inline
style, so Matplotlib's `style="…"` declarations become SVG presentation attributes (the same
properties) and its <style> element is dropped."""

from __future__ import annotations

import io
import re

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
        labels = [str(c) for c in result.columns[1:]]
        bottom = [0.0] * len(labels)
        for n, row in enumerate(result.rows):
            values = [_number(v) for v in row[1:]]
            axes.bar(labels, values, bottom=bottom, label=str(row[0]), color=COLOURS[n % 7])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.legend(fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
    else:
        column = 1 if indicator.chart == "funnel" else _numeric_column(result)
        keys = 1 if indicator.chart == "line" or column <= 2 else 2  # a month; or two keys
        labels = [" / ".join(str(c) for c in row[:keys]) for row in result.rows]
        values = [_number(row[column]) for row in result.rows]
        if indicator.chart == "line":
            axes.plot(labels, values, marker="o", color=COLOURS[0])
        elif indicator.chart == "funnel":  # centred bars narrowing stage by stage
            widest = max(values) or 1
            axes.barh(labels, values, left=[(widest - v) / 2 for v in values], color=COLOURS[0])
            axes.invert_yaxis()
            axes.set_xticks([])
        else:
            axes.barh(labels, values, color=COLOURS[0])
            axes.invert_yaxis()
            axes.set_xlim(left=0, right=None if any(values) else 1)  # all zero: no negative axis
        heading = str(result.columns[column])
        axes.set_xlabel("" if indicator.chart == "line" else heading)
        axes.set_ylabel(heading if indicator.chart == "line" else "")
        axes.tick_params(labelsize=8)
        if indicator.chart == "line":
            axes.tick_params(axis="x", labelrotation=45)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Title": str(indicator.title), "Date": None})
    return inline(out.getvalue(), f"chart-{indicator.id}")


STYLE = re.compile(r'style="([^"]*)"')


def _attributes(match: re.Match) -> str:
    pairs = []
    for declaration in match.group(1).split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        if name == "font":  # "8px 'DejaVu Sans'"
            size, _space, family = value.partition(" ")
            pairs += [("font-size", size), ("font-family", family.strip("'\""))]
        else:
            pairs.append((name, value.replace('"', "'")))
    return " ".join(f'{name}="{value}"' for name, value in pairs)


def inline(document: str, chart_id: str) -> str:
    """Matplotlib's SVG document as an inline <svg> without style attributes, labelled by
    its title for assistive technology."""
    svg = document[document.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = STYLE.sub(_attributes, svg)
    # ids unique on a page with many charts: prefix them and every reference to them
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{chart_id}-\1"', svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{chart_id}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", svg)
    svg = re.sub(r'width="[\d.]+pt" height="[\d.]+pt"', 'width="100%"', svg, count=1)
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{chart_id}-title" ', 1)
    return svg.replace("<title>", f'<title id="{chart_id}-title">', 1)
