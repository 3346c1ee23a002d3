"""Theme counts, approved quotes and review counts, counted by the database."""
from datetime import datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from feedback_app.comments.queries import Quote, approved_quotes, review_counts, theme_counts
from feedback_app.comments.reviews import create_missing_reviews
from feedback_app.comments.themes import ensure_default_themes
from feedback_app.db import scope_to_organisations
from feedback_app.models import CommentStatus, CommentTheme, Role
from feedback_app.reports.periods import Quarter, RollingYear
from tests.factories import create_user

from .conftest import UTC, review_of, write_comment

Q2 = Quarter(2025, 2)


@pytest.fixture(autouse=True)
def english(session):
    """Quotes are rendered in the reader's language; outside a request, say which."""
    with force_locale("en"):
        yield


def _themes(session, council):
    ensure_default_themes(session, council.id)
    return {t.label: t for t in session.scalars(select(CommentTheme).where(CommentTheme.organisation_id == council.id))}


def _reviewed(session, council, text, *, themes=(), status=CommentStatus.PENDING, submitted_at, language="en",
              quote_ok="yes"):
    response = write_comment(session, council, text, submitted_at=submitted_at, language=language, quote_ok=quote_ok)
    create_missing_reviews(session, council.id)
    review = review_of(session, response)
    labels = _themes(session, council)
    review.themes = [labels[label] for label in themes]
    review.status = status
    session.commit()
    return review


def test_theme_counts_by_council_and_theme_within_the_period(session, council, other_council):
    _reviewed(session, council, "a", themes=["Feeling safer", "Outcome"], submitted_at=datetime(2025, 8, 1, tzinfo=UTC))
    _reviewed(session, council, "b", themes=["Feeling safer"], status=CommentStatus.APPROVED,
              submitted_at=datetime(2025, 9, 30, 22, 59, tzinfo=UTC))  # 23:59 BST on 30 September
    _reviewed(session, council, "c", themes=[], submitted_at=datetime(2025, 8, 1, tzinfo=UTC))
    _reviewed(session, council, "d", themes=["Feeling safer"], submitted_at=datetime(2025, 9, 30, 23, 0, tzinfo=UTC))
    _reviewed(session, council, "e", themes=["Outcome"], submitted_at=datetime(2025, 6, 30, 23, 30, tzinfo=UTC))
    _reviewed(session, other_council, "f", themes=["Feeling safer"], submitted_at=datetime(2025, 8, 1, tzinfo=UTC))

    counts = theme_counts(session, None, Q2)
    assert counts.dimensions == ("organisation_id", "theme")
    assert counts.cells == {(council.id, "Feeling safer"): 2, (council.id, "Outcome"): 2,
                            (other_council.id, "Feeling safer"): 1}
    assert theme_counts(session, [council.id], Q2).by("theme") == {"Feeling safer": 2, "Outcome": 2}
    assert theme_counts(session, [other_council.id], RollingYear(Quarter(2025, 3))).total() == 1


def test_a_retired_or_renamed_theme_is_counted_under_its_label(session, council):
    review = _reviewed(session, council, "a", themes=["Other"], submitted_at=datetime(2025, 8, 1, tzinfo=UTC))
    theme = review.themes[0]
    theme.label, theme.active = "Something else", False
    session.commit()
    assert theme_counts(session, [council.id], Q2).cells == {(council.id, "Something else"): 1}


def test_queries_see_past_the_signed_in_users_scope(session, council, other_council):
    _reviewed(session, other_council, "x", themes=["Outcome"], status=CommentStatus.APPROVED,
              submitted_at=datetime(2025, 8, 1, tzinfo=UTC))
    scope_to_organisations(session, {council.id})
    assert theme_counts(session, None, Q2).total() == 1
    assert len(approved_quotes(session, other_council.id, Q2)) == 1
    assert review_counts(session, other_council.id, Q2)["approved"] == 1


def test_approved_quotes_newest_first_with_themes_and_labels_in_the_readers_language(app, session, council):
    create_user(session, council, Role.PRACTITIONER, name="Carys Hughes")
    _reviewed(session, council, "Older, thanks Carys", themes=["Outcome", "Being listened to"],
              status=CommentStatus.APPROVED, submitted_at=datetime(2025, 7, 2, tzinfo=UTC))
    _reviewed(session, council, "Newer, call 07700900123", status=CommentStatus.APPROVED, language="cy",
              submitted_at=datetime(2025, 9, 2, tzinfo=UTC))
    _reviewed(session, council, "Not approved", status=CommentStatus.NOT_APPROVED, submitted_at=datetime(2025, 8, 2, tzinfo=UTC))
    _reviewed(session, council, "Pending", submitted_at=datetime(2025, 8, 2, tzinfo=UTC))
    _reviewed(session, council, "Other quarter", status=CommentStatus.APPROVED, submitted_at=datetime(2025, 5, 2, tzinfo=UTC))

    assert approved_quotes(session, council.id, Q2) == [
        Quote("Newer, call [phone number removed]", "own_words", (), "cy"),
        Quote("Older, thanks [name removed]", "own_words", ("Being listened to", "Outcome"), "en"),
    ]
    assert [q.text for q in approved_quotes(session, council.id, Q2, limit=1)] == ["Newer, call [phone number removed]"]
    with force_locale("cy"):
        welsh = approved_quotes(session, council.id, Q2, limit=1)[0].text
    assert welsh == "Newer, call [rhif ffôn wedi’i dynnu]"


@pytest.mark.parametrize("quote_ok", ["no", "skip", None])
def test_words_are_never_quoted_without_the_persons_yes_however_approved(session, council, quote_ok):
    _reviewed(session, council, "Agreed", status=CommentStatus.APPROVED, submitted_at=datetime(2025, 8, 2, tzinfo=UTC))
    _reviewed(session, council, "Did not agree", status=CommentStatus.APPROVED, quote_ok=quote_ok,
              submitted_at=datetime(2025, 8, 3, tzinfo=UTC))
    assert [quote.text for quote in approved_quotes(session, council.id, Q2)] == ["Agreed"]


def test_quotes_lose_names_of_staff_who_joined_after_approval(session, council):
    _reviewed(session, council, "Dafydd was brilliant", status=CommentStatus.APPROVED,
              submitted_at=datetime(2025, 8, 2, tzinfo=UTC))
    create_user(session, council, Role.DUTY, name="Dafydd Rhys")
    assert [q.text for q in approved_quotes(session, council.id, Q2)] == ["[name removed] was brilliant"]


def test_review_counts_include_comments_nobody_has_opened(session, council, other_council):
    _reviewed(session, council, "a", status=CommentStatus.APPROVED, submitted_at=datetime(2025, 8, 1, tzinfo=UTC))
    write_comment(session, council, "never opened", submitted_at=datetime(2025, 8, 3, tzinfo=UTC))
    write_comment(session, council, "not sent", submit=False)
    write_comment(session, other_council, "elsewhere", submitted_at=datetime(2025, 8, 3, tzinfo=UTC))
    assert review_counts(session, council.id, Q2) == {"pending": 1, "approved": 1, "not_approved": 0}
    session.commit()
    assert review_counts(session, council.id, Q2) == {"pending": 1, "approved": 1, "not_approved": 0}
    assert review_counts(session, council.id, Quarter(2025, 1)) == {"pending": 0, "approved": 0, "not_approved": 0}


def test_making_reviews_twice_makes_each_once(session, council):
    write_comment(session, council, "once", submitted_at=datetime(2025, 8, 1, tzinfo=UTC))
    assert create_missing_reviews(session, council.id, Q2) == 1
    assert create_missing_reviews(session, council.id, Q2) == 0
    session.commit()
    assert create_missing_reviews(session, council.id) == 0


@pytest.mark.parametrize("period", [Q2, RollingYear(Q2)])
def test_no_comments_means_empty_results(session, council, period):
    assert len(theme_counts(session, [council.id], period)) == 0
    assert approved_quotes(session, council.id, period) == []
    assert review_counts(session, council.id, period) == {"pending": 0, "approved": 0, "not_approved": 0}
