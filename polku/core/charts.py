"""Charts drawn on the server with Matplotlib, as inline SVG: the one way Polku draws charts
(research indicators, a route plan's income).

The Content-Security-Policy allows no inline style, so Matplotlib's `style="…"` declarations
become SVG presentation attributes (the same properties) and its <style> element is dropped.
Text stays text and the same chart gives the same SVG (cacheable, testable).

`svg(figure, title)` draws a figure as Matplotlib's savefig does, with the sizes of its texts
measured once a process: Matplotlib measures each text again with every new renderer, and
savefig makes one a figure (the route plan's six charts measure the same months and euros:
some 3–4 ms of a route chart's 17 ms, 3.12.2026)."""

from __future__ import annotations

import codecs
import io
import re
import threading
from typing import Any, ClassVar, Literal

from matplotlib import cbook, rcParams
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

rcParams["svg.hashsalt"] = "polku"  # the same chart, the same SVG
rcParams["svg.fonttype"] = "none"  # text stays text

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


class _MeasuredOnce(RendererSVG):
    """Matplotlib's SVG renderer, measuring a text in a font once a process. The size depends
    on nothing else: the SVG backend measures with the font's outlines at a fixed scale."""

    sizes: ClassVar[dict[tuple[str, FontProperties, object], tuple[float, float, float]]] = {}
    lock = threading.Lock()  # the memo is the process's: gunicorn's threads share it
    KEPT = 10_000  # texts (months, euros, names); a full memo starts again

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: bool | Literal["TeX"]
    ) -> tuple[float, float, float]:
        key = (s, prop.copy(), ismath)  # a copy: FontProperties are mutable, hashed by value
        with self.lock:
            size = self.sizes.get(key)
        if size is None:
            size = super().get_text_width_height_descent(s, prop, ismath)
            with self.lock:
                if len(self.sizes) >= self.KEPT:
                    self.sizes.clear()
                self.sizes[key] = size
        return size


class _Canvas(FigureCanvasSVG):
    def print_svg(
        self,
        filename: Any,
        *,
        bbox_inches_restore: Any = None,
        metadata: dict[str, Any] | None = None,
        **_savefig: Any,
    ) -> None:
        """FigureCanvasSVG.print_svg (Matplotlib 3.11), the renderer measuring once; savefig
        gives a canvas outside Matplotlib also its own options (facecolor: drawn already)."""
        with cbook.open_file_cm(filename, "w", encoding="utf-8") as opened:
            fh: Any = opened
            if not cbook.file_requires_unicode(fh):
                fh = codecs.getwriter("utf-8")(fh)
            dpi = self.figure.dpi
            self.figure.dpi = 72
            width, height = self.figure.get_size_inches()
            w, h = width * 72, height * 72
            renderer = MixedModeRenderer(
                self.figure,
                width,
                height,
                dpi,
                _MeasuredOnce(w, h, fh, image_dpi=dpi, metadata=metadata),
                bbox_inches_restore=bbox_inches_restore,
            )
            self.figure.draw(renderer)  # type: ignore[arg-type]  # as Matplotlib does
            renderer.finalize()


def svg(figure: Figure, title: str) -> str:
    """The figure as an SVG document titled `title`, as savefig(format="svg") draws it."""
    if not isinstance(figure.canvas, _Canvas):
        _Canvas(figure)  # the figure's canvas from now on
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Title": title, "Date": None})
    return out.getvalue()
