from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, EncryptedText, OrgScoped, Timestamped
from .enums import (
    ContactKind,
    EnquiryKind,
    OutcomesAchieved,
    OutcomesAsked,
    ParticipantRole,
    RepresentativeKind,
    RiskOutcome,
    str_enum,
)


class Enquiry(OrgScoped, Timestamped, Base):
    """A safeguarding enquiry, known here only by a keyed hash of the council's reference."""

    __tablename__ = "enquiry"
    __table_args__ = (
        UniqueConstraint("organisation_id", "case_ref_hash"),
        Index("ix_enquiry_closed", "organisation_id", "closed_on"),
        # For figures across every council in a period: on PostgreSQL the counted columns ride
        # along in the index, so a national quarter is read without touching the table.
        Index("ix_enquiry_closed_on", "closed_on", postgresql_include=[
            "organisation_id", "kind", "imported", "outcomes_asked", "outcomes_achieved", "risk_outcome"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_ref_hash: Mapped[str] = mapped_column(String(64))
    case_ref_hint: Mapped[str] = mapped_column(String(8))
    kind: Mapped[EnquiryKind] = mapped_column(str_enum(EnquiryKind))
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    lead_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    imported: Mapped[bool] = mapped_column(default=False)
    # MSP record items (framework Q1-Q3).
    outcomes_asked: Mapped[OutcomesAsked | None] = mapped_column(str_enum(OutcomesAsked))
    desired_outcome_categories: Mapped[list] = mapped_column(JSON, default=list)
    desired_outcomes_text: Mapped[str | None] = mapped_column(EncryptedText)
    outcomes_achieved: Mapped[OutcomesAchieved | None] = mapped_column(str_enum(OutcomesAchieved))
    risk_outcome: Mapped[RiskOutcome | None] = mapped_column(str_enum(RiskOutcome))
    # (channel, asked by, timing) of the first answer about this enquiry, kept by the retention
    # cut for the funnel once the answers no longer lead back to it.
    answered_route: Mapped[list | None] = mapped_column(JSON)

    participants: Mapped[list[Participant]] = relationship(back_populates="enquiry")


class Participant(OrgScoped, Timestamped, Base):
    """Someone who may be asked for feedback: the adult or a representative."""

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiry.id"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(str_enum(ParticipantRole))
    representative_kind: Mapped[RepresentativeKind | None] = mapped_column(str_enum(RepresentativeKind))
    language: Mapped[str] = mapped_column(String(8), default="en")
    format_needs: Mapped[list] = mapped_column(JSON, default=list)
    communication_notes: Mapped[str | None] = mapped_column(EncryptedText)
    capacity_basis: Mapped[str | None] = mapped_column(String(64))
    # Screening: the "when not to ask" conditions and any recorded overrides.
    screening: Mapped[dict] = mapped_column(JSON, default=dict)

    enquiry: Mapped[Enquiry] = relationship(back_populates="participants")
    contact_points: Mapped[list[ContactPoint]] = relationship(back_populates="participant")


class ContactPoint(OrgScoped, Timestamped, Base):
    """A phone number or postal address, encrypted at rest, with its safe-contact check."""

    __tablename__ = "contact_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    kind: Mapped[ContactKind] = mapped_column(str_enum(ContactKind))
    value: Mapped[str | None] = mapped_column(EncryptedText)
    code_word: Mapped[str | None] = mapped_column(EncryptedText)
    is_private: Mapped[bool | None]
    may_name_council: Mapped[bool] = mapped_column(default=False)
    safe_from: Mapped[time | None]
    safe_until: Mapped[time | None]
    safe_checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    safe_checked_at: Mapped[datetime | None]
    purge_after: Mapped[datetime | None]
    purged_at: Mapped[datetime | None]

    participant: Mapped[Participant] = relationship(back_populates="contact_points")

    @property
    def safe_check_complete(self) -> bool:
        return bool(self.is_private and self.safe_checked_at and self.safe_checked_by_id)

