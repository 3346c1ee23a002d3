"""Staff passwords: Argon2id hashes, and the rules a new password must meet."""
from __future__ import annotations

import secrets
from functools import lru_cache

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


def generate_password() -> str:
    """A random password for accounts made from the command line (about 120 bits)."""
    return secrets.token_urlsafe(15)
