"""Comments in reports: theme counts, approved quotes and how far review has got.

Like ``reports.figures``, these run outside the signed-in user's organisation scope and filter
on ``organisation_id`` themselves (``None`` meaning every organisation); deciding which
organisations a user may ask about is the caller's job. Theme counts are unrounded: disclosure
control is applied to them as to any other count, once totals have been made.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import unscoped
from ..models import CommentReview, CommentStatus, CommentTheme, comment_review_theme
from ..reports.counts import Counts
from ..reports.periods import Period
from .labels import render_text
from .reviews import create_missing_reviews, quote_agreed_clause, redactor_for

THEME_DIMENSIONS = ("organisation_id", "theme")


def _in_period(period: Period) -> list:
    start, end = period.utc_bounds()
    return [CommentReview.submitted_at >= start, CommentReview.submitted_at < end]


def theme_counts(session: Session, organisation_ids: Collection[int] | None, period: Period) -> Counts:
    """Comments sent in the period, counted by council and theme (a comment counts once under
    each of its themes, so themes do not add up to the number of comments)."""
    criteria = _in_period(period)
    if organisation_ids is not None:
        criteria.append(CommentReview.organisation_id.in_(sorted(set(organisation_ids))))
    statement = (
        select(CommentReview.organisation_id, CommentTheme.label, func.count())
        .select_from(CommentReview)
        .join(comment_review_theme, comment_review_theme.c.review_id == CommentReview.id)
        .join(CommentTheme, CommentTheme.id == comment_review_theme.c.theme_id)
        .where(*criteria)
        .group_by(CommentReview.organisation_id, CommentTheme.label)
    )
    with unscoped(session):
        rows = session.execute(statement).all()
    return Counts.from_rows(THEME_DIMENSIONS, rows)


@dataclass(frozen=True)
class Quote:
    text: str  # redacted, with its labels in the current language
    question_key: str
    themes: tuple[str, ...]
    language: str  # the language the person wrote in


def approved_quotes(session: Session, organisation_id: int, period: Period, limit: int | None = None) -> list[Quote]:
    """The council's comments approved as quotes, sent in the period, newest first."""
    statement = (
        select(CommentReview.id, CommentReview.redacted_text, CommentReview.question_key, CommentReview.language)
        .where(CommentReview.organisation_id == organisation_id, CommentReview.status == CommentStatus.APPROVED,
               # Never the words of someone who did not say yes to being quoted, however approved.
               quote_agreed_clause(), *_in_period(period))
        .order_by(CommentReview.submitted_at.desc(), CommentReview.id.desc())
    )
    if limit is not None:
        statement = statement.limit(limit)
    with unscoped(session):
        rows = session.execute(statement).all()
        themes: dict[int, list[str]] = defaultdict(list)
        if rows:
            for review_id, label in session.execute(
                select(comment_review_theme.c.review_id, CommentTheme.label)
                .join(CommentTheme, CommentTheme.id == comment_review_theme.c.theme_id)
                .where(comment_review_theme.c.review_id.in_([row.id for row in rows]))
                .order_by(CommentTheme.position, CommentTheme.id)
            ):
                themes[review_id].append(label)
    if not rows:
        return []
    # Names and words added since a comment was approved come out of the quote as well.
    redactor = redactor_for(session, organisation_id)
    return [Quote(render_text(redactor.apply(text).text), question_key, tuple(themes[review_id]), language)
            for review_id, text, question_key, language in rows]


def review_counts(session: Session, organisation_id: int, period: Period) -> dict[str, int]:
    """How many of the council's comments in the period are pending, approved and not approved.

    Comments nobody has looked at yet are made into reviews first, so that they count as pending.
    """
    create_missing_reviews(session, organisation_id, period)
    with unscoped(session):
        counted = dict(session.execute(
            select(CommentReview.status, func.count(CommentReview.id))
            .where(CommentReview.organisation_id == organisation_id, *_in_period(period))
            .group_by(CommentReview.status)
        ).all())
    return {status.value: counted.get(status, 0) for status in CommentStatus}
