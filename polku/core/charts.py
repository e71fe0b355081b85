"""Charts drawn on the server with Matplotlib, as inline SVG: the one way Polku draws charts
(research indicators, a route plan's income).

The Content-Security-Policy allows no inline style, so Matplotlib's `style="…"` declarations
become SVG presentation attributes (the same properties) and its <style> element is dropped.
Text stays text and the same chart gives the same SVG (cacheable, testable)."""

from __future__ import annotations

import re

from matplotlib import rcParams

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
