"""What Exit this page's keyboard shortcut says, in every language, for the cached app.js.

GOV.UK Frontend's Exit this page tells a person pressing Shift how many more presses will take
them away, and then that they are leaving. Those words would otherwise travel with every page a
person sees; instead `scripts/build_assets.py` writes them into app.js from the translation
catalogues, once, and app.js picks the page's language. The English words are in app.js's source
and must be these (a test holds them together); the marker ``N_`` only lets the words be
extracted into the catalogue.
"""
from __future__ import annotations

from pathlib import Path


def N_(text: str) -> str:
    return text


WORDS = {
    "activated": N_("Leaving this page."),
    "timedOut": N_("The shortcut to leave this page has timed out."),
    "pressTwoMoreTimes": N_("Press Shift 2 more times to leave this page."),
    "pressOneMoreTime": N_("Press Shift 1 more time to leave this page."),
}
# In app.js's source, replaced by the build with the other languages' words.
MARKER = "/* Exit this page's words in other languages: added by scripts/build_assets.py */"


def translated(translations: Path) -> dict[str, dict[str, str]]:
    """{language: {key: words}} for every language with a catalogue, each word translated (a
    machine-made translation too, as the pages use it); a language missing a word is left out,
    so that it falls back to English whole rather than mixing two languages."""
    from babel.messages.pofile import read_po

    table = {}
    for catalogue in sorted(translations.glob("*/LC_MESSAGES/messages.po")):
        with catalogue.open("rb") as handle:
            messages = read_po(handle)
        words = {}
        for key, msgid in WORDS.items():
            message = messages.get(msgid)
            if message is not None and message.string:
                words[key] = message.string
        if len(words) == len(WORDS):
            table[catalogue.parent.parent.name] = words
    return table


def with_other_languages(script: str, translations: Path) -> str:
    """app.js with the marker replaced by every other language's words."""
    import json

    if MARKER not in script:
        raise ValueError("app.js has lost the place for Exit this page's words in other languages.")
    table = json.dumps(translated(translations), ensure_ascii=True, sort_keys=True)
    return script.replace(MARKER, f"Object.assign(EXIT_THIS_PAGE_WORDS, {table})")
