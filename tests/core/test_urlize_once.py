"""`urlize_once`: Django's `urlize` for texts a page repeats (a route plan's sources), the
same HTML, computed once per distinct text."""

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from polku.core.templatetags import polku as tags

SOURCES = [
    "https://www.kela.fi/asumistuki (viitattu 1.1.2026)",
    "Laki 1224/2013, 2 § ja www.finlex.fi/fi/laki/ajantasa/2002/20021290",
    'Kelan ohje <b>"etuus"</b> & muut, https://example.fi/?a=1&b=<2>',
    "",
]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("autoescape", ["on", "off"])
def test_the_same_html_as_urlize(source, autoescape):
    def rendered(filter_name: str, value) -> str:
        template = Template(
            "{% load polku %}{% autoescape " + autoescape + " %}{{ value|" + filter_name + " }}"
            "{% endautoescape %}"
        )
        return template.render(Context({"value": value}))

    for value in (source, mark_safe(source)):  # noqa: S308 (test input)
        assert rendered("urlize_once", value) == rendered("urlize", value)


def test_each_text_is_urlized_once(monkeypatch):
    calls = []
    urlize = tags.defaultfilters.urlize

    def counting(value, autoescape=True):
        calls.append(value)
        return urlize(value, autoescape=autoescape)

    tags._urlized.cache_clear()
    monkeypatch.setattr(tags.defaultfilters, "urlize", counting)
    template = Template("{% load polku %}{% for s in sources %}{{ s|urlize_once }} {% endfor %}")
    html = template.render(
        Context({"sources": ["https://kela.fi", "Laki", "https://kela.fi"] * 50})
    )
    assert html.count('<a href="https://kela.fi" rel="nofollow">https://kela.fi</a>') == 100
    assert calls == ["https://kela.fi", "Laki"]
    tags._urlized.cache_clear()
