"""People's names found with the lists in ``name_lists/``, whoever the person is.

The lists hold given names and surnames (see ``name_lists/README.md`` for their sources), and
two lists of the names that are also ordinary words. How much a word needs before it counts
as a name depends on which it is:

- a name that is no ordinary word ("Sarah", "Kowalski", "Siân") goes in any case, anywhere;
- a name that is also an everyday word ("will", "may", "mark", "hope", "rose") goes when written
  with a capital in the middle of a sentence, after a title ("Mrs", "Dr"), after "called",
  "named" or "her name is", after "my son", "her carer" and the like when written with a
  capital, or next to another name ("will smith", "Mark Jones");
- a name that is mostly a place, a day, a faith or a service ("Preston", "Christian", "Council")
  goes only after a title, "called" and the like, a relation, or next to another name.

Months ("June", "May") are left alone where they read as dates: "in May", "3 June", "June 2024".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .redaction_text import APOSTROPHES, WORD

LISTS = Path(__file__).resolve().parent / "name_lists"

PLAIN, EVERYDAY, PROPER = "plain", "everyday", "proper"

# Letters (with the combining marks some scripts put inside words), joined by apostrophes or
# hyphens, then perhaps a possessive ("Sarah's", "Jones’").
_LETTER = rf"(?:(?![\d_]){WORD})"
_TOKEN = re.compile(
    rf"(?<!{WORD}){_LETTER}+(?:[{APOSTROPHES}\-]{_LETTER}+)*(?:[{APOSTROPHES}](?:[sS](?!{_LETTER}))?)?(?!{WORD})"
)
# What follows an apostrophe at the end of a word is not part of a name: "Sarah's", "Jones’",
# Welsh "mai'r" and "Mae'n", English "don't".
_SUFFIX = re.compile(rf"[{APOSTROPHES}][^\W\d_]?$")

# Before a name in any case: "mrs may", "dr rose".
_TITLES = frozenset(("mr", "mrs", "ms", "mx", "dr", "prof", "professor", "cllr", "councillor", "sgt", "rev",
                     "revd", "reverend"))
# Before a name written with a capital: "my son Mark", "Nurse Hope", "Pani Róża".
_RELATIONS = frozenset((
    "miss", "sir", "dame", "lady", "lord", "pc", "dc", "fr", "father", "sister", "brother", "nurse", "doctor",
    "pan", "pani", "son", "daughter", "husband", "wife", "partner", "mum", "mom", "mother", "dad", "friend",
    "neighbour", "neighbor", "carer", "worker", "grandson", "granddaughter", "grandma", "grandmother",
    "grandad", "granddad", "grandfather", "grandpa", "nan", "nana", "nanna", "gran", "granny", "nephew",
    "niece", "cousin", "uncle", "aunt", "auntie", "aunty", "boyfriend", "girlfriend", "fiance", "fiancé",
    "fiancee", "stepson", "stepdaughter", "stepmum", "stepdad", "child", "baby", "advocate", "gp", "manager",
    "officer", "colleague", "landlord", "landlady", "teacher", "therapist", "counsellor", "caseworker",
    "keyworker", "sgt", "inspector", "matron", "imam", "rabbi", "vicar", "pastor",
))
# "named hope", "her name is may", "known as Rose", "a man called Declan", "she is called will".
_NAMED = re.compile(
    r"(?i:\b(?:named|nicknamed|known\s+as|name\s+(?:is|was)|name['’]s|names\s+(?:are|were)|"
    r"(?:is|was|were|are|be|been|being|gets?|got|someone|somebody|one|man|woman|lady|girl|boy|guy|bloke|"
    r"person|friend)\s+called)\s*[:,]?\s*)$"
)
# "called" alone ("I called will"): enough for a listed name, not for a place ("I called Leeds").
_CALLED = re.compile(r"(?i:\bcalled\s*[:,]?\s*)$")
# Words that make a place or a service of the capitalised word before them ("Rose Court", "Hope
# House", "Sunnyside Lodge"); they are no name themselves. Hall, Green, Hill, Lane and Park are
# left out: they are as often surnames.
_PLACE_WORDS = frozenset((
    "street", "st", "road", "rd", "avenue", "ave", "close", "court", "house", "hospital", "centre", "center",
    "ward", "care", "home", "homes", "lodge", "surgery", "school", "college", "services", "service", "council",
    "team", "unit", "trust", "practice", "medical", "nursing", "gardens", "place", "way", "drive", "grove",
    "terrace", "crescent", "square", "view", "farm", "manor", "cottage", "cottages", "villa", "villas", "mews",
    "foundation", "charity", "project", "group", "club", "society", "association", "fund", "academy",
    "primary", "estate", "housing", "hub", "clinic", "health", "mental", "social", "community", "day", "point",
    "ltd", "limited", "residential", "rest", "nursery", "interests", "meeting", "act", "order", "panel",
    "board", "review", "plan", "assessment", "partnership", "line", "scheme", "credit", "benefit",
    "allowance", "payment", "protection", "office", "department", "authority",
))
# After a name at the start of a sentence: "Will said", "Mark rang", "Sam from the team".
_DOINGS = frozenset((
    "said", "says", "told", "tells", "rang", "rings", "phoned", "phones", "called", "calls", "came", "comes",
    "visited", "visits", "helped", "helps", "listened", "listens", "explained", "explains", "asked", "asks",
    "arrived", "arrives", "gave", "gives", "sorted", "organised", "arranged", "showed", "shows", "kept",
    "spoke", "speaks", "talked", "talks", "understood", "understands", "knew", "knows", "emailed", "texted",
    "replied", "answered", "stayed", "went", "goes", "looked", "wrote", "writes", "and", "from", "who",
))
# Said of a modal verb, these mean a name too: "Will was kind", "May has been".
_MODALS, _BEING = frozenset(("will", "may")), frozenset(("was", "is", "has", "had", "does", "did", "were"))
# Capitalised words that follow a title or a relation without being a name: "Nurse Practitioner",
# "my Social Worker", "Doctor's Surgery".
_ROLES = frozenset((
    "practitioner", "worker", "workers", "manager", "coordinator", "co-ordinator", "assistant", "lead",
    "specialist", "consultant", "support", "advisor", "adviser", "in-law", "i", "and", "is", "was", "who",
    "has", "had", "came", "said", "the", "a", "an", "my", "from", "at", "of", "on", "in", "to",
))
_NOT_NAMES = _PLACE_WORDS | _ROLES | _TITLES | _RELATIONS
_MONTHS = frozenset(("january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                     "sept", "oct", "nov", "dec"))
_DATE_WORDS = frozenset(("in", "on", "since", "until", "till", "last", "next", "this", "early", "late", "mid",
                         "from", "of", "by", "during", "before", "after", "every", "end", "start", "beginning",
                         "through", "throughout", "each", "that", "between"))
_NUMBER = re.compile(r"(?:[0-9]{1,4}(?:st|nd|rd|th)?|['’][0-9]{2})(?![^\W_])", re.IGNORECASE)
_DAY_BEFORE = re.compile(r"(?<![^\W_])[0-9]{1,2}(?:st|nd|rd|th)?\s*(?:of\s+)?$", re.IGNORECASE)
_SENTENCE_END = ".!?…:;\n\r"
_WINDOW = 40  # how far back "her name is" and the like are looked for
_OPENERS = " \t\"'“‘«([{-–—*•·"


def key(word: str) -> str:
    """What a word is looked up by: no case, accents or apostrophes ("O’Brien", "obrien")."""
    word = unicodedata.normalize("NFKD", word.casefold()).replace("ł", "l")
    return "".join(ch for ch in word if not unicodedata.combining(ch) and ch not in APOSTROPHES)


def _read(name: str) -> set[str]:
    with open(LISTS / name, encoding="utf-8") as lines:
        return {key(line.strip()) for line in lines if line.strip() and not line.startswith("#")}


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    return frozenset(_read("given_names.txt"))


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """Each listed name (by ``key``) and how much it needs to count as one."""
    names = given_names() | _read("surnames.txt")
    everyday, proper = _read("everyday_words.txt"), _read("proper_words.txt")
    return {name: PROPER if name in proper else EVERYDAY if name in everyday else PLAIN for name in names}


def is_listed_name(word: str) -> bool:
    """Whether the word, or each part of a hyphenated word, is in the lists."""
    return _kind_of(_SUFFIX.sub("", word)) is not None


def _kind_of(core: str) -> str | None:
    found = lexicon()
    whole = found.get(key(core))
    if whole is not None or "-" not in core:
        return whole
    parts = [found.get(key(part)) for part in core.split("-") if part]
    if not parts or None in parts:
        return None
    # "Smith-Jones", "Rose-Marie": a hyphen between names is itself a sign of a name.
    return PLAIN if PLAIN in parts else EVERYDAY if EVERYDAY in parts else PROPER


@dataclass
class _Token:
    start: int
    end: int
    core: str
    kind: str | None
    capital: bool  # begins with a capital letter
    upper: bool  # written all in capitals
    name: bool = False


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match[0]
        core = _SUFFIX.sub("", word) if len(word) > 2 else word
        if not core:
            continue
        letters = [ch for ch in core if ch.isalpha()]
        tokens.append(_Token(match.start(), match.end(), core, _kind_of(core), core[:1].isupper(),
                             len(letters) > 1 and all(ch.isupper() for ch in letters)))
    return tokens


def _style(tokens: list[_Token]) -> tuple[bool, bool]:
    """(shouting, headline): most words in capitals, or most words capitalised."""
    words = [token for token in tokens if len(token.core) > 1]
    if len(words) < 4:
        return False, False
    shouting = sum(token.upper for token in words) > 0.6 * len(words)
    headline = sum(token.capital for token in words) > 0.6 * len(words)
    return shouting, headline and not shouting


def _sentence_start(text: str, position: int) -> bool:
    while position > 0 and text[position - 1] in _OPENERS:
        position -= 1
    return position == 0 or text[position - 1] in _SENTENCE_END


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Whether two tokens stand next to each other with only spaces between them."""
    gap = text[left.end:right.start]
    return 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap


def _previous_word(tokens: list[_Token], index: int, text: str) -> str:
    if index == 0:
        return ""
    before = tokens[index - 1]
    gap = text[before.end:tokens[index].start]
    word = before.core.casefold()
    # A full stop between them ends a sentence, unless it ends an abbreviation ("Mrs. May").
    allowed = " ,." if word in _TITLES or len(word) == 1 else " ,"
    return word if len(gap) <= 3 and not gap.strip(allowed) else ""


def _named(text: str, token: _Token) -> bool:
    return _NAMED.search(text, max(0, token.start - _WINDOW), token.start) is not None


def _called(text: str, token: _Token) -> bool:
    return _CALLED.search(text, max(0, token.start - _WINDOW), token.start) is not None


def _is_date(text: str, tokens: list[_Token], index: int) -> bool:
    """Whether a month's name reads as a date: "in May", "3rd of June", "June 2024"."""
    token = tokens[index]
    if _previous_word(tokens, index, text) in _DATE_WORDS:
        return True
    if _DAY_BEFORE.search(text, max(0, token.start - _WINDOW), token.start):
        return True
    return bool(_NUMBER.match(text[token.end:].lstrip(" ,")))


def _decide(text: str, tokens: list[_Token], index: int, shouting: bool, headline: bool) -> bool:
    token = tokens[index]
    previous = _previous_word(tokens, index, text)
    if previous in _TITLES or _named(text, token) or (token.kind == EVERYDAY and _called(text, token)):
        return True
    related = previous in _RELATIONS and (token.capital or token.upper)
    if key(token.core) in _MONTHS and _is_date(text, tokens, index):
        return False
    if token.kind == PROPER:
        return related
    if token.kind == PLAIN:
        return True
    if related:
        return True
    if not token.capital or token.upper or shouting or headline or key(token.core) in _PLACE_WORDS:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    next_word = following.core.casefold() if following is not None and _joined(text, token, following) else ""
    if _sentence_start(text, token.start):
        # Only a given name: "Will said", but "Counts from 1 to 9" and "Green said" are no one.
        return key(token.core) in given_names() and (
            next_word in _DOINGS or (key(token.core) in _MODALS and next_word in _BEING))
    return not (following is not None and following.capital and key(next_word) in _PLACE_WORDS)


def _unlisted_name(text: str, tokens: list[_Token], index: int, shouting: bool, headline: bool) -> bool:
    """A word no list holds is a name after a title or "called", or after "my son" and the like,
    when written with a capital: "Mrs Oyelaran", "my grandson Kacper", "named Tegid"."""
    token = tokens[index]
    if not token.capital or (token.upper and not shouting) or key(token.core) in _NOT_NAMES:
        return False
    previous = _previous_word(tokens, index, text)
    if previous in _TITLES or _named(text, token):
        return True
    return previous in _RELATIONS and not headline


def _spread(text: str, tokens: list[_Token], headline: bool) -> None:
    """Names stand together: a listed word or an initial next to a name is part of it, and so
    is a capitalised word after one ("Faith Okafor": a surname no list holds)."""
    changed = True
    while changed:
        changed = False
        for index, token in enumerate(tokens):
            if token.name:
                continue
            left = tokens[index - 1] if index > 0 else None
            right = tokens[index + 1] if index + 1 < len(tokens) else None
            initial = len(token.core) == 1 and token.capital
            if right is not None and right.name and _before_name(text, token, right, initial):
                token.name = changed = True
            elif (left is not None and left.name and token.capital and _joined(text, left, token)
                  and (token.kind is not None or (left.capital and not headline))
                  and key(token.core) not in _NOT_NAMES):
                token.name = changed = True


def _before_name(text: str, token: _Token, name: _Token, initial: bool) -> bool:
    if initial:
        gap = text[token.end:name.start]
        return gap in (" ", ". ", ".") or (gap.startswith(".") and gap[1:].isspace() and len(gap) <= 3)
    return token.kind is not None and _joined(text, token, name) and (token.capital or not name.capital)


def find(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of names in ``text``; a run may hold several words."""
    tokens = _tokens(text)
    if not tokens:
        return []
    shouting, headline = _style(tokens)
    for index, token in enumerate(tokens):
        if len(key(token.core)) < 2:
            continue
        if token.kind is not None:
            token.name = _decide(text, tokens, index, shouting, headline)
        else:
            token.name = _unlisted_name(text, tokens, index, shouting, headline)
    _spread(text, tokens, headline)
    spans: list[tuple[int, int]] = []
    last: _Token | None = None
    for token in tokens:
        if not token.name:
            continue
        if last is not None and spans and spans[-1][1] == last.end and (
                _joined(text, last, token) or (len(last.core) == 1 and _before_name(text, last, token, True))):
            spans[-1] = (spans[-1][0], token.end)
        else:
            spans.append((token.start, token.end))
        last = token
    return spans


def words_needing_context() -> frozenset[str]:
    """Listed names that are also everyday words, places and the like ("will", "preston")."""
    return frozenset(word for word, kind in lexicon().items() if kind != PLAIN)
