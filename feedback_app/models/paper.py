from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, EncryptedText, OrgScoped, Timestamped
from .enums import KeyingStatus, str_enum


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
