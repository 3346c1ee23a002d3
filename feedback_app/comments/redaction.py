"""Taking identifying details out of what people wrote, before any analyst reads it.

Pure functions, no database and no translations. A redacted detail becomes a language-neutral
marker such as ``⟦phone⟧``; the words a reader sees ("[phone number removed]", in their own
language) are put in only when the text is shown, by ``render``. Storing markers rather than
English words means one stored text serves analysts in every language, and a later pass (with
a longer list of names, say) can tell what was already removed.

The rules lean towards removing too much: a comment quoted in a report must never lead back to
a person, while a few lost words cost little.

What is found, and by what: Microsoft Presidio's analyser with its maintained recognisers, the
service's own patterns for what those miss, and people's names from lists kept in the
repository (``redaction_analyser``, ``redaction_rules``, ``redaction_names``); then the names of
the council's staff and the council's own words, here. Where rules overlap, every character any
of them found goes.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from . import redaction_names
from .redaction_text import (  # noqa: F401 (the kinds are part of this module's interface)
    ADDRESS, APOSTROPHES, EMAIL, END, KINDS, LETTERS, NAME, OTHER, PHONE, POSTCODE, REFERENCE, START, WORD,
    ascii_digits,
)

MARKER = re.compile(r"⟦(" + "|".join(KINDS) + r")⟧")
# Which kind a run found by several rules at once is given, when two are as long as each other.
_PRECEDENCE = (EMAIL, PHONE, REFERENCE, POSTCODE, ADDRESS, NAME, OTHER)


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


# Parts of staff names that are also everyday words ("I hope they will") or places ("Preston"),
# here and in the lists of names: removed only when written with a capital, so that ordinary
# sentences survive; full names are removed in any case.
_EVERYDAY_WORDS = redaction_names.words_needing_context() | frozenset((
    "will", "may", "hope", "grace", "faith", "joy", "rose", "mark", "bill", "sue", "dawn", "young",
    "brown", "white", "green", "black", "hill", "king", "bell", "wood", "hall", "long", "page", "cook",
    "rich", "ray", "frank", "pat", "sandy", "summer", "april", "june", "august", "ivy", "holly",
    "amber", "ruby", "pearl", "lane", "ward", "north", "south", "west", "east", "case", "care", "help",
    "love", "best", "good", "jack", "chase", "reading", "rowe", "park", "field", "fields", "moss",
))
_NAME_PART = re.compile(rf"{LETTERS}+(?:[{APOSTROPHES}\-]{LETTERS}+)*")


def _phrase_pattern(words: list[str]) -> str:
    # Either apostrophe matches either: phones and word processors turn ' into ’.
    def escape(word: str) -> str:
        return "".join(f"[{APOSTROPHES}]" if ch in APOSTROPHES else re.escape(ch) for ch in word)

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
    possessive = rf"(?:[{APOSTROPHES}](?i:s)?)?"
    return re.compile(START + "(?:" + "|".join(alternatives) + ")" + possessive + END)


# A marker already in the text is hidden from the rules behind characters that belong to no
# word, number or address, so that positions stay as they are and nothing is found inside one.
_HIDDEN = "\ufffc"


def _hidden_markers(text: str) -> str:
    return MARKER.sub(lambda match: _HIDDEN * len(match[0]), text)


def _found(probe: str, names: tuple[str, ...], extra_words: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every detail any rule finds; they may overlap."""
    from . import redaction_analyser  # Presidio and its imports load on the first comment, not at start-up

    spans = redaction_analyser.find(probe)
    for pattern, kind in ((_words_pattern(names, False), NAME), (_words_pattern(extra_words, True), OTHER)):
        if pattern is not None:
            spans.extend((match.start(), match.end(), kind) for match in pattern.finditer(probe)
                         if match.end() > match.start())
    return spans


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping details become one, of the kind of the longest (by ``_PRECEDENCE`` if tied).

    A run is only ever widened: every character any rule found is taken out.
    """
    rank = {kind: index for index, kind in enumerate(_PRECEDENCE)}
    runs: list[list] = []  # [start, end, kind, length of the detail that gave the kind]
    for start, end, kind in sorted(spans):
        if runs and start < runs[-1][1]:
            run = runs[-1]
            run[1] = max(run[1], end)
            if (end - start, -rank[kind]) > (run[3], -rank[run[2]]):
                run[2], run[3] = kind, end - start
        else:
            runs.append([start, end, kind, end - start])
    return [(start, end, kind) for start, end, kind, _ in runs]


def _one_pass(text: str, names: tuple[str, ...], extra_words: tuple[str, ...]) -> str:
    probe = ascii_digits(_hidden_markers(text))
    result: list[str] = []
    position = 0
    for start, end, kind in _merged(_found(probe, names, extra_words)):
        # Never into a marker already there: the run is cut around it.
        for piece in re.finditer(f"[^{_HIDDEN}]+", probe[start:end]):
            piece_start, piece_end = start + piece.start(), start + piece.end()
            if piece_start < position or not re.search(WORD, probe[piece_start:piece_end]):
                continue
            result.append(text[position:piece_start])
            result.append(marker(kind))
            position = piece_end
    result.append(text[position:])
    return "".join(result)


def redact(text: str, *, names: Iterable[str] = (), extra_words: Iterable[str] = ()) -> Redacted:
    """``text`` with identifying details replaced by markers: people's names (``names``, the
    council's staff, and any name in the lists kept with this module), phone numbers, emails
    (spelled out or not), postcodes, addresses, NHS and National Insurance numbers, case and
    other references, and the council's ``extra_words``.

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
_TOKENS = re.compile(MARKER.pattern + rf"|{WORD}+|\S")


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, value): kind is "marker", "word" or "mark" (punctuation and symbols)."""
    tokens = []
    for match in _TOKENS.finditer(text):
        value = match[0]
        if match[1]:
            tokens.append(("marker", value))
        elif re.fullmatch(f"{WORD}+", value):
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
