"""Encryption at rest: contact details, what people wrote, and notes about them (every column of
type ``EncryptedText`` in the models).

``DATA_KEY`` holds one or more Fernet keys separated by commas. The first encrypts; all of them
decrypt, so a new key can be put in front, ``flask keys rotate`` re-encrypts every stored value
with it, and the old key can then be removed.
"""
from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class KeyRing:
    def __init__(self):
        self._fernet: MultiFernet | None = None

    def configure(self, keys: list[str]) -> None:
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])

    @property
    def fernet(self) -> MultiFernet:
        if self._fernet is None:
            raise RuntimeError("The data key has not been configured; create the app first.")
        return self._fernet

    def encrypt(self, plaintext: str) -> str:
        return self.fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self.fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise InvalidToken(
                "A stored contact detail cannot be decrypted: DATA_KEY lacks the key it was made with."
            )

    def rotate(self, token: str) -> str:
        return self.fernet.rotate(token.encode("ascii")).decode("ascii")


keyring = KeyRing()


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")
