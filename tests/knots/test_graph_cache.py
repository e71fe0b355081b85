"""The knot's drawing: laid out by Graphviz once for what is drawn (kept in the shared cache
under the hash of the DOT source); a change of the knot draws it anew."""

import pytest
from django.core.cache import cache

from polku.knots import graph, selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def layouts(monkeypatch):
    """How many times Graphviz was run."""
    runs = []
    layout = graph._layout

    def counting(dot):
        runs.append(dot.source)
        return layout(dot)

    monkeypatch.setattr(graph, "_layout", counting)
    return runs


def test_the_same_knot_is_laid_out_once(client_record, story, layouts):
    first = graph.svg(selectors.knot(client_record))
    again = graph.svg(selectors.knot(client_record))
    assert again == first and len(layouts) == 1
    assert "<svg" in first and "Sairauspäiväraha" in first
    cache.clear()  # the kept drawing is what Graphviz draws
    assert graph.svg(selectors.knot(client_record)) == first and len(layouts) == 2


def test_a_changed_knot_is_drawn_anew(signed_in, client_record, story, coordinator, layouts):
    page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
    assert signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode().count(
        "<svg"
    ) == page.count("<svg")
    assert len(layouts) == 1
    services.set_status(application=story["housing"], by=coordinator, status="decided_granted")
    page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
    assert len(layouts) == 2
    assert "#e6e6e6" not in layouts[0] and "#e6e6e6" in layouts[1]  # decided: grey
