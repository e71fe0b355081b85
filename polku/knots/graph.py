"""The knot drawn: applications as boxes, "waits for" as arrows, laid out by Graphviz (dot).
Labels are escaped by Graphviz; the SVG carries a <title> for each node and edge.

Graphviz runs as a subprocess (tens of milliseconds): the drawing is kept in the shared
cache under the hash of the DOT source (polku.core.memo) and of Graphviz's version, so the
same knot is laid out once, whoever looks at it on whichever server; any change of an
application, its status, a blocker or the language gives another source and a new drawing."""

from __future__ import annotations

from functools import cache

import graphviz
from django.utils.translation import gettext as _

from polku.core import memo

from .selectors import Knot

KEEP_SECONDS = 7 * 24 * 3600  # content-addressed: a week keeps the knots being worked on


@cache
def _graphviz_version() -> str:
    return ".".join(str(part) for part in graphviz.version())


def svg(knot: Knot) -> str:
    deadlocked = {a for group in knot.result.deadlocks for a in group}
    critical = set(knot.result.critical_path)
    dot = graphviz.Digraph(graph_attr={"rankdir": "LR", "bgcolor": "transparent"})
    dot.attr("node", shape="box", style="rounded,filled", fontname="DejaVu Sans", fontsize="11")
    for application in knot.applications:
        key = str(application.pk)
        fill = "#ffffff" if application.is_open else "#e6e6e6"
        if key in deadlocked:
            fill = "#ffe0e0"
        label = f"{application.service.name}\n{application.get_status_display()}"
        dot.node(
            key,
            label=label,
            fillcolor=fill,
            penwidth="3" if key in critical else "1",
            tooltip=label,
        )
    for blocker in knot.open_blockers:
        if blocker.waits_for_id:
            dot.edge(
                str(blocker.application_id),
                str(blocker.waits_for_id),
                label=_("waits for"),
                fontsize="9",
            )
    key = memo.content_key("knots:graph", _graphviz_version(), dot.source)
    return memo.remembered(key, lambda: _layout(dot), timeout=KEEP_SECONDS)


def _layout(dot: graphviz.Digraph) -> str:
    """Graphviz's SVG without the XML declaration and the generator's comment."""
    return dot.pipe(format="svg", encoding="utf-8").split("?>", 1)[-1].split("-->", 1)[-1]
