"""The service's own patterns, for what the standard recognisers do not know.

Presidio's recognisers (see ``redaction_analyser``) find well-formed emails, valid phone numbers,
NHS numbers that pass their check digit, National Insurance numbers, cards and the like. These
patterns add what people actually type in a comment about their own lives: UK phone numbers
broken up any old way, emails spelled out so that spam robots miss them ("jo at example dot
com"), HMRC's specimen National Insurance numbers and ones spaced oddly, ten digits set out as
an NHS number whatever their check digit, addresses with a house number, case references, and
a date of birth when it is introduced as one.

Every rule is a plain regular expression over text whose digits are ASCII (``ascii_digits``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .redaction_text import ADDRESS, APOSTROPHES, EMAIL, END, LETTERS, PHONE, POSTCODE, REFERENCE, START


@dataclass(frozen=True)
class Rule:
    entity: str  # the name the analyser reports it by
    kind: str  # the redaction kind (see redaction.KINDS)
    pattern: re.Pattern
    accept: Callable[[str, re.Match], bool] | None = None
    group: str | int = 0  # the part of a match that is the detail


EMAIL_PATTERN = re.compile(r"(?<![\w.+'-])[\w.+'-]*\w@\w[\w-]*(?:\.[\w-]+)+")

_OPEN, _CLOSE = r"[(\[{<]", r"[)\]}>]"
_AT_BRACKETED = rf"\s*(?:@|{_OPEN}\s*(?:at|@)\s*{_CLOSE})\s*"
# A full stop with a space after it alone ends a sentence ("I was at home. It was fine").
_DOT = rf"(?:\s*{_OPEN}\s*dot\s*{_CLOSE}\s*|\s+dot\s+|\.|\s\.\s)"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_LOCAL = rf"(?<![\w.+'-])[\w+'-]+(?:(?:{_DOT}|[_-])[\w+'-]+)*"
# Endings of the addresses people give; a spelled-out " at " needs one of them, or a known
# provider, because "at" and "dot" are ordinary words.
_TLDS = ("com", "co", "uk", "org", "net", "gov", "nhs", "ac", "sch", "info", "biz", "me", "io", "pl", "pk",
         "in", "ie", "eu", "de", "fr", "es", "it", "us", "ca", "au", "email", "online", "cymru", "wales",
         "scot", "london", "ro", "lt", "bd", "ng", "so")
_PROVIDERS = ("gmail", "googlemail", "hotmail", "outlook", "yahoo", "icloud", "btinternet", "aol",
              "virginmedia", "talktalk", "protonmail", "ymail", "msn", "btopenworld", "blueyonder")
SPELLED_EMAIL = re.compile(
    rf"{_LOCAL}(?:{_AT_BRACKETED}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}[a-z]{{2,24}}"
    rf"|{_AT_BRACKETED}(?:{'|'.join(_PROVIDERS)})"
    rf"|\s+at\s+(?:{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}(?:{'|'.join(_TLDS)})"
    rf"|(?:{'|'.join(_PROVIDERS)})(?:{_DOT}{_LABEL})*))"
    r"(?![\w@])",
    re.IGNORECASE,
)

# UK numbers: 0 then 9 or 10 digits, or +44 / 0044 (with an optional (0)) then 9 or 10, with
# spaces, dots, dashes, slashes or brackets anywhere between the digits.
PHONE_NUMBER = re.compile(
    # Not part of a longer token ("1-000-0000000", "07700900123-A"): that is left whole for the
    # case reference rule, so that no digit of it is left behind.
    r"(?<![\w+])(?<![^\W_][-./–_])(?:\(?(?:\+|00)\s?44\)?\s?(?:\(0\)\s?)?|\(?0)"
    r"(?:[\s().\-–/]{0,2}[0-9]){9,10}(?![^\W_]|[-./–_][^\W_])"
)

POSTCODE_PATTERN = re.compile(START + r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]?[ \t\u00a0]{0,3}[0-9][A-Za-z]{2}" + END)

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
    rf"(?!(?:{'|'.join(_NOT_STREET_NAMES)}){END}){LETTERS}(?:{LETTERS}|[{APOSTROPHES}.\-](?={LETTERS}))*"
)
ADDRESS_PATTERN = re.compile(
    START
    + r"(?:(?:flat|apartment|apt|unit|room)\s*[0-9]{1,4}[a-z]?\s*,?\s+)?"
    + r"(?:(?:number|no\.?)\s*)?[0-9]{1,4}[a-z]?(?:\s*[-–/]\s*[0-9]{1,4}[a-z]?)?\s*,?\s+"
    + rf"(?:{_STREET_NAME_WORD}\s+){{1,3}}(?:{'|'.join(_STREET_WORDS)})\.?" + END,
    re.IGNORECASE,
)

# Welsh streets put the street word first ("22 Heol y Coed", "5 Lôn Las"); Polish addresses
# the number last ("ul. Długa 12/3").
_WELSH_STREETS = ("heol", "stryd", "ffordd", "lôn", "lon", "rhodfa", "cilgant", "teras", "clos", "llys",
                  "sgwâr", "sgwar", "maes", "parc", "bryn", "allt", "rhes", "cwrt", "tai")
_STREET_WORD = rf"(?:[{APOSTROPHES}]?{LETTERS}(?:{LETTERS}|[{APOSTROPHES}\-](?={LETTERS}))*)"
ADDRESS_ABROAD = re.compile(
    START + r"(?:(?:fflat|flat)\s*[0-9]{1,4}[a-z]?\s*,?\s+)?[0-9]{1,4}[a-z]?\s*,?\s+"
    + rf"(?:{'|'.join(_WELSH_STREETS)})(?:\s+{_STREET_WORD}){{1,3}}" + END
    + r"|" + START + rf"ul(?:\.|ica)\s*{_STREET_WORD}(?:\s+{_STREET_WORD}){{0,2}}\s+[0-9]{{1,4}}[a-z]?"
    + r"(?:\s*/\s*[0-9]{1,4}[a-z]?)?" + END,
    re.IGNORECASE,
)

# A run of letters and digits, joined by - / or _: a case reference when it holds 4 or more digits.
REFERENCE_TOKEN = re.compile(r"(?:[^\W_]|[-/_])+")
# A year, or a span of years such as 2019-2020 or a financial year such as 2025-26.
_YEAR = re.compile(r"(?:19|20)[0-9]{2}(?:[-/](?:(?:19|20)[0-9]{2}|[0-9]{2}))?")
_CURRENCY = "£$€"


def is_reference(probe: str, match: re.Match) -> bool:
    token = match[0]
    if sum(ch.isdigit() for ch in token) < 4:
        return False
    # A year or a sum of money is left as written: "since 2019", "£1500".
    if _YEAR.fullmatch(token):
        return False
    if match.start() > 0 and probe[match.start() - 1] in _CURRENCY and token.isdigit():
        return False
    return True


_SEP = r"[ \u00a0.\-–]?"
# National Insurance numbers: two letters, three pairs of digits and perhaps a letter A to D,
# however spaced ("QQ 12 34 56 C", "qq-123456-c"). The standard recogniser leaves out the
# prefixes HMRC never issues, which include the QQ of its own specimen.
_NI_DIGITS = rf"{_SEP}[0-9]{{2}}{_SEP}[0-9]{{2}}{_SEP}[0-9]{{2}}"
NI_NUMBER = re.compile(
    # In lower case only with the final letter, so that "in 2025-26" stays as written.
    rf"(?<![^\W_])(?:[A-Z]{{2}}{_NI_DIGITS}(?:{_SEP}[A-D])?|[A-Za-z]{{2}}{_NI_DIGITS}{_SEP}[A-Da-d])(?![^\W_])"
)
# Ten digits set out as an NHS number (3, 3, 4), whatever their check digit: a typing slip in one
# digit leaves the other nine.
NHS_NUMBER = re.compile(rf"(?<![^\W_])[0-9]{{3}}{_SEP}[0-9]{{3}}{_SEP}[0-9]{{4}}(?![^\W_])")

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_ORDINAL = r"[0-9]{1,2}(?:st|nd|rd|th)?"
# A date of birth when it is introduced as one ("born on 3rd March 1950", "DOB 12.03.50").
DATE_OF_BIRTH = re.compile(
    r"(?<![^\W_])(?:born(?:\s+on)?|d\.?\s?o\.?\s?b\.?|date\s+of\s+birth(?:\s+(?:is|was))?|"
    r"birthday(?:\s+(?:is|was))?)\s*[:\-–]?\s*"
    rf"(?P<date>{_ORDINAL}(?:\s+of)?\s+{_MONTH}(?:,?\s+[0-9]{{2,4}})?|{_MONTH}\s+{_ORDINAL}(?:,?\s+[0-9]{{4}})?"
    r"|[0-9]{1,2}[./\-][0-9]{1,2}[./\-][0-9]{2,4})(?![^\W_])",
    re.IGNORECASE,
)


RULES = (
    Rule("EMAIL_LOOSE", EMAIL, EMAIL_PATTERN),
    Rule("EMAIL_SPELLED", EMAIL, SPELLED_EMAIL),
    Rule("UK_PHONE_LOOSE", PHONE, PHONE_NUMBER),
    Rule("UK_POSTCODE_LOOSE", POSTCODE, POSTCODE_PATTERN),
    Rule("UK_ADDRESS", ADDRESS, ADDRESS_PATTERN),
    Rule("ADDRESS_WELSH_OR_POLISH", ADDRESS, ADDRESS_ABROAD),
    Rule("UK_NINO_LOOSE", REFERENCE, NI_NUMBER),
    Rule("UK_NHS_SHAPE", REFERENCE, NHS_NUMBER),
    Rule("DATE_OF_BIRTH", REFERENCE, DATE_OF_BIRTH, group="date"),
    Rule("CASE_REFERENCE", REFERENCE, REFERENCE_TOKEN, is_reference),
)
