"""A council's list of themes for comments, and its own words to take out of them.

Themes are the council's data, written in its working language; a new council starts from a
short default list drawn from the Making Safeguarding Personal themes, which it can rename,
retire and add to. A theme is retired rather than deleted, so that the comments tagged with it
(and the counts made from them) keep their label.
"""
from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..models import CommentTheme, Organisation
from .reviews import EXTRA_WORDS_KEY, extra_words

LABEL_MAX = 80
WORD_MAX = 80
WORDS_MAX = 200
DEFAULT_THEMES = (
    "Being listened to", "Being kept informed", "Feeling safer", "Communication", "Timeliness",
    "Staff attitude", "Outcome", "Other",
)


class DuplicateTheme(ValueError):
    """The council already has a theme with this label (in any case)."""


class TooManyWords(ValueError):
    pass


def tidy_label(label: str | None) -> str:
    return re.sub(r"\s+", " ", label or "").strip()


def council_themes(session: Session, organisation_id: int, *, active_only: bool = False) -> list[CommentTheme]:
    statement = select(CommentTheme).where(CommentTheme.organisation_id == organisation_id)
    if active_only:
        statement = statement.where(CommentTheme.active.is_(True))
    return list(session.scalars(statement.order_by(CommentTheme.position, CommentTheme.id)))


def ensure_default_themes(session: Session, organisation_id: int) -> bool:
    """Give a council with no themes the default list; say whether it was given one.

    Two analysts arriving at once both try; the loser's insert fails on the unique label and
    is undone, leaving the winner's list.
    """
    if session.scalar(select(CommentTheme.id).where(CommentTheme.organisation_id == organisation_id).limit(1)):
        return False
    try:
        with session.begin_nested():
            session.add_all(CommentTheme(organisation_id=organisation_id, label=label, position=position)
                            for position, label in enumerate(DEFAULT_THEMES, start=1))
    except IntegrityError:
        return False
    session.commit()
    return True


def _check_unique(session: Session, organisation_id: int, label: str, theme_id: int | None = None) -> None:
    # Compared in Python: a council has a few dozen themes, and SQLite's lower() folds ASCII only.
    wanted = label.casefold()
    if any(theme.id != theme_id and theme.label.casefold() == wanted
           for theme in council_themes(session, organisation_id)):
        raise DuplicateTheme(label)


def add_theme(session: Session, council: Organisation, label: str, user) -> CommentTheme:
    label = tidy_label(label)
    _check_unique(session, council.id, label)
    last = session.scalar(select(func.max(CommentTheme.position)).where(CommentTheme.organisation_id == council.id))
    theme = CommentTheme(organisation_id=council.id, label=label, position=(last or 0) + 1)
    session.add(theme)
    _commit_or_duplicate(session, label)
    audit.record(session, "comment_theme_added", theme, user=user, label=label)
    session.commit()
    return theme


def rename_theme(session: Session, theme: CommentTheme, label: str, user) -> bool:
    label = tidy_label(label)
    if label == theme.label:
        return False
    _check_unique(session, theme.organisation_id, label, theme.id)
    previous, theme.label = theme.label, label
    audit.record(session, "comment_theme_renamed", theme, user=user, label=label, previous=previous)
    _commit_or_duplicate(session, label)
    return True


def set_theme_active(session: Session, theme: CommentTheme, active: bool, user) -> bool:
    if theme.active == active:
        return False
    theme.active = active
    audit.record(session, "comment_theme_restored" if active else "comment_theme_retired", theme, user=user)
    session.commit()
    return True


def _commit_or_duplicate(session: Session, label: str) -> None:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise DuplicateTheme(label) from None


def parse_words(text: str | None) -> list[str]:
    """One word or phrase a line; blank lines and repeats (in any case) dropped, order kept."""
    words: dict[str, str] = {}
    for line in (text or "").splitlines():
        word = tidy_label(line)
        if word:
            words.setdefault(word.casefold(), word)
    return list(words.values())


def save_extra_words(session: Session, council: Organisation, words: list[str], user) -> bool:
    """Replace the council's words to take out of comments; say whether the list changed.

    The audit trail records how many there are, not the words: they are often names.
    """
    if len(words) > WORDS_MAX:
        raise TooManyWords(len(words))
    if words == extra_words(council.settings):
        return False
    # A new dict, so that the JSON column is seen to have changed.
    council.settings = {**(council.settings or {}), EXTRA_WORDS_KEY: words}
    audit.record(session, "comment_redaction_words_changed", council, user=user, count=len(words))
    session.commit()
    return True


def view_themes(session: Session, council: Organisation, user) -> None:
    """Record that ``user`` read the council's words to take out, which are often names."""
    audit.record(session, "comment_themes_viewed", council, user=user)
    session.commit()


def seed_demo_comments(session: Session, organisation: Organisation) -> None:
    """Demo data: the default themes for a council (nothing when it already has themes)."""
    ensure_default_themes(session, organisation.id)
