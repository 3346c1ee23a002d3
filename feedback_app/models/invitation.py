from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, EncryptedText, OrgScoped, Timestamped, utcnow
from .enums import AskedBy, Channel, ConsentKind, InvitationStatus, Timing, str_enum


class Invitation(OrgScoped, Timestamped, Base):
    """One request for feedback from one participant, through one channel."""

    __tablename__ = "invitation"
    __table_args__ = (
        Index("ix_invitation_due", "status", "due_at"),
        Index("ix_invitation_sent", "organisation_id", "sent_at"),
        Index("ix_invitation_sent_at", "sent_at", postgresql_include=[
            "organisation_id", "channel", "asked_by", "timing", "id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    survey_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    # By text: the questions themselves, answered by replying, rather than a link to the web.
    answer_by_reply: Mapped[bool] = mapped_column(default=False, server_default=false())
    timing: Mapped[Timing] = mapped_column(str_enum(Timing))
    asked_by: Mapped[AskedBy] = mapped_column(str_enum(AskedBy))
    # Only the SHA-256 of the link's random token is kept.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The link a reminder replaced keeps working, as the person was told when they stopped.
    previous_token_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Printed on paper forms and read out by phone; short and unambiguous.
    reference_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    status: Mapped[InvitationStatus] = mapped_column(
        str_enum(InvitationStatus), default=InvitationStatus.SCHEDULED
    )
    due_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    reminders_sent: Mapped[int] = mapped_column(default=0)
    reminder_due_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    provider_message_id: Mapped[str | None] = mapped_column(String(64), index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Its response counted and was later cut from it by the retention cut: the response rate
    # still counts the invitation as answered.
    answer_counted: Mapped[bool] = mapped_column(default=False, server_default=false())

    participant = relationship("Participant")


class ConsentEvent(OrgScoped, Base):
    """Append-only ledger: the participant's consent state is derived from it."""

    __tablename__ = "consent_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    kind: Mapped[ConsentKind] = mapped_column(str_enum(ConsentKind))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # How it was obtained (in person, by phone, by text, on the web form ...) and any note.
    how: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
