"""The method's words are translated one way: every message whose Dutch uses a term of the
glossary in docs/translations.md says it, in every language, with that language's
translation from the glossary (and a catalogue that strays is caught)."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "translations.md"
TRANSLATIONS = ROOT / "samenveilig" / "translations"
LANGUAGES = ("fr", "en", "ar", "tr", "pl", "ro")
CELL = re.compile(r"(?<!\\)\|")
PATTERN = re.compile(r"`((?:[^`])+)`")


def glossary() -> dict[str, tuple[re.Pattern, dict[str, re.Pattern]]]:
    """term -> (its Dutch pattern, {language: its pattern}), read from the doc's table."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Glossary", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in CELL.split(rows[0])[1:-1]]
    assert header[2:] == list(LANGUAGES), header
    terms = {}
    for row in rows[2:]:
        cells = [cell.strip().replace(r"\|", "|") for cell in CELL.split(row)[1:-1]]
        term, dutch, *translated = cells
        patterns = {}
        for language, cell in zip(LANGUAGES, translated, strict=True):
            found = PATTERN.findall(cell)
            assert len(found) == 1, (term, language, cell)
            patterns[language] = re.compile(found[0], re.IGNORECASE)
        terms[term] = (re.compile(PATTERN.findall(dutch)[0], re.IGNORECASE), patterns)
    return terms


def catalogue(language: str) -> dict[str, str]:
    """Each message's Dutch and its translation (every form of a plural message, joined)."""
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        messages = read_po(po, locale=language)
    joined = lambda value: " | ".join(value) if isinstance(value, (tuple, list)) else value  # noqa: E731
    return {joined(m.id): joined(m.string) for m in messages if m.id}


def strays(terms, catalogues: dict[str, dict[str, str]]) -> list[str]:
    """Every (term, language, message) whose translation does not use the glossary's word."""
    found = []
    for term, (dutch, patterns) in terms.items():
        for language, messages in catalogues.items():
            for msgid, msgstr in messages.items():
                if dutch.search(msgid) and not patterns[language].search(msgstr):
                    found.append(f"{term} [{language}] {msgid!r} -> {msgstr!r}")
    return found


def test_the_glossary_names_every_term_of_the_method_in_every_language():
    terms = glossary()
    assert set(terms) >= {"zorgen", "gevaarsinschatting (danger statement)", "veiligheidsdoel",
                          "veiligheidsafspraak", "signalen", "netwerk", "consulent", "overleg"}


def test_each_term_is_translated_the_same_way_in_every_message_that_uses_it():
    terms = glossary()
    catalogues = {language: catalogue(language) for language in LANGUAGES}
    assert strays(terms, catalogues) == []
    # The test looks at real messages: most terms are used, in several messages.
    used = {term for term, (dutch, _) in terms.items() if any(dutch.search(m) for m in catalogues["fr"])}
    assert used >= {"zorgen", "veiligheidsafspraak", "signalen", "netwerk", "consulent", "overleg"}


def test_a_translation_that_strays_from_the_glossary_is_caught():
    terms = glossary()
    catalogues = {language: catalogue(language) for language in LANGUAGES}
    catalogues["fr"]["Signalen"] = "Signaux"  # the old "signals"
    catalogues["tr"]["Volgend overleg: %(date)s."] = "Bir sonraki görüşme: %(date)s."
    catalogues["ar"]["Je consulent"] = "المستشار الخاص بك"
    found = strays(terms, catalogues)
    assert len(found) == 3
    assert any("signalen [fr]" in line for line in found)
    assert any("overleg [tr]" in line for line in found)
    assert any("consulent [ar]" in line for line in found)


def test_every_language_still_awaits_a_native_reader():
    """No language is marked as read by a native speaker until one has read it."""
    state = DOC.read_text(encoding="utf-8").split("## Review state", 1)[1]
    rows = {cells[2]: cells[3] for cells in (
        [cell.strip() for cell in line.split("|")] for line in state.splitlines() if line.startswith("| "))}
    for language in LANGUAGES:
        assert "awaiting a native reader" in rows[language], language
