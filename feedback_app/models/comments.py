"""Comments in people's own words, as analysts see them: redacted, tagged with themes, and
approved (or not) for quoting."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, EncryptedText, OrgScoped, Timestamped
from .enums import str_enum


class CommentStatus(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"  # may appear as a quote in downloads
    NOT_APPROVED = "not_approved"


class CommentTheme(OrgScoped, Timestamped, Base):
    """One theme on a council's list. Retired rather than deleted, so past tags keep their label."""

    __tablename__ = "comment_theme"
    __table_args__ = (UniqueConstraint("organisation_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


comment_review_theme = Table(
    "comment_review_theme",
    Base.metadata,
    Column("review_id", ForeignKey("comment_review.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("comment_theme.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CommentReview(OrgScoped, Timestamped, Base):
    """An analyst's view of one free-text answer: never the words as written, only as redacted.

    The row goes with its answer (ON DELETE CASCADE), so erasing a person's answers erases this
    too. ``submitted_at`` is copied from the response so that a quarter's comments are found
    without joining the responses.
    """

    __tablename__ = "comment_review"
    __table_args__ = (Index("ix_comment_review_period", "organisation_id", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), unique=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    submitted_at: Mapped[datetime]
    # The text with markers such as ⟦name⟧ where details were taken out (see comments.redaction).
    redacted_text: Mapped[str] = mapped_column(EncryptedText)
    redaction_kinds: Mapped[list] = mapped_column(JSON, default=list)
    # Raised whenever the text changes, so that an edit made from an older copy is noticed.
    text_version: Mapped[int] = mapped_column(default=1)
    status: Mapped[CommentStatus] = mapped_column(str_enum(CommentStatus), default=CommentStatus.PENDING)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None]

    themes: Mapped[list[CommentTheme]] = relationship(
        secondary=comment_review_theme, order_by="CommentTheme.position, CommentTheme.id",
        passive_deletes=True,
    )
