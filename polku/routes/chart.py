"""A small accessible SVG line chart of a route's monthly net income next to today's.

Plain SVG generated here (no script, no style attribute: CSP); colours and line styles come
from classes in static/routes/routes.css. The table beside it carries the same figures."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from polku.core.money import format_euros

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 76, 24, 16, 40


def _scale(values: list[float]) -> tuple[float, float]:
    high = max([*values, 0.0])
    low = min([*values, 0.0])
    if high == low:
        high = low + 100
    step = 500 if high - low > 1500 else 100
    high = (int(high // step) + 1) * step
    low = (int(low // step)) * step if low < 0 else 0
    return low, high


def line_chart(
    *, chart_id: str, title: str, labels: list[str], series: list[tuple[str, str, list[float]]]
) -> SafeString:
    """`series`: (css class, legend text, values). Returns the <svg> element."""
    values = [v for _cls, _name, vals in series for v in vals]
    low, high = _scale(values)
    width = WIDTH - LEFT - RIGHT
    height = HEIGHT - TOP - BOTTOM
    count = max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return LEFT + width * i / count

    def y(v: float) -> float:
        return TOP + height * (1 - (v - low) / (high - low))

    parts: list[str] = []
    ticks = 5
    for t in range(ticks + 1):
        value = low + (high - low) * t / ticks
        parts.append(
            format_html(
                '<line class="routes-chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="routes-chart__axis" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                f"{y(value):.1f}",
                f"{y(value):.1f}",
                LEFT - 6,
                f"{y(value) + 4:.1f}",
                format_euros(value),
            )
        )
    for i, label in enumerate(labels):
        parts.append(
            format_html(
                '<text class="routes-chart__axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                f"{x(i):.1f}",
                HEIGHT - BOTTOM + 18,
                label,
            )
        )
    for index, (css, name, vals) in enumerate(series):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(vals))
        parts.append(
            format_html(
                '<polyline class="routes-chart__line {}" points="{}"><title>{}</title></polyline>',
                css,
                points,
                name,
            )
        )
        for i, v in enumerate(vals):
            parts.append(
                format_html(
                    '<circle class="routes-chart__dot {}" cx="{}" cy="{}" r="3">'
                    "<title>{} {}: {}</title></circle>",
                    css,
                    f"{x(i):.1f}",
                    f"{y(v):.1f}",
                    name,
                    labels[i],
                    format_euros(v),
                )
            )
        legend_y = HEIGHT - 6
        legend_x = LEFT + index * 220
        parts.append(
            format_html(
                '<line class="routes-chart__line {}" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="routes-chart__legend" x="{}" y="{}">{}</text>',
                css,
                legend_x,
                legend_x + 24,
                legend_y - 4,
                legend_y - 4,
                legend_x + 30,
                legend_y,
                name,
            )
        )
    return format_html(
        '<svg class="routes-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'focusable="false"><title id="{}-title">{}</title>{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        title,
        format_html_join("", "{}", ((part,) for part in parts)),
    )
