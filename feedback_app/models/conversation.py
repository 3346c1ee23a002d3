from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, EncryptedText, OrgScoped, Timestamped, utcnow
from .enums import ConversationStatus, str_enum


class TextConversation(OrgScoped, Timestamped, Base):
    """A questionnaire answered by replying to texts: one per invitation.

    The phone is known only by a keyed hash, so the conversation can be found from an incoming
    text without keeping the number here. At most one conversation per phone is open at a time;
    a later invitation to the same phone waits for it to end.
    """

    __tablename__ = "text_conversation"
    __table_args__ = (Index("ix_text_conversation_phone", "phone_hash", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), unique=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    phone_hash: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[ConversationStatus] = mapped_column(str_enum(ConversationStatus),
                                                      default=ConversationStatus.WAITING)
    question_key: Mapped[str | None] = mapped_column(String(64))  # the question last asked
    reasked: Mapped[bool] = mapped_column(default=False)           # an unclear reply was asked again
    neutral_reply_sent: Mapped[bool] = mapped_column(default=False)
    last_message_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]


class InboundMessage(Base):
    """A text received, recorded once per provider id so that a retried webhook is handled once.

    Its words are kept only as the answers they became. With the ``log`` backend (development),
    sender and words are also kept, encrypted, so that the development phone page can show the
    whole conversation.
    """

    __tablename__ = "inbound_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("text_conversation.id"), index=True)
    phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    backend: Mapped[str] = mapped_column(String(16))
    sender: Mapped[str | None] = mapped_column(EncryptedText)
    body: Mapped[str | None] = mapped_column(EncryptedText)
    outcome: Mapped[str | None] = mapped_column(String(32))  # answer, reask, stop, help ...
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    purged_at: Mapped[datetime | None]


class DeliveryReport(Base):
    """A delivery status callback already applied: a retry of the same report changes nothing."""

    __tablename__ = "delivery_report"
    __table_args__ = (UniqueConstraint("message_sid", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str | None] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
