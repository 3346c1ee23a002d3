from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, EncryptedText, OrgScoped, Timestamped
from .enums import Channel, str_enum


class OutboundMessage(OrgScoped, Timestamped, Base):
    """A message handed to a sender (text or letter). Recipient and body are encrypted, and
    both are purged with the contact details; the row itself stays as a record of contact."""

    __tablename__ = "outbound_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    backend: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(32))  # invitation, reminder, reply ...
    recipient: Mapped[str | None] = mapped_column(EncryptedText)
    # A keyed hash of the number, so that one phone's texts can be found without decrypting.
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    body: Mapped[str | None] = mapped_column(EncryptedText)
    provider_id: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    error: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(16))
    purged_at: Mapped[datetime | None]


class ApiKey(OrgScoped, Timestamped, Base):
    """A key a case-management system uses for the JSON API. Only its hash is kept."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
