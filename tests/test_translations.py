"""Every language the service offers is complete, and its translations keep the placeholders."""
import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from feedback_app.i18n import LANGUAGES, RIGHT_TO_LEFT

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _catalogue(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def _template_ids():
    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        return {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(pot) if message.id}


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_message_is_translated(language):
    catalogue = _catalogue(language)
    translated = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        translated[key] = all(strings) and len(strings) == (catalogue.num_plurals if message.pluralizable else 1)
    missing = sorted(key for key in _template_ids() if not translated.get(key))
    assert missing == [], f"{language}: {len(missing)} messages untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_translations_keep_placeholders_and_compile(language, tmp_path):
    catalogue = _catalogue(language)
    for message in catalogue:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            found = set(PLACEHOLDER.findall(string))
            # A plural form for exactly one may leave the number out ("one question").
            assert found == expected or (message.pluralizable and found <= expected), (
                f"{language}: {ids[0]!r} -> {string!r}"
            )
    with open(tmp_path / "messages.mo", "wb") as mo:
        write_mo(mo, catalogue, use_fuzzy=True)


def test_welsh_has_six_plural_forms():
    assert _catalogue("cy").num_plurals == 6


def test_machine_translations_are_marked_for_review():
    for language in ("cy", "ur", "pl", "ar"):
        catalogue = _catalogue(language)
        unreviewed = [m for m in catalogue if m.id and m.fuzzy]
        reviewed_header = "review" not in (catalogue.language_team or "").lower()
        assert unreviewed or reviewed_header, f"{language} is neither reviewed nor marked as needing review"


@pytest.mark.parametrize("language", sorted(RIGHT_TO_LEFT))
def test_example_numbers_and_addresses_keep_their_order_in_right_to_left_text(language):
    # Between right-to-left words, "0300 123 4567" would show its groups in reverse order and
    # "https://" as "//:https": each example is isolated left to right (U+2066 ... U+2069).
    # Dates are left as they are: their boxes run right to left on these pages too.
    loose = []
    for message in _catalogue(language):
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        key = message.id if isinstance(message.id, str) else (message.id or [""])[0]
        if not key or "27 3 20" in key:
            continue
        for string in strings:
            outside = re.sub("\u2066[^\u2069]*\u2069", "", string or "")
            if re.search(r"\d+ \d+|https?://", outside):
                loose.append(string)
    assert loose == []
