"""Reading a text reply: what the person meant, forgivingly.

People reply from cheap phones, in their own language and their own way: "1", "1.", " Yes ",
"ydw", "tak", "ہاں", "١" (Arabic-Indic digits) or "۱" (Eastern Arabic digits, as Urdu keyboards
type them). A reply is matched, after tidying, against the question's numbers, the option labels
in the person's language and in English, each language's yes and no, and the words for skip,
later, stop, start, help and delete. Anything else is unclear, and the question is asked again once.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import force_locale

from ..questionnaire import PREFER_NOT_SAY, SKIP, Question

# Arabic-Indic (U+0660) and Eastern Arabic (U+06F0) digits, and full-width ones, read as 0-9.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Punctuation people add around a reply: full stops (Latin and Urdu), commas, quotes, brackets.
_EDGE_PUNCTUATION = " \t\r\n.,;:!?'\"()[]{}۔،؟*-_"

# Twilio's default opt-out, opt-in and help keywords, plus the same in the languages we ask in.
# "YES" is one of Twilio's opt-in words too, but here it answers questions, so it is not START.
STOP_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "opt out",
              "stopio", "stopiwch", "dosc", "dość", "koniec", "بند کریں", "بند", "توقف", "إيقاف", "ايقاف"}
START_WORDS = {"start", "unstop", "dechrau", "ailddechrau", "شروع", "ابدأ"}
HELP_WORDS = {"help", "info", "cymorth", "help me", "pomoc", "مدد", "مساعدة"}
# Asking for answers and details to be deleted (confirmed by a second text: see inbound.py).
DELETE_WORDS = {"delete", "delete me", "erase", "dileu", "usuń", "usun", "مٹا دیں", "مٹائیں", "حذف", "احذف"}
SKIP_WORDS = {"skip", "pass", "sgipio", "hepgor", "pomiń", "pomin", "چھوڑیں", "چھوڑ دیں", "تخطي", "تخطى"}
LATER_WORDS = {"later", "not now", "wedyn", "nes ymlaen", "później", "pozniej", "بعد میں", "لاحقا", "لاحقًا",
               "فيما بعد"}
YES_WORDS = {"yes", "y", "yeah", "yep", "ok", "okay", "ie", "ydw", "do", "oes", "ydy", "tak", "ہاں", "جی",
             "جی ہاں", "ہاں جی", "نعم", "ايوه", "أيوه"}
NO_WORDS = {"no", "n", "nope", "nah", "na", "nac ydw", "naddo", "nac oes", "nage", "nie", "نہیں", "جی نہیں",
            "لا", "كلا"}
# The option a yes or a no means, where a question has no option keyed "yes" or "no".
_YES_KEYS = ("yes",)
_NO_KEYS = ("no",)


@dataclass(frozen=True)
class Reply:
    """What a reply means. ``kind`` is one of: answer, skip, later, stop, start, help, unclear."""

    kind: str
    choice_key: str | None = None
    free_text: str | None = None


def tidy(body: str | None) -> str:
    """The reply in a form to compare: digits made ASCII, case and spacing folded, edge
    punctuation removed."""
    text = unicodedata.normalize("NFKC", body or "").translate(_DIGITS).casefold()
    text = " ".join(text.split())
    return text.strip(_EDGE_PUNCTUATION).strip()


def keyword(body: str | None) -> str | None:
    """stop, start, help or delete when the whole reply is one of those words, whatever the question."""
    text = tidy(body)
    for kind, words in (("stop", STOP_WORDS), ("start", START_WORDS), ("help", HELP_WORDS),
                        ("delete", DELETE_WORDS)):
        if text in words:
            return kind
    return None


def read_reply(body: str | None, question: Question, language: str, for_representative: bool = False) -> Reply:
    """What ``body`` answers to ``question``, asked in ``language``."""
    text = tidy(body)
    special = keyword(body)
    if special:
        return Reply(special)
    if text in SKIP_WORDS:
        return Reply("skip", choice_key=SKIP)
    if text in LATER_WORDS:
        return Reply("later")
    if question.is_free_text:
        words = (body or "").strip()
        if not words:
            return Reply("unclear")
        if text == "0":
            return Reply("skip", choice_key=SKIP)
        return Reply("answer", free_text=words)
    option = _by_number(text, question) or _by_label(text, question, language, for_representative) \
        or _by_yes_or_no(text, question)
    if option is None:
        return Reply("unclear")
    if option.key == SKIP:
        return Reply("skip", choice_key=SKIP)
    return Reply("answer", choice_key=option.key)


def _by_number(text: str, question: Question):
    # "1", or "1 yes" / "1) yes": a number first, then the words of the same option or nothing.
    match = re.fullmatch(r"(\d{1,2})(?:\s*[).:-]?\s*(.*))?", text)
    if not match:
        return None
    return question.choice_by_number(int(match.group(1)))


def _labels(question: Question, language: str, for_representative: bool):
    for option in question.choices:
        english = option.label(for_representative)
        with force_locale(language):
            translated = option.label_translated(for_representative)
        for label in {english, translated}:
            if label:
                yield tidy(label), option


def _by_label(text: str, question: Question, language: str, for_representative: bool):
    for label, option in _labels(question, language, for_representative):
        if text == label:
            return option
    if text in {"rather not say", "prefer not to say", "prefer not say"}:
        return question.choice(PREFER_NOT_SAY)
    return None


def _by_yes_or_no(text: str, question: Question):
    for words, keys in ((YES_WORDS, _YES_KEYS), (NO_WORDS, _NO_KEYS)):
        if text in words:
            for key in keys:
                if key in question.choice_keys:
                    return question.choice(key)
    return None
