"""Words of the map's texts and queries reduced to what they mean, for search.

Finnish goes through Voikko (libvoikko with the voikko-fi dictionary), a morphological
analyser: "työttömänä" → base form "työtön", "sairauslomalla" → "sairausloma" with its
compound parts "sairaus" and "loma", "lähisuhdeväkivaltaa" → "lähisuhdeväkivalta" and every
run of its parts ("väkivalta", "suhde", …). Swedish and English keep the Snowball stems they
had before (the same algorithm as PostgreSQL's `swedish`/`english` configurations).

A Voikko handle is not thread-safe: one handle is shared behind a lock, and every analysis
is cached (the same words come back again and again). When libvoikko or its Finnish
dictionary is missing, `VoikkoMissing` says what to install; the catalogue's system check
(polku.catalogue.checks) reports it when the server or a management command starts."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache

import snowballstemmer

SNOWBALL = {"sv": "swedish", "en": "english"}
# A word, hyphenated compounds kept together ("te-toimisto", "raha-asiat").
WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)
# Query words that carry no meaning on the map (base forms: "olen", "en", "eivät" → olla, ei).
STOP_FI = frozenset((
    "olla", "ollut", "ei", "ja", "tai", "sekä", "että", "kun", "jos", "mikä", "kuka", "miten",
    "missä", "mihin", "mistä", "minä", "mä", "sinä", "sä", "hän", "me", "te", "he", "se", "tämä",
    "tuo", "joka", "myös", "vai", "kanssa",
))  # fmt: skip
STOP_SV = frozenset((
    "jag", "du", "han", "hon", "vi", "ni", "de", "är", "och", "eller", "att", "som", "en", "ett",
    "det", "den", "har",
))  # fmt: skip
STOP_EN = frozenset((
    "i", "you", "he", "she", "we", "they", "is", "am", "are", "and", "or", "to", "a", "an", "the",
    "of", "for", "my", "have",
))  # fmt: skip
STOP = {"fi": STOP_FI, "sv": STOP_SV, "en": STOP_EN}
MIN_SPLIT = 3  # an unknown Finnish word is tried as two known words of at least this length

INSTALL_HINT = (
    "Map search needs the Finnish morphological analyser Voikko: install the Debian "
    "packages libvoikko1 and voikko-fi (scripts/ensure-system-packages does it) and the "
    "Python package libvoikko (requirements.lock)."
)


class VoikkoMissing(RuntimeError):
    """libvoikko, its Python binding or the Finnish dictionary is not installed."""


_lock = threading.Lock()
_handle = None


def _voikko():
    global _handle
    if _handle is None:
        try:
            import libvoikko
        except ImportError as error:
            raise VoikkoMissing(f"{INSTALL_HINT} ({error})") from error
        try:
            _handle = libvoikko.Voikko("fi")
        except (OSError, libvoikko.VoikkoException) as error:
            raise VoikkoMissing(f"{INSTALL_HINT} ({error})") from error
    return _handle


def check_voikko() -> str | None:
    """None when Voikko analyses Finnish here; otherwise what is missing, in words."""
    try:
        analyses = _raw_analyses("työttömänä")
    except VoikkoMissing as error:
        return str(error)
    if not any(a.get("BASEFORM") == "työtön" for a in analyses):
        return f"{INSTALL_HINT} (Voikko does not analyse Finnish: is voikko-fi installed?)"
    return None


@lru_cache(maxsize=50_000)
def _raw_analyses(word: str) -> tuple[dict, ...]:
    with _lock:
        handle = _voikko()
        return tuple(dict(a) for a in handle.analyze(word))


@dataclass(frozen=True)
class Analysis:
    """One Finnish word: its base forms, its compound parts (each part, and every run of
    parts, in base form where Voikko knows it), and the words it is derived from
    ("opiskelu" ← "opiskella", "sairaus" ← "sairas"). `known` is False when Voikko did not
    recognise the word (then `lemmas` holds the word itself, lower-cased)."""

    lemmas: frozenset[str]
    parts: tuple[frozenset[str], ...]  # the compound's parts in order, each in base form(s)
    runs: frozenset[str]  # every run of two or more parts, and each part
    roots: frozenset[str]
    known: bool


def _split_structure(surface: str, structure: str) -> list[str]:
    """The surface word cut at Voikko's compound boundaries ("=" in STRUCTURE)."""
    parts: list[str] = []
    current = ""
    letters = iter(surface)
    for mark in structure:
        if mark == "=":
            if current:
                parts.append(current)
            current = ""
            continue
        letter = next(letters, "")
        if letter != "-":
            current += letter
    if current:
        parts.append(current)
    return parts


def _lemma_of_part(part: str) -> set[str]:
    found = {a["BASEFORM"].lower() for a in _raw_analyses(part) if a.get("BASEFORM")}
    return found or {part}


def _roots(wordbases: str) -> set[str]:
    # "+opiskel(opiskella)+u(+u)" → {"opiskella"}; "+toimeentulo(toimeen=tulo)" → toimeentulo
    return {
        base.replace("=", "").lower()
        for base in re.findall(r"\(([^)+][^)]*)\)", wordbases or "")
        if len(base) > 2
    }


@lru_cache(maxsize=50_000)
def analyse_fi(word: str) -> Analysis:
    word = word.lower()
    analyses = _raw_analyses(word)
    if not analyses and "-" in word:
        # An unknown hyphenated word ("te-toimisto"): its pieces are its parts.
        pieces = [p for p in word.split("-") if p]
        parts = tuple(frozenset(_lemma_of_part(p)) for p in pieces)
        return Analysis(frozenset({word}), parts, frozenset().union(*parts), frozenset(), False)
    if not analyses:
        return _guess_compound(word)
    lemmas: set[str] = set()
    runs: set[str] = set()
    roots: set[str] = set()
    best_parts: tuple[frozenset[str], ...] = ()
    for analysis in analyses:
        base = (analysis.get("BASEFORM") or word).lower()
        lemmas.add(base)
        roots |= _roots(analysis.get("WORDBASES", ""))
        surface_parts = _split_structure(word, analysis.get("STRUCTURE", ""))
        if len(surface_parts) < 2:
            continue
        # The last part in base form: what is left of the base form after the others.
        head = "".join(surface_parts[:-1])
        last = base.replace("-", "")[len(head) :] if base.replace("-", "").startswith(head) else ""
        if not last:
            continue
        pieces = [*surface_parts[:-1], last]
        if len(pieces) > len(best_parts):
            best_parts = (
                *(frozenset(_lemma_of_part(p)) for p in pieces[:-1]),
                frozenset({last}),
            )
        for start in range(len(pieces)):
            for end in range(start + 1, len(pieces) + 1):
                run = "".join(pieces[start:end])
                if end - start == 1 and end < len(pieces):
                    runs |= _lemma_of_part(run)
                runs.add(run)
    runs -= lemmas
    return Analysis(frozenset(lemmas), best_parts, frozenset(runs), frozenset(roots - lemmas), True)


def _guess_compound(word: str) -> Analysis:
    """A word Voikko does not know ("työhönvalmentaja"): when it splits into two words it
    knows, those are its parts; otherwise it stands for itself."""
    for cut in range(MIN_SPLIT, len(word) - MIN_SPLIT + 1):
        left, right = word[:cut], word[cut:]
        left_lemmas = {a["BASEFORM"].lower() for a in _raw_analyses(left) if a.get("BASEFORM")}
        right_lemmas = {a["BASEFORM"].lower() for a in _raw_analyses(right) if a.get("BASEFORM")}
        if left_lemmas and right_lemmas:
            parts = (frozenset(left_lemmas), frozenset(right_lemmas))
            return Analysis(
                frozenset({word}), parts, frozenset(left_lemmas | right_lemmas), frozenset(), False
            )
    return Analysis(frozenset({word}), (), frozenset(), frozenset(), False)


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(SNOWBALL[language])


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def stem(word: str, language: str) -> list[str]:
    """Snowball stems of a Swedish or English word (a hyphenated word: of each piece)."""
    return list(_stems(word.lower(), language))


@lru_cache(maxsize=50_000)
def _stems(word: str, language: str) -> tuple[str, ...]:
    # Snowball stemmers keep state between calls: one at a time.
    with _lock:
        return tuple(_stemmer(language).stemWords([p for p in word.split("-") if p]))


def document_terms(text: str, language: str) -> dict[str, float]:
    """Every term a text is found by, with its strength (1 = the word's base form, a
    compound part or a run of parts, or a stem; 0.5 = the surface word or a word it is
    derived from)."""
    terms: dict[str, float] = {}

    def add(term: str, strength: float) -> None:
        if len(term) >= 2 and terms.get(term, 0) < strength:
            terms[term] = strength

    for word in words(text):
        if language == "fi":
            found = analyse_fi(word)
            add(word, 0.5)
            for term in found.roots:
                add(term, 0.5)
            for term in found.runs | found.lemmas:
                add(term, 1.0)
        else:
            add(word, 0.5)
            for term in stem(word, language):
                add(term, 1.0)
    return terms
