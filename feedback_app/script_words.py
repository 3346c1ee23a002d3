"""The words app.js shows or says, in every language, so that no page has to carry them.

GOV.UK Frontend's Exit this page tells a person pressing Shift how many more presses will take
them away, and then that they are leaving; the Listen button on a question page says "Listen to
the question" and, while it speaks, "Stop listening". On a page for a cheap phone every byte
counts, so `scripts/build_assets.py` writes these words into app.js from the translation
catalogues, once, and app.js picks the page's language. The English words are in app.js's source
and must be these (a test holds them together); the marker ``N_`` only lets the words be
extracted into the catalogue.
"""
from __future__ import annotations

from pathlib import Path


def N_(text: str) -> str:
    return text


WORDS = {
    "exitThisPage": {
        "activated": N_("Leaving this page."),
        "timedOut": N_("The shortcut to leave this page has timed out."),
        "pressTwoMoreTimes": N_("Press Shift 2 more times to leave this page."),
        "pressOneMoreTime": N_("Press Shift 1 more time to leave this page."),
    },
    "listen": {
        "start": N_("Listen to the question"),
        "stop": N_("Stop listening"),
    },
}
# In app.js's source, replaced by the build with the other languages' words.
MARKER = "/* The words in other languages: added by scripts/build_assets.py */"


def translated(translations: Path) -> dict[str, dict]:
    """{language: words shaped as WORDS} for every language with a catalogue, each word
    translated (a machine-made translation too, as the pages use it); a language missing a word
    is left out, so that it falls back to English whole rather than mixing two languages."""
    from babel.messages.pofile import read_po

    table = {}
    for catalogue in sorted(translations.glob("*/LC_MESSAGES/messages.po")):
        with catalogue.open("rb") as handle:
            messages = read_po(handle)
        words = {group: {key: getattr(messages.get(msgid), "string", "") for key, msgid in group_words.items()}
                 for group, group_words in WORDS.items()}
        if all(all(group.values()) for group in words.values()):
            table[catalogue.parent.parent.name] = words
    return table


def with_other_languages(script: str, translations: Path) -> str:
    """app.js with the marker replaced by every other language's words."""
    import json

    table = json.dumps(translated(translations), ensure_ascii=True, sort_keys=True)
    return script.replace(MARKER, f"Object.assign(WORDS, {table})")
