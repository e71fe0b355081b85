"""The route plan's income chart: Matplotlib's SVG, accessible and safe for the CSP."""

import json
import os
import re
import subprocess
import sys
import threading
import xml.dom.minidom

import pytest
from django.utils import translation
from matplotlib.backends.backend_agg import FigureCanvasAgg

from polku.route_plans import chart


def _chart(title="Nettotulot kuukaudessa: työkokeilu ja nyt", route="Tämä reitti"):
    return chart.line_chart(
        chart_id="chart-tyokokeilu",
        title=title,
        labels=["1/27", "2/27", "3/27"],
        series=[("today", "Nyt", [1200.0, 1200.0, 1200.0]), ("route", route, [900, -50.5, 1500])],
    )


def test_the_chart_is_an_image_with_a_title_and_its_figures_described():
    with translation.override("fi"):
        svg = str(_chart())
    assert svg.startswith('<svg class="routes-chart" ')
    assert 'role="img"' in svg and 'aria-labelledby="chart-tyokokeilu-title"' in svg
    assert 'aria-describedby="chart-tyokokeilu-desc"' in svg
    assert (
        '<title id="chart-tyokokeilu-title">Nettotulot kuukaudessa: työkokeilu ja nyt</title>'
        in svg
    )
    (description,) = re.findall(r'<desc id="chart-tyokokeilu-desc">(.*?)</desc>', svg)
    assert description == (
        "Nyt: 1/27 1\xa0200,00\xa0€, 2/27 1\xa0200,00\xa0€, 3/27 1\xa0200,00\xa0€. "
        "Tämä reitti: 1/27 900,00\xa0€, 2/27 −50,50\xa0€, 3/27 1\xa0500,00\xa0€"
    )
    axis = re.findall(r">\s*([^<>]*\xa0€)\s*</text>", svg)
    assert "0\xa0€" in axis and "1\xa0500\xa0€" in axis  # whole euros, as Finns write them
    xml.dom.minidom.parseString(svg)  # noqa: S318 (our own output) well-formed


def test_no_style_attribute_or_script_and_today_is_dashed():
    svg = str(_chart())
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    assert "stroke-dasharray" in svg  # today's line differs by more than its colour


def test_texts_are_escaped():
    svg = str(_chart(title="<script>alert(1)</script>", route="<b>reitti</b>"))
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;reitti&lt;/b&gt;" in svg


def test_a_chart_is_drawn_once_for_its_content(monkeypatch):
    """Drawn charts are kept under the hash of what is drawn: the same chart again is not
    drawn again (the same SVG); another figure, title or label draws a new one."""
    drawn = []
    draw = chart._draw

    def counting(**arguments):
        drawn.append(arguments["title"])
        return draw(**arguments)

    monkeypatch.setattr(chart, "_draw", counting)
    first = str(_chart())
    assert str(_chart()) == first and len(drawn) == 1
    other = str(
        chart.line_chart(
            chart_id="chart-tyokokeilu",
            title="Nettotulot kuukaudessa: työkokeilu ja nyt",
            labels=["1/27", "2/27", "3/27"],
            series=[
                ("today", "Nyt", [1200.0, 1200.0, 1200.0]),
                ("route", "Tämä reitti", [900, -50.5, 1501]),
            ],
        )
    )
    assert len(drawn) == 2 and other != first and "1\xa0501,00\xa0€" in other
    assert str(_chart(title="Toinen otsikko")) != first and len(drawn) == 3
    assert first == str(
        draw(
            chart_id="chart-tyokokeilu",
            title="Nettotulot kuukaudessa: työkokeilu ja nyt",
            labels=["1/27", "2/27", "3/27"],
            series=[
                ("today", "Nyt", [1200.0, 1200.0, 1200.0]),
                ("route", "Tämä reitti", [900, -50.5, 1500]),
            ],
        )
    )  # the kept SVG is the drawn one


@pytest.mark.parametrize(
    "route",
    [
        [900.0, -50.5, 1500.0],
        [12345.0, 123456.0, 99999.0],  # large figures: the widest axis labels
        [-12345.0, -800.0, 2000.0],  # negative ones below zero
    ],
)
def test_every_text_fits_in_the_chart_without_overlapping(route):
    """The axes have fixed margins (no layout engine measuring the texts): the axis figures,
    the months and the legend stay inside the drawing and apart, also for large and negative
    euros."""
    figure = chart._fill(  # a figure of its own: the thread's figure keeps its SVG canvas
        chart._blank(("today", "route")),
        [f"{m}/27" for m in (1, 2, 12)],
        [("today", "Nyt", [1200.0] * 3), ("route", "Tämä reitti", route)],
    )
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    (axes,) = figure.axes
    inside = figure.bbox
    months = [t.get_window_extent(renderer) for t in axes.get_xticklabels() if t.get_text()]
    low, high = axes.get_ylim()
    figures = [  # the axis figures drawn: those of ticks within the axis
        label.get_window_extent(renderer)
        for tick, label in zip(axes.get_yticks(), axes.get_yticklabels(), strict=True)
        if low <= tick <= high
    ]
    assert len(figures) >= 4
    legend = axes.get_legend().get_window_extent(renderer)
    for box in [*months, *figures, legend]:
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, box
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1, box
    assert legend.y1 < min(box.y0 for box in months)  # the legend under the months


# Charts unlike each other in every way _fill sets: months, figures (negative, large, flat),
# names and the series and their styles (a figure is kept for each sequence of styles).
UNLIKE = [
    {
        "chart_id": "chart-a",
        "title": "A",
        "labels": ["1/27", "2/27", "3/27"],
        "series": [
            ("today", "Nyt", [1200.0, 1200.0, 1200.0]),
            ("route", "Reitti", [900, -50.5, 1500]),
        ],
    },
    {
        "chart_id": "chart-b",
        "title": "B",
        "labels": [f"{m}/28" for m in range(1, 13)],
        "series": [
            ("today", "Today", [3222.91] * 12),
            ("route", "This route with a longer name", [12345.0 * m for m in range(1, 13)]),
        ],
    },
    {
        "chart_id": "chart-c",
        "title": "C",
        "labels": ["12/26", "1/27"],
        "series": [("route", "Vain reitti", [-12345.0, -800.0])],
    },
    {
        "chart_id": "chart-d",
        "title": "D",
        "labels": [f"{m}/29" for m in range(1, 7)],
        "series": [("today", "Nu", [0.0] * 6), ("route", "Rutten", [0.0] * 6)],
    },
]


def _drawn_alone_in_a_new_process(arguments: dict) -> str:
    script = (
        "import json, sys, django; django.setup()\n"
        "from polku.route_plans import chart\n"
        "sys.stdout.write(str(chart._draw(**json.loads(sys.stdin.read()))))\n"
    )
    from django.conf import settings

    done = subprocess.run(  # noqa: S603 (this Python, our own script)
        [sys.executable, "-c", script],
        input=json.dumps(arguments),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE},
    )
    return done.stdout


def test_nothing_of_a_chart_is_left_in_the_next_one():
    """A thread's figure is drawn again for every chart: each chart, drawn after the others
    in any order, is exactly the SVG it is when drawn alone in a new process."""
    alone = {a["chart_id"]: _drawn_alone_in_a_new_process(a) for a in UNLIKE}
    for arguments in UNLIKE:  # and alone it is this chart: its months and names drawn
        texts = re.findall(r">\s*([^<>]+?)\s*</text>", alone[arguments["chart_id"]])
        names = [name for _style, name, _values in arguments["series"]]
        assert [t for t in texts if "/" in t] == arguments["labels"]
        assert [t for t in texts if "/" not in t and "€" not in t] == names
    for order in (UNLIKE, UNLIKE[::-1], [*UNLIKE[1:], *UNLIKE[:1]]):
        for arguments in order:
            assert str(chart._draw(**arguments)) == alone[arguments["chart_id"]]


def test_each_thread_draws_on_figures_of_its_own():
    """Figures are not safe to share between threads: each thread has its own, and a chart
    drawn in another thread is the same."""
    here = str(chart._draw(**UNLIKE[1]))
    figures, drawn = [], []

    def draw() -> None:
        drawn.append(str(chart._draw(**UNLIKE[1])))
        figures.append(chart._figures.by_styles[("today", "route")])

    other = threading.Thread(target=draw)
    other.start()
    other.join()
    assert drawn == [here]
    assert figures[0] is not chart._figures.by_styles[("today", "route")]


@pytest.mark.parametrize("arguments", UNLIKE, ids=lambda a: a["chart_id"])
def test_every_month_and_axis_figure_has_its_tick_mark(arguments):
    """The tick marks are drawn as one line of markers an axis, placed by _fill: a mark under
    each month and one beside each axis figure, at its grid line, and no other."""
    svg = str(chart._draw(**arguments))
    shapes = dict(re.findall(r'<path id="([^"]+)" d="([^"]+)"', svg))
    marks: dict[str, list[tuple[float, float]]] = {"down": [], "left": []}
    for href, x, y in re.findall(r'<use xlink:href="#([^"]+)" x="([\d.]+)" y="([\d.]+)"', svg):
        shape = " ".join(shapes[href].split())
        direction = {"M 0 0 L 0 3.5": "down", "M 0 0 L -3.5 0": "left"}.get(shape)
        if direction:
            marks[direction].append((float(x), float(y)))
    months = [
        float(x)
        for x, text in re.findall(
            r'<text [^>]*text-anchor="middle" x="([\d.]+)"[^>]*>([^<]*)<', svg
        )
        if "/" in text
    ]
    assert len(months) == len(arguments["labels"])
    assert sorted(x for x, _y in marks["down"]) == sorted(months)
    grid = re.findall(r'd="M [\d.]+ ([\d.]+) \s*L [\d.]+ \1 \s*"[^>]*stroke="#d0d0d0"', svg)
    figures = re.findall(r">\s*([^<>]*\xa0€)\s*</text>", svg)
    assert len(grid) == len(figures) >= 3
    assert sorted(y for _x, y in marks["left"]) == sorted(float(y) for y in grid)
