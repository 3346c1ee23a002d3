"""Comment reviews: made from submitted answers, redacted on the way in, and decided by analysts.

A review row is made the first time anyone looks for a quarter's comments (an analyst's list,
or a report), rather than when the person presses Send: sending stays as quick as it can be,
and a comment nobody has looked for yet costs nothing. Making them twice at once is harmless:
the insert skips answers that already have a row.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from .. import audit
from ..db import unscoped
from ..models import (
    COUNTED_RESPONSES, Answer, CommentReview, CommentStatus, CommentTheme, Membership, Organisation,
    OrganisationKind, Partnership, Response, Role, User, comment_review_theme, utcnow,
)
from ..pagination import Page, paginate
from ..reports.periods import Period
from . import redaction

PAGE_SIZE = 25
# Where a council keeps its own words to take out of comments, in Organisation.settings.
EXTRA_WORDS_KEY = "comment_redaction_words"


# The question where the person says whether their words may be quoted (surveys/msp-experience.yaml).
QUOTE_QUESTION, QUOTE_AGREED = "quote_ok", "yes"


class NotAgreedToQuote(ValueError):
    """The person did not say yes to their words being used in reports (or was never asked)."""


def _said_yes_to_quoting(response_id) -> tuple:
    return Answer.response_id == response_id, Answer.question_key == QUOTE_QUESTION, Answer.choice_key == QUOTE_AGREED


def quote_agreed_clause():
    """True for a comment whose person said yes to their words being quoted."""
    return exists().where(*_said_yes_to_quoting(CommentReview.response_id))


def agreed_to_quote(session: Session, review: CommentReview) -> bool:
    with unscoped(session):
        return session.scalar(select(Answer.id).where(*_said_yes_to_quoting(review.response_id)).limit(1)) is not None


class EditRefused(ValueError):
    """An analyst's edit would put words into a comment that the person did not write."""


class TextChangedMeanwhile(ValueError):
    """Someone else changed the comment's text after this analyst's copy was shown."""


class SavedMeanwhile(RuntimeError):
    """Another request saved the same review at the same moment."""


def analyst_councils(user) -> list[Organisation]:
    """The councils whose comments ``user`` reviews, by name: where they are an analyst."""
    councils = {m.organisation.id: m.organisation for m in user.memberships
                if m.role == Role.ANALYST and m.organisation.kind == OrganisationKind.COUNCIL}
    return sorted(councils.values(), key=lambda council: (council.name, council.id))


def extra_words(settings: dict | None) -> list[str]:
    words = (settings or {}).get(EXTRA_WORDS_KEY) or []
    return [word for word in words if isinstance(word, str) and word.strip()]


@dataclass(frozen=True)
class Redactor:
    """The names and words one council's comments lose, with ``redaction.redact`` to apply them."""

    names: tuple[str, ...]
    extra_words: tuple[str, ...]

    def apply(self, text: str) -> redaction.Redacted:
        return redaction.redact(text, names=self.names, extra_words=self.extra_words)


def redactor_for(session: Session, organisation_id: int) -> Redactor:
    """Staff names of the council and of the advocacy services working for it, and its own words.

    The service never stores the person's name, so the names it can find are these: the people
    a person is most likely to name are the staff who helped them.
    """
    partners = select(Partnership.partner_id).where(Partnership.council_id == organisation_id)
    with unscoped(session):
        names = session.scalars(
            select(User.name).join(Membership, Membership.user_id == User.id)
            .where(or_(Membership.organisation_id == organisation_id, Membership.organisation_id.in_(partners)))
            .distinct()
        ).all()
        settings = session.scalar(select(Organisation.settings).where(Organisation.id == organisation_id))
    return Redactor(tuple(sorted(set(names))), tuple(extra_words(settings)))


def _insert_skipping_existing(session: Session):
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(CommentReview.__table__).on_conflict_do_nothing(index_elements=["answer_id"])


def create_missing_reviews(session: Session, organisation_id: int, period: Period | None = None) -> int:
    """Make review rows for the council's submitted free-text answers that have none; say how many.

    One query finds them and one insert adds them all; the redaction runs here, in Python, once
    per new comment. Not committed: it belongs to the caller's transaction.
    """
    conditions = [
        Response.organisation_id == organisation_id, Response.status.in_(COUNTED_RESPONSES),
        Answer.free_text.is_not(None),
        ~exists().where(CommentReview.answer_id == Answer.id),
    ]
    if period is not None:
        start, end = period.utc_bounds()
        conditions += [Response.submitted_at >= start, Response.submitted_at < end]
    with unscoped(session):
        rows = session.execute(
            select(Answer.id, Answer.response_id, Answer.question_key, Answer.free_text, Response.submitted_at,
                   Response.language)
            .join(Response, Response.id == Answer.response_id).where(*conditions)
        ).all()
    if not rows:
        return 0
    redactor = redactor_for(session, organisation_id)
    now = utcnow()
    values = []
    for answer_id, response_id, question_key, text, submitted_at, language in rows:
        if not text.strip():
            continue  # encrypted, an empty answer cannot be told apart in the query
        redacted = redactor.apply(text)
        values.append({
            "organisation_id": organisation_id, "answer_id": answer_id, "response_id": response_id,
            "question_key": question_key, "language": language, "submitted_at": submitted_at or now,
            "redacted_text": redacted.text, "redaction_kinds": list(redacted.kinds), "text_version": 1,
            "status": CommentStatus.PENDING.value, "created_at": now,
        })
    session.execute(_insert_skipping_existing(session), values)
    return len(values)


def _in_period(period: Period) -> list:
    start, end = period.utc_bounds()
    return [CommentReview.submitted_at >= start, CommentReview.submitted_at < end]


def _with_theme(theme_id: int):
    return exists().where(comment_review_theme.c.review_id == CommentReview.id,
                          comment_review_theme.c.theme_id == theme_id)


def comment_page(session: Session, organisation_id: int, period: Period, *, status: CommentStatus | None = None,
                 theme_id: int | None = None, number: int = 1) -> Page:
    """One page of the council's comments sent in the period, in the order they were sent."""
    conditions = [CommentReview.organisation_id == organisation_id, *_in_period(period)]
    if status is not None:
        conditions.append(CommentReview.status == status)
    if theme_id is not None:
        conditions.append(_with_theme(theme_id))
    query = (select(CommentReview).where(*conditions).options(selectinload(CommentReview.themes))
             .order_by(CommentReview.submitted_at, CommentReview.id))
    return paginate(session, query, number, PAGE_SIZE, scalars=True)


def status_counts(session: Session, organisation_id: int, period: Period) -> dict[CommentStatus, int]:
    counted = dict(session.execute(
        select(CommentReview.status, func.count(CommentReview.id))
        .where(CommentReview.organisation_id == organisation_id, *_in_period(period))
        .group_by(CommentReview.status)
    ).all())
    return {status: counted.get(status, 0) for status in CommentStatus}


def find_review(session: Session, council_ids: Collection[int], review_id: int) -> CommentReview | None:
    """The review if it belongs to one of ``council_ids``; None for anyone else's, as for none."""
    return session.scalar(select(CommentReview).where(
        CommentReview.id == review_id, CommentReview.organisation_id.in_(sorted(council_ids))))


def view_review(session: Session, review: CommentReview, user) -> None:
    """Record that ``user`` read the comment: every look at what a person wrote is audited."""
    audit.record(session, "comment_viewed", review, user=user)
    session.commit()


def view_page(session: Session, organisation_id: int, user, period: Period, page: Page, *,
              status: CommentStatus | None, theme_id: int | None) -> None:
    """Record that ``user`` read a page of comments, and which ones were on it."""
    audit.record(session, "comments_listed", organisation_id=organisation_id, user=user, quarter=period.slug,
                 status=status.value if status else None, theme=theme_id, page=page.number,
                 reviews=[review.id for review in page.rows])
    session.commit()


def shown_text(review: CommentReview, redactor: Redactor) -> str:
    """The stored text with today's names and words taken out too: staff join, and councils add
    words, after a comment was first redacted."""
    return redactor.apply(review.redacted_text).text


def save_review(session: Session, review: CommentReview, user, redactor: Redactor, *, status: CommentStatus,
                theme_ids: Collection[int], text: str | None = None, text_version: int | None = None) -> bool:
    """Apply an analyst's decision, themes and further redaction; say whether anything changed.

    ``text`` is the analyst's copy with markers. It may only take words out (``EditRefused``),
    and only from the text they were shown (``TextChangedMeanwhile``). Saving the same thing
    twice changes nothing the second time, so a double submit is harmless.
    """
    if status == CommentStatus.APPROVED and not agreed_to_quote(session, review):
        raise NotAgreedToQuote()
    current = shown_text(review, redactor)
    new_text = current
    if text is not None and text.strip() != current.strip():
        if text_version is not None and text_version != review.text_version:
            raise TextChangedMeanwhile()
        if not redaction.only_removes(current, text):
            raise EditRefused()
        new_text = redactor.apply(text.strip()).text

    allowed = {theme.id: theme for theme in session.scalars(select(CommentTheme).where(
        CommentTheme.organisation_id == review.organisation_id))}
    tagged = {theme.id for theme in review.themes}
    # A retired theme stays on the comments it was already on; it cannot be added to others.
    wanted = {i for i in theme_ids if i in allowed and (allowed[i].active or i in tagged)}

    text_changed = new_text != review.redacted_text
    changed = text_changed or wanted != tagged or status != review.status
    if not changed:
        return False
    if text_changed:
        review.redacted_text = new_text
        review.redaction_kinds = list(redaction.kinds_in(new_text))
        review.text_version += 1
    review.themes = sorted((allowed[i] for i in wanted), key=lambda theme: (theme.position, theme.id))
    review.status = status
    review.reviewed_by_id = user.id
    review.reviewed_at = utcnow()
    audit.record(session, "comment_reviewed", review, user=user, status=status.value, themes=sorted(wanted),
                 text_changed=text_changed, redaction_kinds=review.redaction_kinds)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise SavedMeanwhile() from None
    return True
