from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, EncryptedText, OrgScoped, Timestamped, utcnow
from .enums import (
    AlertKind,
    AnswerMode,
    AlertStatus,
    AskedBy,
    Channel,
    EnquiryKind,
    FeedbackWindow,
    RepresentativeKind,
    Respondent,
    ResponseStatus,
    Timing,
    str_enum,
)


# Counted responses still linked to the person who gave them: what the retention cut looks for.
ATTACHED = "detached_at IS NULL AND status IN ('submitted', 'partial')"


class Response(OrgScoped, Timestamped, Base):
    """One completed or in-progress questionnaire, with the channel it began on and how it was
    answered (``mode``), so that figures can be split by both.

    The enquiry kind, timing and who asked are copied here when the response starts, so that
    aggregates survive the retention cut that detaches a response from its participant.
    """

    __tablename__ = "response"
    __table_args__ = (
        Index("ix_response_report", "organisation_id", "status", "submitted_at"),
        # National figures select by period across every council.
        Index("ix_response_period", "status", "submitted_at"),
        # Feedback is counted in the quarter its enquiry closed.
        Index("ix_response_closure", "organisation_id", "enquiry_closed_on"),
        Index("ix_response_closure_national", "enquiry_closed_on"),
        # The retention cut looks only for counted responses still linked to someone.
        Index("ix_response_attached", "enquiry_closed_on", "organisation_id",
              postgresql_where=text(ATTACHED), sqlite_where=text(ATTACHED)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"), unique=True)
    survey_id: Mapped[str] = mapped_column(String(64))
    survey_version: Mapped[int]
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    enquiry_kind: Mapped[EnquiryKind] = mapped_column(str_enum(EnquiryKind))
    timing: Mapped[Timing] = mapped_column(str_enum(Timing))
    asked_by: Mapped[AskedBy] = mapped_column(str_enum(AskedBy))
    respondent: Mapped[Respondent | None] = mapped_column(str_enum(Respondent))
    representative_kind: Mapped[RepresentativeKind | None] = mapped_column(str_enum(RepresentativeKind))
    mode: Mapped[AnswerMode | None] = mapped_column(str_enum(AnswerMode))
    person_present: Mapped[bool | None]
    # How the person was supported to answer (interpreter, BSL, easy read ...), when someone helped.
    support: Mapped[list | None] = mapped_column(JSON)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[ResponseStatus] = mapped_column(
        str_enum(ResponseStatus), default=ResponseStatus.IN_PROGRESS
    )
    current_question: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None]
    # Copied from the enquiry (and kept in step when its closing date changes), with when the
    # answers were sent measured from it, so that figures need neither the participant nor the
    # enquiry: see answers/windows.py.
    enquiry_closed_on: Mapped[date | None]
    feedback_window: Mapped[FeedbackWindow | None] = mapped_column(str_enum(FeedbackWindow))
    # Set by the retention cut (dispatch/response_retention.py), which also coarsens the dates:
    # not the moment of the cut but the start of the quarter the answers were sent in.
    detached_at: Mapped[datetime | None]
    # Whether this response stood for its enquiry in "all respondents", worked out while the
    # participant was still known and kept once the link to them is cut.
    counted_first: Mapped[bool | None]

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.id"
    )


class Answer(Base):
    """One answered question: a choice key, free text, or both. One row per question."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("response_id", "question_key"),
        # Covers the grouped count of answers per framework item and choice.
        Index("ix_answer_figures", "response_id", "framework_item", "question_key", "choice_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(64))
    framework_item: Mapped[str | None] = mapped_column(String(32))
    choice_key: Mapped[str | None] = mapped_column(String(64))
    free_text: Mapped[str | None] = mapped_column(EncryptedText)
    # The door this answer came through; a response begun on the web may be finished by text.
    channel: Mapped[Channel | None] = mapped_column(str_enum(Channel))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    response: Mapped[Response] = relationship(back_populates="answers")


class Alert(OrgScoped, Timestamped, Base):
    """A possible disclosure of harm, or a request to be contacted, for the duty desk."""

    __tablename__ = "alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("response.id", ondelete="SET NULL"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"))
    kind: Mapped[AlertKind] = mapped_column(str_enum(AlertKind))
    status: Mapped[AlertStatus] = mapped_column(str_enum(AlertStatus), default=AlertStatus.OPEN)
    question_key: Mapped[str | None] = mapped_column(String(64))
    matched_phrase: Mapped[str | None] = mapped_column(String(200))
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    acknowledged_at: Mapped[datetime | None]
    action_taken: Mapped[str | None] = mapped_column(EncryptedText)
    escalated_at: Mapped[datetime | None]
