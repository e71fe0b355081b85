"""What a reader sees must be in their language: finds ISO dates, the rules engine's
snake_case code names and English words in visible text (the browser test of the main pages,
tests/browser/test_finnish_pages.py, and the page and PDF tests that check the same text
without a browser).

Addresses, e-mail addresses and domain names are left out before checking: "kela.fi" or
"https://www.kela.fi/news" are not English. The English words are a curated list of common
words that never occur in Finnish (and, for Swedish, those that are not Swedish words too:
"in", "from", "all", "service", "plan", "team" are Swedish words)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CODE_NAME = re.compile(r"\b[a-z]+_[a-z_]*[a-z]\b")
ADDRESS = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|"
    r"\b[\w-]+(\.[\w-]+)*\.(fi|se|com|org|net|eu|io|ax)\b(/\S*)?",
    re.IGNORECASE,
)

# Common English words and phrases that are not Finnish words.
ENGLISH = (
    "the", "and", "not", "until", "from", "of", "with", "without", "allowance", "benefit",
    "benefits", "is", "are", "this", "that", "which", "your", "you", "for", "or", "has",
    "have", "was", "will", "would", "should", "must", "unknown", "none", "null", "true",
    "false", "yes", "day", "days", "month", "months", "week", "weeks", "valid", "source",
    "formula", "client", "clients", "meeting", "meetings", "agreement", "agreements",
    "application", "applications", "pending", "approved", "closed", "overdue", "unverified",
    "uncertain", "wage", "tax", "gross", "daily", "amount", "page", "next", "back", "save",
    "edit", "delete", "cancel", "search", "service", "services", "support", "work", "trial",
    "rehabilitation", "unemployment", "sickness", "housing", "assistance", "health",
    "employment", "income", "contact", "network", "coordinator", "member", "consent",
    "referral", "handover", "knot", "blocker", "team", "worklist", "research", "export",
    "outcome", "feedback", "plan", "step", "steps", "goal", "goals", "assessment", "view",
    "open", "new", "add", "show", "all", "in", "at", "here", "there", "when", "what", "who",
    "how", "why",
)  # fmt: skip
PHRASES = ("Not in", "facts file", "rules engine", "N/A")
# English words that are also Swedish words (or common in Swedish text).
SWEDISH_TOO = {
    "in", "from", "all", "service", "services", "plan", "team", "export", "feedback",
    "support", "tax", "gross", "back", "is", "for", "at", "and", "not", "here", "view",
}  # fmt: skip


def _words(language: str) -> re.Pattern:
    words = [w for w in ENGLISH if language != "sv" or w not in SWEDISH_TOO]
    return re.compile(r"\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")\b", re.I)


WORDS = {"fi": _words("fi"), "sv": _words("sv")}


def _context(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 40) : end + 40].split())


def findings(text: str, language: str = "fi", *, allow: tuple[str, ...] = ()) -> list[str]:
    """Each ISO date, code name and English word in `text`, with its context (in English,
    `language="en"`, only dates and code names). `allow`: proper names on the page that
    would read as English words (left out first)."""
    clean = ADDRESS.sub(" ", text)
    for name in allow:
        clean = clean.replace(name, " ")
    found = []
    for match in ISO_DATE.finditer(clean):
        found.append(f"ISO date {match.group()!r}: …{_context(clean, *match.span())}…")
    for match in CODE_NAME.finditer(clean):
        found.append(f"code name {match.group()!r}: …{_context(clean, *match.span())}…")
    for match in WORDS[language].finditer(clean) if language in WORDS else ():
        if len(match.group()) > 1 and match.group().isupper():
            continue  # an abbreviation such as Kela's form codes "AT 1", "TO 1"
        found.append(f"English {match.group()!r}: …{_context(clean, *match.span())}…")
    for phrase in PHRASES if language in WORDS else ():
        for match in re.finditer(re.escape(phrase), clean):
            found.append(f"English {phrase!r}: …{_context(clean, *match.span())}…")
    return found


class _Text(HTMLParser):
    SKIP = {"script", "style", "head", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        for name, value in attrs:
            if name in ("aria-label", "alt", "title", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text of an HTML page a reader can meet (closed <details> included), without
    scripts and styles, plus the accessible names given in attributes."""
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)
