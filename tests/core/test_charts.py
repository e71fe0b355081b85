"""Charts as SVG (polku.core.charts): `svg` draws what Matplotlib's savefig draws, measuring
each text once a process."""

import io

from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure

from polku.core import charts


def _figure(title: str = "Asiakkaat") -> Figure:
    figure = Figure(figsize=(4, 2))
    axes = figure.add_subplot()
    axes.bar(["tammi", "helmi"], [3, 5], label="asiakkaat")
    axes.set_title(title)
    axes.legend()
    return figure


def _saved(figure: Figure, title: str) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Title": title, "Date": None})
    return out.getvalue()


def test_svg_is_what_savefig_draws():
    drawn = charts.svg(_figure(), "Kaavio")
    assert drawn == _saved(_figure(), "Kaavio")
    assert "<title>Kaavio</title>" in drawn and ">tammi</text>" in drawn


def test_a_text_is_measured_once(monkeypatch):
    """Matplotlib measures again with each renderer, and draws each figure with a new one."""
    measured = []
    measure = RendererSVG.get_text_width_height_descent

    def counting(self, s, prop, ismath):
        measured.append(s)
        return measure(self, s, prop, ismath)

    monkeypatch.setattr(RendererSVG, "get_text_width_height_descent", counting)
    monkeypatch.setattr(charts._MeasuredOnce, "sizes", {})
    first = charts.svg(_figure("Kerran mitattu"), "Kaavio")
    assert "Kerran mitattu" in measured and "tammi" in measured
    measured.clear()
    assert charts.svg(_figure("Kerran mitattu"), "Kaavio") == first
    assert measured == []
