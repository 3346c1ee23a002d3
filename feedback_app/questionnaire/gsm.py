"""How long a text message is in the GSM 03.38 alphabet.

One SMS carries 160 characters of the GSM 7-bit alphabet. A single character outside it (a curly
apostrophe pasted from a word processor, for instance) switches the whole message to UCS-2, where
the limit drops to 70, so the short forms are checked against the alphabet, not just counted.
"""
from __future__ import annotations

SINGLE_SMS = 160

_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs an escape character plus itself.
_EXTENDED = set("^{}\\[~]|€\f")


def non_gsm_characters(text: str) -> list[str]:
    """Characters that would force the message out of the GSM alphabet, in order of appearance."""
    seen: list[str] = []
    for char in text:
        if char not in _BASIC and char not in _EXTENDED and char not in seen:
            seen.append(char)
    return seen


def gsm_length(text: str) -> int:
    """Septets used by ``text``; only meaningful when ``non_gsm_characters`` is empty."""
    return sum(2 if char in _EXTENDED else 1 for char in text)


def sms_problem(text: str) -> str | None:
    """Why ``text`` will not go as one GSM text message, or None when it will."""
    odd = non_gsm_characters(text)
    if odd:
        shown = ", ".join(repr(char) for char in odd)
        return f"uses characters a text message cannot send plainly ({shown}); use plain ones"
    length = gsm_length(text)
    if length > SINGLE_SMS:
        return f"is {length} characters long, more than one text message ({SINGLE_SMS})"
    return None
