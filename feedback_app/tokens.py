"""Secrets handed to people: survey link tokens and paper reference codes."""
from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L, 5/S or 2/Z: the code is read from paper and typed or spoken back.
REFERENCE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"


def new_link_token() -> tuple[str, str]:
    """A 256-bit random token for a link, and the hash that is stored in its place."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# Weights for the eight characters, the check character last. No weight, and no difference
# between neighbours, is a multiple of 3, so modulo 27 a single wrong character or two swapped
# neighbours always change the sum.
_WEIGHTS = (11, 10, 8, 7, 5, 4, 2, 1)


def _weighted_sum(chars: str) -> int:
    return sum(weight * REFERENCE_ALPHABET.index(char) for weight, char in zip(_WEIGHTS, chars))


def check_character(chars: str) -> str:
    """The eighth character for seven: it catches any one mistyped character and any swap of two
    neighbours."""
    return REFERENCE_ALPHABET[-_weighted_sum(chars) % len(REFERENCE_ALPHABET)]


def has_valid_check(code: str) -> bool:
    """Whether a normalised code's last character is the check character of the others."""
    chars = code.replace("-", "")
    if len(chars) != 8 or any(char not in REFERENCE_ALPHABET for char in chars):
        return False
    return _weighted_sum(chars) % len(REFERENCE_ALPHABET) == 0


def new_reference_code() -> str:
    """Seven random characters and a check character in two groups (about 33 bits of chance),
    e.g. ``K7QM-3WXA``."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(7))
    chars += check_character(chars)
    return f"{chars[:4]}-{chars[4:]}"


def normalise_reference_code(typed: str) -> str:
    """A typed code in its stored form: capitals, spaces and dashes ignored."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) == 8 else cleaned
