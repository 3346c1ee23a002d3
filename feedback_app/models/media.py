from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, OrgScoped, Timestamped


class QuestionMedia(OrgScoped, Timestamped, Base):
    """A council's recording of one question, read aloud or signed in British Sign Language, in
    one language and one version (adult or representative), with its transcript.

    The file is kept outside the web root, under ``MEDIA_DIR``, by a name nobody can guess
    (``stored_name``); it is served only to a person answering that council's questionnaire and to
    the council's administrators."""

    __tablename__ = "question_media"
    __table_args__ = (UniqueConstraint("organisation_id", "survey_id", "question_key", "language", "version", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(64))
    question_key: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    version: Mapped[str] = mapped_column(String(16))  # "adult" or "representative"
    kind: Mapped[str] = mapped_column(String(16))  # "audio" or "bsl"
    stored_name: Mapped[str] = mapped_column(String(80))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    transcript: Mapped[str] = mapped_column(Text)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime]
