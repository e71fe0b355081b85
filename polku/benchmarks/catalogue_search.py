"""Measure the map's search on one database (DATABASE_URL); print JSON on the last line.

    DATABASE_URL=sqlite:///var/bench-20000.sqlite3 \\
        DJANGO_SETTINGS_MODULE=config.settings.development \\
        python -m polku.benchmarks.catalogue_search 20000

The everyday queries of tests/catalogue/search_recall.py (82 queries), each run five times:
the median time of a query with Voikko (polku.catalogue.search: stored terms) and with the
former search (Snowball stems matched as prefixes in Python over the catalogue: the SQLite
path before issue 15, kept here only as the baseline), the recall of each, and the time to
build the whole index. The catalogue is loaded first when the data set has none."""

import json
import statistics
import time

import snowballstemmer

REPEATS = 5
LANGUAGES = {"fi": "finnish", "sv": "swedish", "en": "english"}


def _former_search(services, query: str, language: str) -> list[str]:
    """The search before Voikko (Snowball stems; a stem of six letters or more also
    matched without its last two letters, weaker), as it ran on SQLite."""
    from polku.catalogue import analysis

    stem = snowballstemmer.stemmer(LANGUAGES[language]).stemWords
    seen: set[str] = set()
    terms = []
    for word in stem(analysis.words(query))[:8]:
        if word in seen or len(word) < 2:
            continue
        seen.add(word)
        terms.append((word, word[:-2] if language == "fi" and len(word) >= 6 else None))
    if not terms:
        return [s.slug for s in services]
    weights = {"A": 1.0, "B": 0.4, "C": 0.2}
    fields = {
        "A": [f"name_{language}"],
        "B": [f"audience_{language}"],
        "C": [f"description_{language}", f"income_effect_{language}", f"how_to_apply_{language}"],
    }
    scored = []
    for service in services:
        document = {
            w: set(stem(analysis.words(" ".join(getattr(service, n) for n in names))))
            for w, names in fields.items()
        }
        score = 0.0
        for exact, loose in terms:
            best = 0.0
            for w, tokens in document.items():
                if any(t.startswith(exact) for t in tokens):
                    best = max(best, weights[w] * 3)
                elif loose and any(t.startswith(loose) for t in tokens):
                    best = max(best, weights[w])
            if not best:
                break
            score += best
        else:
            scored.append((-score, service.slug))
    return [slug for _, slug in sorted(scored)]


def _median_ms(function, queries) -> float:
    times = []
    for query, language, _ in queries:
        runs = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            function(query, language)
            runs.append(time.perf_counter() - start)
        times.append(statistics.median(runs))
    return round(statistics.median(times) * 1000, 2)


def main() -> None:
    import django

    django.setup()
    from polku.catalogue import loader
    from polku.catalogue.models import SearchTerm, Service
    from polku.catalogue.search import reindex_all, search
    from tests.catalogue.search_recall import QUERIES, recall

    if not Service.objects.exists():
        loader.load()
    start = time.perf_counter()
    SearchTerm.objects.all().delete()
    reindex_all()
    build = time.perf_counter() - start

    def voikko(query, language):
        return [s.slug for s in search(query, language=language)]

    def former(query, language):
        services = list(Service.objects.current().select_related("provider"))
        return _former_search(services, query, language)

    figures = {
        "map search: index build (s)": round(build, 2),
        "map search: index terms": SearchTerm.objects.count(),
        "map search: query, Voikko (ms, median)": _median_ms(voikko, QUERIES),
        "map search: query, before (ms, median)": _median_ms(former, QUERIES),
        "map search: recall, Voikko": round(recall(voikko)[0], 3),
        "map search: recall, before": round(recall(former)[0], 3),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
