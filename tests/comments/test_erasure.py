"""Erasing a person's answers takes their comment's review, and its themes, with them."""
from sqlalchemy import func, select

from feedback_app.comments.reviews import create_missing_reviews
from feedback_app.comments.themes import ensure_default_themes
from feedback_app.models import Channel, CommentReview, CommentStatus, CommentTheme, ResponseStatus, comment_review_theme
from feedback_app.answers import erase_response

from .conftest import review_of, write_comment


def _count(session, table):
    return session.scalar(select(func.count()).select_from(table))


def test_erasing_a_response_deletes_its_review_and_tags(session, council):
    kept = write_comment(session, council, "Keep me")
    erased = write_comment(session, council, "Delete me, Sam")
    create_missing_reviews(session, council.id)
    ensure_default_themes(session, council.id)
    theme = session.scalar(select(CommentTheme).where(CommentTheme.organisation_id == council.id).limit(1))
    for response in (kept, erased):
        review = review_of(session, response)
        review.themes = [theme]
        review.status = CommentStatus.APPROVED
    session.commit()

    erase_response(session, erased.id, Channel.WEB)
    session.commit()
    assert erased.status == ResponseStatus.ERASED
    assert review_of(session, erased) is None
    assert review_of(session, kept) is not None
    assert _count(session, CommentReview.__table__) == 1
    assert _count(session, comment_review_theme) == 1
    # Nothing brings it back: there is no answer left to make a review from.
    assert create_missing_reviews(session, council.id) == 0
