"""How complete and how reviewed each language's translation is.

A translation made without a native speaker is marked fuzzy ("needs review") message by message
in its catalogue; a language is reviewed once someone who speaks it has read it through, which
``translations/reviews.yaml`` records with their name and the date. A council sees here which of
the languages it may offer have been checked, and offers an unchecked one only by accepting it.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

from .config import PROJECT_ROOT
from .i18n import LANGUAGES

TRANSLATIONS = PROJECT_ROOT / "translations"
SOURCE_LANGUAGE = "en"


def reviews_path() -> Path:
    return TRANSLATIONS / "reviews.yaml"


class ReviewState(str, enum.Enum):
    SOURCE = "source"              # English: what the others are translated from
    REVIEWED = "reviewed"          # read through by a native speaker, nothing waiting
    NEW_MESSAGES = "new_messages"  # reviewed once; messages added or changed since need checking
    MACHINE_MADE = "machine_made"  # nobody who speaks it has read it through
    INCOMPLETE = "incomplete"      # some messages have no translation at all


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    name: str
    total: int
    translated: int
    needs_review: int
    reviewed_by: str | None = None
    reviewed_on: date | None = None

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    @property
    def reviewed(self) -> bool:
        """Checked by a native speaker with nothing waiting: people may be offered it as it is."""
        return self.state in (ReviewState.SOURCE, ReviewState.REVIEWED)

    @property
    def state(self) -> ReviewState:
        if self.code == SOURCE_LANGUAGE:
            return ReviewState.SOURCE
        if not self.complete:
            return ReviewState.INCOMPLETE
        if self.reviewed_by is None:
            return ReviewState.MACHINE_MADE
        return ReviewState.REVIEWED if self.needs_review == 0 else ReviewState.NEW_MESSAGES


@lru_cache(maxsize=32)
def _read(path: Path, modified: float) -> tuple[int, int, int]:
    with open(path, "rb") as po:
        catalogue = read_po(po)
    messages = [m for m in catalogue if m.id]
    translated = [m for m in messages if all(m.string if isinstance(m.string, (list, tuple)) else [m.string])]
    return len(messages), len(translated), sum(1 for m in translated if m.fuzzy)


class ReviewsFileError(ValueError):
    """translations/reviews.yaml says something that cannot be true; the message says what."""


def read_reviews(text: str) -> dict[str, tuple[str, date]]:
    """Each reviewed language's reviewer and date, from the text of reviews.yaml."""
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ReviewsFileError("reviews.yaml must map language codes to their review")
    reviews = {}
    for code, entry in data.items():
        if code not in LANGUAGES or code == SOURCE_LANGUAGE:
            raise ReviewsFileError(f"reviews.yaml names {code!r}, which is not a translated language")
        by, on = (entry or {}).get("reviewed_by"), (entry or {}).get("reviewed_on")
        if not isinstance(by, str) or not by.strip() or not isinstance(on, date):
            raise ReviewsFileError(f"reviews.yaml: {code} needs reviewed_by (a name) and reviewed_on (a date)")
        reviews[code] = (by.strip(), on)
    return reviews


@lru_cache(maxsize=4)
def _reviews(path: Path, modified: float) -> dict[str, tuple[str, date]]:
    return read_reviews(path.read_text(encoding="utf-8"))


def reviews() -> dict[str, tuple[str, date]]:
    path = reviews_path()
    return _reviews(path, path.stat().st_mtime) if path.exists() else {}


def language_status(code: str) -> LanguageStatus | None:
    if code not in LANGUAGES:
        return None
    if code == SOURCE_LANGUAGE:
        return LanguageStatus(code, LANGUAGES[code], 1, 1, 0)
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return None
    total, translated, fuzzy = _read(path, path.stat().st_mtime)
    by, on = reviews().get(code, (None, None))
    return LanguageStatus(code, LANGUAGES[code], total, translated, fuzzy, by, on)


def language_statuses(codes=None) -> list[LanguageStatus]:
    found = (language_status(code) for code in (codes or LANGUAGES))
    return [status for status in found if status is not None]
