"""The route plan's income chart: Matplotlib's SVG, accessible and safe for the CSP."""

import re
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
    figure = chart._figure(
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
