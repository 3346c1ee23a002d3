"""Taking identifying details out of what people wrote, before any analyst reads it.

Pure functions, no database and no translations. A redacted detail becomes a language-neutral
marker such as ``⟦phone⟧``; the words a reader sees ("[phone number removed]", in their own
language) are put in only when the text is shown, by ``render``. Storing markers rather than
English words means one stored text serves analysts in every language, and a later pass (with
a longer list of names, say) can tell what was already removed.

The rules lean towards removing too much: a comment quoted in a report must never lead back to
a person, while a few lost words cost little.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

NAME = "name"
PHONE = "phone"
EMAIL = "email"
POSTCODE = "postcode"
ADDRESS = "address"
REFERENCE = "reference"
OTHER = "other"  # the council's own list of words, and whatever an analyst takes out by hand
KINDS = (NAME, PHONE, EMAIL, POSTCODE, ADDRESS, REFERENCE, OTHER)

MARKER = re.compile(r"⟦(" + "|".join(KINDS) + r")⟧")

# A character that belongs to a word: \w leaves out combining marks, which Arabic, Urdu and
# decomposed Latin text put inside words.
_WORD = (r"[\w\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670"
         r"\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0900-\u0903\u093a-\u094f]")
_START = rf"(?<!{_WORD})"
_END = rf"(?!{_WORD})"
_LETTERS = r"[^\W\d_]"
_APOSTROPHES = "'’"


def marker(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not a kind of redaction.")
    return f"⟦{kind}⟧"


@dataclass(frozen=True)
class Redacted:
    text: str
    kinds: tuple[str, ...]  # the kinds of detail removed from the text, in KINDS order


def kinds_in(text: str) -> tuple[str, ...]:
    found = {match[1] for match in MARKER.finditer(text)}
    return tuple(kind for kind in KINDS if kind in found)


def render(text: str, labels: Mapping[str, str]) -> str:
    """The text with each marker replaced by its label, e.g. ``"[name removed]"``."""
    return MARKER.sub(lambda match: str(labels[match[1]]), text)


def split_markers(text: str) -> list[tuple[str, str | None]]:
    """(piece, kind) in order: kind is None for the person's words, else the marker's kind.

    For templates that show the person's words in their language and the labels in the reader's.
    """
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for match in MARKER.finditer(text):
        if match.start() > position:
            pieces.append((text[position:match.start()], None))
        pieces.append((match[0], match[1]))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


# Digits in any script count as digits: a phone number typed in Arabic-Indic or Urdu digits is
# still a phone number. Each becomes one ASCII digit, so positions in the copy match the text.
def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]*\w@\w[\w-]*(?:\.[\w-]+)+")

# UK numbers: 0 then 9 or 10 digits, or +44 / 0044 (with an optional (0)) then 9 or 10, with
# spaces, dots, dashes, slashes or brackets anywhere between the digits.
_PHONE = re.compile(
    # Not part of a longer token ("1-000-0000000", "07700900123-A"): that is left whole for the
    # case reference rule, so that no digit of it is left behind.
    r"(?<![\w+])(?<![^\W_][-./–_])(?:\(?(?:\+|00)\s?44\)?\s?(?:\(0\)\s?)?|\(?0)"
    r"(?:[\s().\-–/]{0,2}[0-9]){9,10}(?![^\W_]|[-./–_][^\W_])"
)

_POSTCODE = re.compile(_START + r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]?[ \t\u00a0]{0,3}[0-9][A-Za-z]{2}" + _END)

_STREET_WORDS = (
    "road", "rd", "street", "st", "avenue", "ave", "close", "lane", "ln", "drive", "dr", "way", "court",
    "ct", "crescent", "cres", "place", "gardens", "gdns", "terrace", "tce", "grove", "square", "sq",
    "hill", "row", "mews", "walk", "park", "parade", "rise", "view", "green", "vale", "mount",
    "boulevard", "gate", "yard", "wharf", "approach", "chase", "heights", "meadow", "meadows", "fields",
    "villas", "cottages", "croft", "path", "lea", "bank", "end", "estate",
)
# Words that cannot be part of a street's name, so that "3 weeks at the Park" stays as written.
_NOT_STREET_NAMES = (
    "the", "a", "an", "and", "or", "but", "of", "for", "to", "in", "on", "at", "by", "with", "from",
    "into", "about", "my", "your", "his", "her", "their", "our", "its", "me", "him", "them", "us",
    "was", "were", "is", "are", "be", "been", "had", "has", "have", "did", "do", "not", "no", "times",
    "time", "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
    "minute", "minutes", "people", "calls", "visits", "other", "more", "than", "that", "this", "then",
    "when", "who", "which", "i", "we", "you", "he", "she", "they", "it", "all", "every", "some",
)
_STREET_NAME_WORD = (
    rf"(?!(?:{'|'.join(_NOT_STREET_NAMES)}){_END}){_LETTERS}(?:{_LETTERS}|[{_APOSTROPHES}.\-](?={_LETTERS}))*"
)
_ADDRESS = re.compile(
    _START
    + r"(?:(?:flat|apartment|apt|unit|room)\s*[0-9]{1,4}[a-z]?\s*,?\s+)?"
    + r"(?:(?:number|no\.?)\s*)?[0-9]{1,4}[a-z]?(?:\s*[-–/]\s*[0-9]{1,4}[a-z]?)?\s*,?\s+"
    + rf"(?:{_STREET_NAME_WORD}\s+){{1,3}}(?:{'|'.join(_STREET_WORDS)})\.?" + _END,
    re.IGNORECASE,
)

# A run of letters and digits, joined by - / or _: a case reference when it holds 4 or more digits.
_TOKEN = re.compile(r"(?:[^\W_]|[-/_])+")
# A year, or a span of years such as 2019-2020 or a financial year such as 2025-26.
_YEAR = re.compile(r"(?:19|20)[0-9]{2}(?:[-/](?:(?:19|20)[0-9]{2}|[0-9]{2}))?")
_CURRENCY = "£$€"


def _is_reference(probe: str, match: re.Match) -> bool:
    token = match[0]
    if sum(ch.isdigit() for ch in token) < 4:
        return False
    # A year or a sum of money is left as written: "since 2019", "£1500".
    if _YEAR.fullmatch(token):
        return False
    if match.start() > 0 and probe[match.start() - 1] in _CURRENCY and token.isdigit():
        return False
    return True


# Parts of names that are also everyday words ("I hope they will"): removed only when written
# with a capital, so that ordinary sentences survive; full names are removed in any case.
_EVERYDAY_WORDS = frozenset((
    "will", "may", "hope", "grace", "faith", "joy", "rose", "mark", "bill", "sue", "dawn", "young",
    "brown", "white", "green", "black", "hill", "king", "bell", "wood", "hall", "long", "page", "cook",
    "rich", "ray", "frank", "pat", "sandy", "summer", "april", "june", "august", "ivy", "holly",
    "amber", "ruby", "pearl", "lane", "ward", "north", "south", "west", "east", "case", "care", "help",
    "love", "best", "good", "jack", "chase", "reading", "rowe", "park", "field", "fields", "moss",
))
_NAME_PART = re.compile(rf"{_LETTERS}+(?:[{_APOSTROPHES}\-]{_LETTERS}+)*")


def _phrase_pattern(words: list[str]) -> str:
    # Either apostrophe matches either: phones and word processors turn ' into ’.
    def escape(word: str) -> str:
        return "".join(f"[{_APOSTROPHES}]" if ch in _APOSTROPHES else re.escape(ch) for ch in word)

    return r"[\s\-]+".join(escape(word) for word in words)


def _name_phrases(names: Iterable[str]) -> tuple[set[str], set[str]]:
    """(phrases matched in any case, single words matched only with a capital)."""
    any_case: set[str] = set()
    capitalised: set[str] = set()
    for name in names:
        parts = _NAME_PART.findall(unicodedata.normalize("NFC", name or ""))
        if not parts:
            continue
        if len(parts) > 1:
            any_case.add(" ".join(parts))
        singles = set(parts)
        for part in parts:
            singles.update(piece for piece in re.split(r"\-", part) if piece)
        for part in singles:
            if sum(ch.isalpha() for ch in part) < 3:
                continue
            (capitalised if part.casefold() in _EVERYDAY_WORDS else any_case).add(part)
    return any_case, capitalised


def _alternatives(phrases: Iterable[str], *, any_case: bool) -> list[str]:
    patterns = []
    for phrase in sorted(phrases, key=lambda p: (-len(p), p)):
        words = phrase.split()
        if any_case:
            patterns.append(f"(?i:{_phrase_pattern(words)})")
        else:
            variants = {phrase[:1].upper() + phrase[1:].lower(), phrase.upper()}
            patterns.extend(_phrase_pattern(variant.split()) for variant in sorted(variants))
    return patterns


@lru_cache(maxsize=64)
def _words_pattern(names: tuple[str, ...], extra: bool) -> re.Pattern | None:
    if extra:
        any_case = {" ".join(_NAME_PART.findall(word)) for word in names} - {""}
        capitalised: set[str] = set()
    else:
        any_case, capitalised = _name_phrases(names)
    alternatives = _alternatives(any_case, any_case=True) + _alternatives(capitalised, any_case=False)
    if not alternatives:
        return None
    possessive = rf"(?:[{_APOSTROPHES}](?i:s)?)?"
    return re.compile(_START + "(?:" + "|".join(alternatives) + ")" + possessive + _END)


def _substitute(text: str, pattern: re.Pattern | None, kind: str,
                accept: Callable[[str, re.Match], bool] | None = None) -> str:
    """Replace what ``pattern`` finds with the kind's marker, never touching existing markers."""
    if pattern is None:
        return text
    result: list[str] = []
    for piece, existing in split_markers(text):
        if existing is not None:
            result.append(piece)
            continue
        probe = _ascii_digits(piece)
        position = 0
        for match in pattern.finditer(probe):
            if match.start() == match.end() or (accept is not None and not accept(probe, match)):
                continue
            result.append(piece[position:match.start()])
            result.append(marker(kind))
            position = match.end()
        result.append(piece[position:])
    return "".join(result)


def _one_pass(text: str, names: tuple[str, ...], extra_words: tuple[str, ...]) -> str:
    # Emails and phone numbers before case references, which would otherwise take their digits;
    # addresses before postcodes never matters, as neither can hold the other.
    text = _substitute(text, _EMAIL, EMAIL)
    text = _substitute(text, _PHONE, PHONE)
    text = _substitute(text, _POSTCODE, POSTCODE)
    text = _substitute(text, _ADDRESS, ADDRESS)
    text = _substitute(text, _TOKEN, REFERENCE, _is_reference)
    text = _substitute(text, _words_pattern(names, False), NAME)
    text = _substitute(text, _words_pattern(extra_words, True), OTHER)
    return text


def redact(text: str, *, names: Iterable[str] = (), extra_words: Iterable[str] = ()) -> Redacted:
    """``text`` with phone numbers, emails, postcodes, addresses, case references, the given
    names and the council's extra words replaced by markers.

    Passes repeat until nothing more is found: taking one detail out can leave a neighbour
    standing alone where a rule now sees it. Each pass only ever replaces text with markers, so
    this ends, and redacting redacted text changes nothing.
    """
    names = tuple(sorted({name for name in names if name and name.strip()}))
    extra_words = tuple(sorted({word for word in extra_words if word and word.strip()}))
    current = text
    while True:
        following = _one_pass(current, names, extra_words)
        if following == current:
            return Redacted(current, kinds_in(current))
        current = following


# Checking what an analyst did to a text: words and markers in order, and punctuation.
_TOKENS = re.compile(MARKER.pattern + rf"|{_WORD}+|\S")


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, value): kind is "marker", "word" or "mark" (punctuation and symbols)."""
    tokens = []
    for match in _TOKENS.finditer(text):
        value = match[0]
        if match[1]:
            tokens.append(("marker", value))
        elif re.fullmatch(f"{_WORD}+", value):
            tokens.append(("word", value))
        else:
            tokens.append(("mark", value))
    return tokens


def only_removes(before: str, after: str) -> bool:
    """Whether ``after`` is ``before`` with some words replaced by markers, and nothing added.

    The words of ``after`` must be words of ``before``, in the same order; every word of
    ``before`` left out must stand where ``after`` has a marker. Punctuation may be dropped but
    not added, and spacing may change. A quote is the person's words or a gap, never a word they
    did not write.
    """
    old = _tokens(before)
    reachable = {0}  # positions in ``old`` that the part of ``after`` read so far can end at
    for kind, value in _tokens(after):
        reachable = _skip_marks(old, reachable)
        if kind == "marker":
            # A marker stands for any run of the old text, including none.
            reachable = set(range(min(reachable), len(old) + 1))
        else:
            reachable = {i + 1 for i in reachable if i < len(old) and old[i] == (kind, value)}
        if not reachable:
            return False
    return len(old) in _skip_marks(old, reachable)


def _skip_marks(old: list[tuple[str, str]], reachable: set[int]) -> set[int]:
    result = set(reachable)
    for position in sorted(reachable):
        while position < len(old) and old[position][0] == "mark":
            position += 1
            result.add(position)
    return result
