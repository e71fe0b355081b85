"""The charts say what the tables say, in the interface's number format (issue 16: a
one-month line was one dot, an all-zero axis ran from −0.04 to 0.04, client counts had
fractional ticks, the capacity chart mixed units in one bar chart)."""

import html
import math
import re

import pytest
from django.utils import translation

from polku.research import charts, disclosure, indicators
from polku.research.indicators import REGISTRY, Result
from polku.research.templatetags.research import figure_text, whole


@pytest.fixture(autouse=True)
def finnish():
    with translation.override("fi"):
        yield


def _texts(svg: str) -> list[str]:
    found = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [html.unescape(t).strip() for t in found if t.strip()]


def test_an_all_zero_count_chart_has_whole_ticks_from_zero():
    result = Result(value=None, cases=0, columns=["Päivää", "Asiakkaat"], counts=(1,))
    result.rows = [["0–7", 0], ["8–14", 0]]
    texts = _texts(charts.svg(REGISTRY["first_meeting_days"], result))
    assert "−0,04" not in texts and "-0.04" not in texts and "0,04" not in texts
    ticks = [t for t in texts if re.fullmatch(r"[\d\s,.−-]+", t)]
    assert all("," not in t and "." not in t for t in ticks), ticks


def test_a_single_month_is_a_bar_with_its_value_in_finnish():
    result = Result(
        value=22.3,
        cases=103,
        columns=["Kuukausi", "Erääntyy", "Tehty ajallaan", "Osuus (%)"],
        rows=[["12/2026", 103, 23, 22.3]],
        counts=(1, 2),
        shares=(3,),
    )
    svg = charts.svg(REGISTRY["agreements_on_time"], result)
    assert "<path" in svg and "22,3" in _texts(svg)  # the value at its bar, decimal comma
    assert "100" in _texts(svg)  # a share runs 0–100


def test_large_counts_are_grouped_and_hidden_ones_said():
    assert figure_text(153.0) == "153,0" and whole(1234) == "1\xa0234"
    assert figure_text(disclosure.Hidden(5)) == "alle 5" and figure_text(None) == "–"
    shown = disclosure.protect(
        Result(
            value=3,
            cases=40,
            columns=["Aktiiviset asiakkaat", "Asiakkaat"],
            rows=[["yhteydessä", 37], ["pudonneet pois", 3]],
            counts=(1,),
            value_count=3,
        ),
        k=5,
    )
    texts = _texts(charts.svg(REGISTRY["drop_offs"], shown))
    # the small one, and the one it could be worked out from: hidden, not "under 5" (37)
    assert texts.count("alle 5") == 1 and texts.count("piilotettu") == 1


def _ticks(texts: list[str]) -> list[str]:
    return [t for t in texts if re.fullmatch(r"[\d\s,.−-]+", t)]


def test_a_count_chart_with_nothing_to_measure_has_no_scale():
    """Issue: the ping-pong chart, both its figures hidden, had an axis running 0–1 — a
    count of clients in fractions. Nothing to measure: no scale (all zero: only the 0)."""
    shown = disclosure.protect(
        Result(
            value=2,
            cases=40,
            columns=["Jaksolla siirretyt asiakkaat", "Asiakkaat"],
            rows=[["takaisin 90 päivän sisällä", 2], ["muut siirrot", 38]],
            counts=(1,),
            value_count=2,
        ),
        k=5,
    )
    texts = _texts(charts.svg(REGISTRY["ping_pong"], shown))
    assert "alle 5" in texts and "piilotettu" in texts
    assert _ticks(texts) == [], texts
    zero = Result(value=0, cases=4, columns=["Asiakkaat", "Asiakkaat"], counts=(1,))
    zero.rows = [["takaisin", 0], ["muut", 0]]
    assert _ticks(_texts(charts.svg(REGISTRY["ping_pong"], zero))) == ["0", "0", "0"]


def test_capacity_is_drawn_one_panel_per_unit():
    result = indicators.Result(
        value=7.4,
        cases=384,
        columns=["Luku", "Arvo"],
        rows=[
            ["tavoite", 40],
            ["omaohjaajat", 52],
            ["aktiiviset", 384],
            ["suurin", 18],
            ["yli", 0],
            ["tarvitaan", 10],
            ["uusia kuussa", 2.0],
            ["kuukausia", None],
            ["tarvitaan virralle", None],
        ],
        row_units=(
            "clients",
            "coordinators",
            "clients",
            "clients",
            "coordinators",
            "coordinators",
            "clients_month",
            "months",
            "coordinators",
        ),
    )
    svg = charts.svg(REGISTRY["capacity"], result)
    texts = _texts(svg)
    for unit in ("asiakkaat", "omaohjaajat", "asiakasta kuukaudessa", "kuukautta"):
        assert unit in texts, (unit, texts)
    assert svg.count('id="chart-capacity-axes_') == 4


def test_a_stacked_bar_holding_hidden_figures_says_so():
    """Issue: the outcomes chart drew a hidden cell as zero — a bar shorter than its clients
    and nothing saying so. The bar is marked, the note says why (in the <desc> and caption)."""
    shown = disclosure.protect(
        Result(
            value=None,
            cases=60,
            columns=["Tilanne", "3 kk", "6 kk", "12 kk"],
            rows=[
                ["työssä", 20, 22, 25],
                ["koulutuksessa", 18, 3, 15],
                ["ei tiedossa", 22, 35, 20],
            ],
            counts=(1, 2, 3),
        ),
        k=5,
    )
    svg = charts.svg(REGISTRY["outcomes"], shown)
    texts = _texts(svg)
    note = (
        "* Sisältää piilotettuja lukuja, joita ei ole piirretty: palkki on lyhyempi kuin sen "
        "asiakasmäärä."
    )
    assert "6 kk *" in texts and "*" in texts and "3 kk" in texts and "3 kk *" not in texts
    assert f'<desc id="chart-outcomes-desc">{note}</desc>' in svg
    assert 'aria-describedby="chart-outcomes-desc"' in svg
    assert charts.hidden_note(REGISTRY["outcomes"], shown) == note


def test_a_hidden_month_is_a_gap_in_the_line_said_in_words():
    """A line drew a hidden month as a zero: it is left out of the line, its word at the axis."""
    shown = disclosure.protect(
        Result(
            value=22.3,
            cases=106,
            columns=["Kuukausi", "Erääntyy", "Tehty ajallaan", "Osuus (%)"],
            rows=[["10/2026", 40, 30, 75.0], ["11/2026", 3, 1, 33.3], ["12/2026", 63, 45, 71.4]],
            counts=(1, 2),
            shares=(3,),
        ),
        k=5,
    )
    assert isinstance(shown.rows[1][3], disclosure.Hidden)
    svg = charts.svg(REGISTRY["agreements_on_time"], shown)
    assert str(shown.rows[1][3]) in _texts(svg)
    assert '<desc id="chart-agreements_on_time-desc">' in svg
    plain = Result(value=1, cases=1, columns=["Kuukausi", "Erääntyy"], rows=[["1", 1]])
    assert charts.hidden_note(REGISTRY["agreements_on_time"], plain) == ""


def _plotted(monkeypatch) -> list:
    """The (labels, values) of every line the charts plot."""
    from matplotlib.axes import Axes

    plotted: list = []
    plot = Axes.plot

    def recording(self, *args, **kwargs):
        plotted.append((list(args[0]), list(args[1])))
        return plot(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "plot", recording)
    return plotted


def test_a_month_with_no_figure_or_no_row_is_a_gap_in_the_line_not_a_zero(monkeypatch):
    """Issue: a month with no figure (None) was drawn as a point at 0, and a month left out of
    the table (client feedback: too few answers) joined its neighbours as if adjacent."""
    plotted = _plotted(monkeypatch)
    result = Result(
        value=60.0,
        cases=24,
        columns=["Kuukausi", "Vastauksia", "Osuus (%)", "Kuultu", "Kaikkiaan"],
        rows=[
            ["9/2026", 10, 50.0, 4.0, 4.0],
            ["10/2026", 8, None, 3.5, 3.9],
            ["12/2026 (kesken)", 6, 70.0, 4.1, 4.2],
        ],
        counts=(1,),
        shares=(2, 3, 4),
    )
    svg = charts.svg(REGISTRY["client_experience"], result)
    [(labels, values)] = plotted
    assert labels == ["9/2026", "10/2026", "11/2026", "12/2026 (kesken)"]
    assert values[0] == 50.0 and values[3] == 70.0
    assert math.isnan(values[1]) and math.isnan(values[2])  # gaps, not zeros
    texts = _texts(svg)
    assert texts.count("ei lukua") == 2 and "11/2026" in texts
    note = charts.hidden_note(REGISTRY["client_experience"], result)
    assert note.startswith("”ei lukua”: lukua ei ole") and "ei ole nolla" in note
    assert f'<desc id="chart-client_experience-desc">{note}</desc>' in svg
    # a whole series: nothing missing, nothing said
    whole = Result(value=1, cases=1, columns=result.columns, rows=[result.rows[0]], shares=(2,))
    whole.rows = [result.rows[0], ["10/2026", 8, 55.0, 3.5, 3.9]]
    assert charts.hidden_note(REGISTRY["client_experience"], whole) == ""


def test_no_figure_is_said_in_words_in_bars_funnel_and_stacked_bars():
    """Issue: a missing figure was a bar of zero with a dash (bars, funnel) or an empty
    stacked bar with nothing said (outcomes at a horizon no client has reached)."""
    bars = Result(
        value=None,
        cases=12,
        columns=["Kumppani", "Kiireellisyys", "Vastaanotettu", "Ajallaan (%)"],
        rows=[["Kela", "kiireellinen", 12, 75.0], ["TE", "tavallinen", 0, None]],
        counts=(2,),
        shares=(3,),
    )
    texts = _texts(charts.svg(REGISTRY["referrals_on_time"], bars))
    assert "ei lukua" in texts and "–" not in texts
    assert "ei lukua" in charts.hidden_note(REGISTRY["referrals_on_time"], bars)
    stacked = Result(
        value=None,
        cases=30,
        columns=["Tilanne", "3 kk", "6 kk", "12 kk"],
        rows=[["työssä", 10, 12, None], ["ei tiedossa", 20, 18, None]],
        counts=(1, 2, 3),
    )
    svg = charts.svg(REGISTRY["outcomes"], stacked)
    assert _texts(svg).count("ei lukua") == 1
    assert "ei lukua" in charts.hidden_note(REGISTRY["outcomes"], stacked)
