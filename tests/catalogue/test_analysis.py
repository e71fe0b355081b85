"""Properties of the Finnish and Swedish/English analysis behind map search (no database)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from polku.catalogue import analysis
from polku.catalogue.search import query_words

FINNISH_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöABCÄÖ-"
finnish_words = st.text(alphabet=FINNISH_LETTERS, min_size=1, max_size=24)
texts = st.lists(finnish_words, max_size=8).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from(["fi", "sv", "en"]))
def test_any_text_gives_lower_case_terms_with_strengths(text, language):
    terms = analysis.document_terms(text, language)
    for term, strength in terms.items():
        assert term == term.lower() and len(term) >= 2
        assert strength in (0.5, 1.0)


@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from(["fi", "sv", "en"]))
def test_any_query_is_understood_and_every_word_finds_itself(text, language):
    words = query_words(text, language)
    assert len(words) <= 8
    for word in words:
        # what a query word matches includes what the same word is indexed by
        indexed = analysis.document_terms(word.word, language)
        strongest = {term for term, strength in indexed.items() if strength == 1.0}
        assert word.exact & strongest or word.prefix or word.parts


@settings(max_examples=300, deadline=None)
@given(finnish_words)
def test_compound_parts_put_together_give_the_word(word):
    word = word.lower()
    for found in analysis._raw_analyses(word):
        parts = analysis._split_structure(word, found.get("STRUCTURE", ""))
        assert "".join(parts) == word.replace("-", "")
