"""How complete and how reviewed each language's translation is, read from the catalogues.

A translation made without a native speaker is marked fuzzy ("needs review"); a council sees
here which of the languages it offers have been checked.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from .config import PROJECT_ROOT
from .i18n import LANGUAGES

TRANSLATIONS = PROJECT_ROOT / "translations"


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    name: str
    total: int
    translated: int
    needs_review: int

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    @property
    def reviewed(self) -> bool:
        return self.complete and self.needs_review == 0


@lru_cache(maxsize=32)
def _read(path: Path, modified: float) -> tuple[int, int, int]:
    with open(path, "rb") as po:
        catalogue = read_po(po)
    messages = [m for m in catalogue if m.id]
    translated = [m for m in messages if all(m.string if isinstance(m.string, (list, tuple)) else [m.string])]
    return len(messages), len(translated), sum(1 for m in translated if m.fuzzy)


def language_statuses(codes=None) -> list[LanguageStatus]:
    statuses = []
    for code in codes or LANGUAGES:
        if code not in LANGUAGES:
            continue
        path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
        if code == "en" or not path.exists():
            if code == "en":
                statuses.append(LanguageStatus(code, LANGUAGES[code], 1, 1, 0))
            continue
        total, translated, fuzzy = _read(path, path.stat().st_mtime)
        statuses.append(LanguageStatus(code, LANGUAGES[code], total, translated, fuzzy))
    return statuses
