from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, EncryptedText, utcnow


class SavedForm(Base):
    """What a member of staff had typed in a form when they were signed out for being idle or for
    being signed in too long: kept, encrypted, so that it can be put back on the same page once
    they sign in again. It belongs to the user alone, and is deleted when they next save that
    form or after a few hours."""

    __tablename__ = "saved_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # The page the form was on (where the person returns after signing in again).
    page_path: Mapped[str] = mapped_column(String(500))
    # The form's fields as JSON [[name, value], ...], without its CSRF token or any password.
    fields: Mapped[str] = mapped_column(EncryptedText)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
