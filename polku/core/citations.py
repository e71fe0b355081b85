"""Law citations in each language's own style: the one mechanism for every legal source Polku
shows — the early warnings' legal sources (polku.assessment.signposts) and the map's legal
basis (written by polku.catalogue.loader from the citations in services.yaml).

`Citation` and `LAWS` are plain data in rules.citations (the early-warning rules have no
Django); `cite` writes a citation in the active language, the way Finlex cites a law in it:
fi "Terveydenhuoltolaki (1326/2010) 13 §", sv "Hälso- och sjukvårdslagen (1326/2010) 13 §"
(the definite form), en "Health Care Act (1326/2010), section 13". The laws' names are
translated with gettext (locale/*/LC_MESSAGES/django.po): a new law is added to
rules.citations.LAWS and to the three catalogues."""

from __future__ import annotations

from rules.citations import LAWS, Citation

__all__ = ["LAWS", "Citation", "cite", "cite_all"]


def cite(citation: Citation, *, running: bool = False) -> str:
    """`citation` in the active language and its style: fi and sv "Terveydenhuoltolaki
    (1326/2010) 13 §", en "Health Care Act (1326/2010), section 13". `running`: inside a
    sentence or after a semicolon, where a Finnish or Swedish law's name starts in lower case
    ("…; hälso- och sjukvårdslagen (1326/2010) 13 §"); an English Act keeps its capitals."""
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    if citation.law not in LAWS:
        raise ValueError(f"unknown law {citation.law!r}: add it to polku.core.citations.LAWS")
    law = _(citation.law)
    if running and (get_language() or "")[:2] in ("fi", "sv"):
        law = law[:1].lower() + law[1:]
    values = {"law": law, "number": citation.number, "section": citation.section}
    if not citation.number:
        return law
    if citation.section:
        # Translators: a law and its section, e.g. "Health Care Act (1326/2010), section 13";
        # in Finnish and Swedish "Terveydenhuoltolaki (1326/2010) 13 §".
        return _("%(law)s (%(number)s), section %(section)s") % values
    # Translators: a law, e.g. "Health Insurance Act (1224/2004)".
    return _("%(law)s (%(number)s)") % values


def cite_all(citations: list[Citation] | tuple[Citation, ...]) -> str:
    """Several citations in the active language, separated by semicolons (the ones after the
    first in running text)."""
    return "; ".join(cite(c, running=i > 0) for i, c in enumerate(citations))
