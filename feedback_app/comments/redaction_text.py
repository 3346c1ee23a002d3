"""The kinds of detail redaction removes, and the character classes its rules share."""
from __future__ import annotations

import unicodedata

NAME = "name"
PHONE = "phone"
EMAIL = "email"
POSTCODE = "postcode"
ADDRESS = "address"
REFERENCE = "reference"
OTHER = "other"  # the council's own list of words, and whatever an analyst takes out by hand
KINDS = (NAME, PHONE, EMAIL, POSTCODE, ADDRESS, REFERENCE, OTHER)

# A character that belongs to a word: \w leaves out combining marks, which Arabic, Urdu and
# decomposed Latin text put inside words.
WORD = (r"[\w\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670"
        r"\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0900-\u0903\u093a-\u094f]")
START = rf"(?<!{WORD})"
END = rf"(?!{WORD})"
LETTERS = r"[^\W\d_]"
APOSTROPHES = "'’"


def ascii_digits(text: str) -> str:
    """``text`` with digits in any script as ASCII digits, one for one, so positions still match.

    A phone number typed in Arabic-Indic or Urdu digits is still a phone number.
    """
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)
