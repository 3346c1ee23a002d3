"""Staff passwords: Argon2id hashes, and the rules a new password must meet."""
from __future__ import annotations

import re
import secrets
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Long enough to resist guessing without a complexity rule; people are told to use three words.
MIN_PASSWORD_LENGTH = 12
# Hashing cost grows with input, so an unbounded password would let anyone tie up a worker.
MAX_PASSWORD_LENGTH = 256

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored_hash``; never raises for a bad or missing hash."""
    if not stored_hash:
        verify_dummy_password(password)
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the ones now in force."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_dummy_password(password: str) -> None:
    """Spend the time a real check would take, so a response does not reveal unknown accounts."""
    try:
        _hasher.verify(_dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        pass


COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
# Words that, with digits and symbols taken away, leave a password anyone would try.
GUESSABLE_WORDS = {"password", "passw", "qwerty", "qwertyuiop", "asdfghjkl", "letmein", "welcome", "iloveyou",
                   "admin", "administrator", "changeme", "safeguarding", "council", "monkey", "dragon",
                   "football", "sunshine", "princess", "abc", "abcdef", "qwe", "asd", "zxc", "qaz", "wsx", "edc"}
SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _run_of_sequence(text: str) -> bool:
    forwards = [sequence * 3 for sequence in SEQUENCES]
    return any(text in sequence or text in sequence[::-1] for sequence in forwards)


def password_problem(password: str, *, email: str | None = None, names=()) -> str | None:
    """Why a new password is easy to guess ("common" or "personal"), or None if it is not.

    Length is checked by the form. ``names`` are words people would connect with the account,
    such as the organisation's name."""
    lowered = password.lower()
    letters = "".join(ch for ch in lowered if ch.isalpha())
    if (lowered in common_passwords() or lowered.replace(" ", "") in common_passwords()
            or letters in GUESSABLE_WORDS or not letters and lowered.isdigit()
            or len(set(lowered)) < 5 or _run_of_sequence(lowered.replace(" ", ""))):
        return "common"
    personal = set()
    if email:
        local, _at, domain = email.lower().partition("@")
        personal |= {local, domain.split(".")[0]} | {part for part in re.split(r"[._+-]", local)}
    for name in names:
        personal |= {word for word in re.split(r"\W+", (name or "").lower())}
    if any(len(word) >= 4 and word in lowered for word in personal):
        return "personal"
    return None


def generate_password() -> str:
    """A random password for accounts made from the command line (about 120 bits)."""
    return secrets.token_urlsafe(15)
