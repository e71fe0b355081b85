"""Recall of the map's search on everyday queries (tests/catalogue/search_recall.py).

Measured on 2.12.2026 over 82 queries / 144 expected entries: 0.729 with the former Snowball
search (commit bcc24e8), 0.972 with Voikko base forms, compound parts, the life situations
and curated synonyms — the same on SQLite and PostgreSQL. The threshold keeps it there."""

import pytest

from polku.catalogue.search import search
from tests.catalogue.search_recall import QUERIES, recall

pytestmark = pytest.mark.django_db

THRESHOLD = 0.95


def test_the_list_is_big_and_honest():
    assert len(QUERIES) >= 60
    assert sum(1 for _, language, _ in QUERIES if language == "sv") >= 5
    # ended benefits are expected nowhere: the map's current view
    assert not any({"tyomarkkinatuki", "peruspaivaraha"} & set(slugs) for *_, slugs in QUERIES)


def test_recall_of_everyday_queries(catalogue, capsys):
    figure, missed = recall(
        lambda query, language: [s.slug for s in search(query, language=language)]
    )
    with capsys.disabled():
        print(f"\nmap search recall: {figure:.3f} over {len(QUERIES)} queries; missed: {missed}")
    assert figure >= THRESHOLD, missed


def test_recall_counts_what_is_missed(catalogue):
    # the measure itself: a search that finds nothing has recall 0, one that finds
    # everything has recall 1
    assert recall(lambda query, language: [])[0] == 0
    everything = [s.slug for s in search("", language="fi")]
    assert recall(lambda query, language: everything)[0] == 1
