"""The gettext catalogues: complete, not fuzzy, placeholders intact, and used by Django.

The .po files are read with polib. After adding or changing a user-visible string, run
`make messages`, translate the new entries in locale/fi and locale/sv, and compile
(`make deps` or `compilemessages`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ("fi", "sv")
ALL_LANGUAGES = ("fi", "sv", "en")


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


@functools.cache
def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(po_path(language)))


def messages(language: str) -> list[polib.POEntry]:
    """The catalogue's entries, obsolete (#~) ones left out (polib keeps the header apart)."""
    return [e for e in catalogue(language) if not e.obsolete]


def header(language: str) -> dict[str, str]:
    return catalogue(language).metadata


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def forms(entry: polib.POEntry) -> dict[int, str]:
    """msgstr by plural form; a message without plural has the one form 0."""
    return dict(entry.msgstr_plural) if entry.msgid_plural else {0: entry.msgstr}


def nplurals(language: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header(language)["Plural-Forms"])
    assert match, f"{language}: Plural-Forms has no nplurals"
    return int(match.group(1))


def describe(entry: polib.POEntry) -> str:
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
    return f"line {entry.linenum}: {entry.msgid!r}{context}"


# --------------------------------------------------------------------------------------------
# Placeholders: %(name)s, %s, %d, %05.2f ..., and {name} / {} for str.format. "%%" is a literal.
_PERCENT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?(?P<conv>[a-zA-Z%])")
_BRACE = re.compile(r"(?<!\{)\{(?P<field>[A-Za-z_]\w*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def placeholders(text: str) -> tuple[frozenset[str], tuple[str, ...], Counter[str]]:
    """(named %-placeholders, positional %-placeholders in order, {}-fields)."""
    named: set[str] = set()
    positional: list[str] = []
    for match in _PERCENT.finditer(text):
        if match.group("conv") == "%":
            continue
        if match.group("name") is not None:
            named.add(f"%({match.group('name')}){match.group('conv')}")
        else:
            positional.append(f"%{match.group('conv')}")
    braces = Counter(f"{{{m.group('field')}}}" for m in _BRACE.finditer(text))
    return frozenset(named), tuple(positional), braces


# --------------------------------------------------------------------------------------------
# The catalogues themselves


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_catalogue_exists_and_is_declared_for_its_language(language):
    assert po_path(language).is_file(), f"run makemessages -l {language}"
    meta = header(language)
    assert meta.get("Language") == language
    assert "charset=UTF-8" in meta.get("Content-Type", "")
    assert nplurals(language) == 2, "Finnish, Swedish and English have two plural forms"
    assert messages(language), "the catalogue has no messages"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language):
    expected_forms = set(range(nplurals(language)))
    untranslated = []
    for entry in messages(language):
        given = forms(entry)
        if entry.msgid_plural and set(given) != expected_forms:
            untranslated.append(f"{describe(entry)} has plural forms {sorted(given)}")
        elif not all(text.strip() for text in given.values()):
            untranslated.append(describe(entry))
    assert not untranslated, f"untranslated in {language}:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_no_entry_is_fuzzy(language):
    """Django ignores fuzzy entries, so a fuzzy translation silently shows English."""
    fuzzy = [describe(e) for e in messages(language) if "fuzzy" in e.flags]
    if catalogue(language).metadata_is_fuzzy:
        fuzzy.append("the header")
    assert not fuzzy, f"fuzzy in {language} (check the text, then drop the flag):\n" + "\n".join(
        fuzzy
    )


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_msgids_are_unique(language):
    counts = Counter(key(e) for e in messages(language))
    assert not [key for key, n in counts.items() if n > 1]


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_placeholders_survive_translation(language):
    broken = []
    for entry in messages(language):
        for form, text in forms(entry).items():
            if not text:
                continue  # untranslated: Django falls back to the source text
            source = entry.msgid if form == 0 or not entry.msgid_plural else entry.msgid_plural
            if placeholders(text) != placeholders(source):
                broken.append(f"{describe(entry)} msgstr[{form}] = {text!r}")
    assert not broken, f"placeholders differ in {language}:\n" + "\n".join(broken)


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_python_format_entries_are_flagged(language):
    """makemessages flags %(name)s strings as python-format; without the flag msgfmt does
    not check the placeholders, so a hand-made entry must not lose it."""
    unflagged = [
        describe(e)
        for e in messages(language)
        if placeholders(e.msgid)[0] and "python-format" not in e.flags
    ]
    assert not unflagged


def test_placeholder_parser_sees_every_kind():
    named, positional, braces = placeholders("%(name)s got %d of %s, 100%% {day} {}")
    assert named == {"%(name)s"}
    assert positional == ("%d", "%s")
    assert braces == Counter({"{day}": 1, "{}": 1})


def test_the_helpers_read_plural_fuzzy_escaped_and_obsolete_entries(tmp_path, monkeypatch):
    sample = tmp_path / "xx" / "LC_MESSAGES" / "django.po"
    sample.parent.mkdir(parents=True)
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: xx\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#: x.html:1\n#, fuzzy, python-format\nmsgid ""\n"%(n)s said \\"hi\\""\n'
        'msgid_plural "%(n)s said it"\nmsgstr[0] "a"\nmsgstr[1] ""\n"b"\n\n'
        '#~ msgid "old"\n#~ msgstr "vanha"\n',
        encoding="utf-8",
    )
    monkeypatch.setitem(globals(), "LOCALE_DIR", tmp_path)
    catalogue.cache_clear()
    try:
        assert header("xx")["Language"] == "xx" and nplurals("xx") == 2
        (entry,) = messages("xx")
        assert entry.msgid == '%(n)s said "hi"'
        assert entry.msgid_plural == "%(n)s said it"
        assert forms(entry) == {0: "a", 1: "b"}
        assert set(entry.flags) == {"fuzzy", "python-format"}
        assert describe(entry).startswith("line 6: ")  # where the entry begins (its #: line)
    finally:
        catalogue.cache_clear()


# --------------------------------------------------------------------------------------------
# The catalogue follows the code


CLIENTS_FOUND = '%(counter)s client found for "%(query)s".'
CLIENTS_FOUND_PLURAL = '%(counter)s clients found for "%(query)s".'
KNOWN_MSGIDS = [
    "My clients",
    "Sign in",
    "Sign out",
    "Record a client",
    "Personal identity code",
    "Personal coordinator",
    "Withdraw the consent",
    "Skip to content",
    "Set up the second factor",
    "Page %(number)s of %(total)s",
]


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_known_source_strings_are_in_the_catalogue(language):
    msgids = {e.msgid for e in messages(language)}
    missing = [msgid for msgid in KNOWN_MSGIDS if msgid not in msgids]
    assert not missing, f"run `make messages` and translate: {missing}"
    plurals = [e for e in messages(language) if e.msgid == CLIENTS_FOUND]
    assert plurals and plurals[0].msgid_plural == CLIENTS_FOUND_PLURAL


_TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)"""
    r"""(?:\s+context\s+(?P<cq>["'])(?P<context>.*?)(?P=cq))?(?P<rest>[^%]*)%\}"""
)


def template_msgids() -> set[tuple[str | None, str]]:
    """Literal {% translate "..." %} strings in the project's own templates."""
    base = Path(settings.BASE_DIR)
    found: set[tuple[str | None, str]] = set()
    for template in [*base.glob("templates/**/*.html"), *base.glob("polku/**/templates/**/*.html")]:
        for match in _TRANSLATE_TAG.finditer(template.read_text(encoding="utf-8")):
            if "noop" in match.group("rest").split():
                continue
            found.add((match.group("context"), match.group("msgid")))
    return found


def test_every_template_translate_tag_is_in_the_catalogue():
    """A string added to a template without `make messages` would show in English."""
    msgids = template_msgids()
    assert (None, "My clients") in msgids, "the template scan found nothing"
    known = {key(e) for e in messages("fi")}
    missing = sorted(repr(msgid) for context, msgid in msgids if (context, msgid) not in known)
    assert not missing, "run `make messages` and translate:\n" + "\n".join(missing)


# --------------------------------------------------------------------------------------------
# Django really uses the compiled catalogues


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_compiled_catalogue_is_present_and_current(language):
    mo = po_path(language).with_suffix(".mo")
    assert mo.is_file(), "run `make deps` (compilemessages)"
    assert mo.stat().st_mtime >= po_path(language).stat().st_mtime, (
        f"{mo} is older than its .po: run `make deps` (compilemessages)"
    )


@pytest.mark.parametrize(
    ("language", "source", "expected"),
    [
        ("fi", "My clients", "Omat asiakkaat"),
        ("fi", "Sign in", "Kirjaudu sisään"),
        ("fi", "Personal coordinator", "Omaohjaaja"),
        ("fi", "Kela", "Kela"),
        ("sv", "My clients", "Mina klienter"),
        ("sv", "Sign in", "Logga in"),
        ("sv", "Personal coordinator", "Egen handledare"),
        ("sv", "Kela", "FPA"),
        ("en", "My clients", "My clients"),
        ("en", "Sign in", "Sign in"),
    ],
)
def test_django_translates_with_the_catalogue(language, source, expected):
    with translation.override(language):
        assert translation.gettext(source) == expected


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_differ_from_english(language):
    with translation.override(language):
        for source in ("My clients", "Sign in", "Sign out", "Record a consent", "Consents"):
            assert translation.gettext(source) != source


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("fi", "Haulla ”Virta” löytyi 1 asiakas.", "Haulla ”Virta” löytyi 3 asiakasta."),
        ("sv", "1 klient hittades för ”Virta”.", "3 klienter hittades för ”Virta”."),
        ("en", '1 client found for "Virta".', '3 clients found for "Virta".'),
    ],
)
def test_plural_forms_follow_the_count(language, one, many):
    with translation.override(language):
        for count, expected in ((1, one), (3, many)):
            text = translation.ngettext(CLIENTS_FOUND, CLIENTS_FOUND_PLURAL, count)
            assert text % {"counter": count, "query": "Virta"} == expected


@pytest.mark.parametrize("language", TRANSLATED)
def test_djangos_own_select_label_is_in_the_users_language(language):
    """Django 6.1's empty-choice label is new and missing from Django's fi and sv catalogues;
    Polku's catalogue supplies it (polku/core/django_strings.py)."""
    from django.db.models.fields import BLANK_CHOICE_LABEL

    with translation.override(language):
        assert str(BLANK_CHOICE_LABEL) != "- Select an option -"


def test_no_translation_call_hides_inside_an_f_string():
    """xgettext cannot read f-strings: a `_("…")` inside one never reaches the catalogue and the
    interface shows English (a percentage column once read "Share (%)" in Finnish)."""
    inside_f_string = re.compile(
        r"""\bf(["'])[^"'\n]*\{\s*(_|gettext|pgettext|ngettext)\(\s*["']"""
    )
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for root in ("polku", "config", "rules")
        for path in sorted((Path(settings.BASE_DIR) / root).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if inside_f_string.search(line)
    ]
    assert not found, found


def test_finnish_calls_a_plan_step_askel_everywhere():
    """A plan's step is "askel" on every page: the worklist and the handover called it "vaihe"
    while the plan said "askel", as if they were two things. "Vaihe" stays for a knot's steps
    (solmun avaamisen vaihe), the second factor and the research's stages."""
    other_concepts = ("knot", "second factor", "stage")
    mixed = [
        describe(entry)
        for entry in messages("fi")
        if re.search(r"\bsteps?\b", entry.msgid, re.IGNORECASE)
        and not any(word in entry.msgid.lower() for word in other_concepts)
        and not any(path.startswith("polku/knots/") for path, _line in entry.occurrences)
        and any(re.search(r"\bvaihe", text, re.IGNORECASE) for text in forms(entry).values())
    ]
    assert mixed == []
