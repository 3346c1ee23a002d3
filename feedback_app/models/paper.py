from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, EncryptedText, OrgScoped, Timestamped
from .enums import BatchStatus, KeyingStatus, str_enum


class PaperBatch(OrgScoped, Timestamped, Base):
    """A day's forms for the post: for each person a covering letter for a window envelope and
    their form, in one PDF made by the dispatcher (never by a web worker).

    The PDF holds names of places people live, so it is kept encrypted, and emptied a week after
    the batch is marked as posted.
    """

    __tablename__ = "paper_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_date: Mapped[date]
    status: Mapped[BatchStatus] = mapped_column(str_enum(BatchStatus), default=BatchStatus.WAITING)
    form_count: Mapped[int] = mapped_column(default=0)
    rendered_count: Mapped[int] = mapped_column(default=0)
    # The PDF, base64, encrypted with the data key; None until made and again once purged.
    pdf: Mapped[str | None] = mapped_column(EncryptedText)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    ready_at: Mapped[datetime | None]
    posted_at: Mapped[datetime | None]
    posted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    purged_at: Mapped[datetime | None]


class PaperLetter(OrgScoped, Base):
    """One person's letter in a batch: the first letter with their form, or the one reminder
    with a fresh copy of it."""

    __tablename__ = "paper_letter"
    __table_args__ = (UniqueConstraint("batch_id", "invitation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("paper_batch.id"))
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    reminder: Mapped[bool] = mapped_column(default=False)


class PaperKeying(OrgScoped, Timestamped, Base):
    """One person's typing-in of a returned paper form.

    With the council's second keying switched on, a second person keys the same form without
    seeing the first; the answers are recorded only when the two agree or a difference has been
    settled. What was keyed is kept encrypted until then, and emptied once it is recorded: the
    answers live on as the response.
    """

    __tablename__ = "paper_keying"
    __table_args__ = (Index("ix_paper_keying_waiting", "organisation_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    keyed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    round: Mapped[int] = mapped_column(default=1)  # 1, or 2 for the second keying
    received_on: Mapped[date]
    # JSON of what was keyed, question by question; None once recorded.
    entries: Mapped[str | None] = mapped_column(EncryptedText)
    status: Mapped[KeyingStatus] = mapped_column(str_enum(KeyingStatus), default=KeyingStatus.WAITING)
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime | None]
