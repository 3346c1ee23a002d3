from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, EncryptedText, OrgScoped, Timestamped
from .enums import AssignmentStatus, str_enum


class Assignment(OrgScoped, Timestamped, Base):
    """A participant the council asked a partner organisation (advocacy or Healthwatch) to hear
    from, and, once the organisation's admin has chosen, the one advocate or volunteer doing it.

    ``organisation_id`` is the council's. The partner sees the person only by the initials and
    reference the council gave, never the enquiry. A participant is in at most one open
    assignment (``ended_at`` empty) at a time, so at most one open sample too.
    """

    __tablename__ = "assignment"
    __table_args__ = (
        Index("ix_assignment_open_participant", "participant_id", unique=True,
              sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL")),
        Index("ix_assignment_partner", "partner_id", "ended_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"), unique=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    advocate_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    sample_id: Mapped[int | None] = mapped_column(ForeignKey("independent_sample.id"), index=True)
    # What the partner knows the person by: initials and the council's own reference for them.
    initials: Mapped[str | None] = mapped_column(EncryptedText)
    reference: Mapped[str] = mapped_column(String(32))
    # Anything the council wants the advocate to know before making contact (never the enquiry).
    note: Mapped[str | None] = mapped_column(EncryptedText)
    status: Mapped[AssignmentStatus] = mapped_column(str_enum(AssignmentStatus), default=AssignmentStatus.ASSIGNED)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    contacted_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    participant = relationship("Participant")
    invitation = relationship("Invitation")


class IndependentSample(OrgScoped, Timestamped, Base):
    """A random, reproducible sample of closed enquiries with consent, drawn by a council's
    analyst for a partner organisation to ask independently."""

    __tablename__ = "independent_sample"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    closed_from: Mapped[date]
    closed_to: Mapped[date]
    seed: Mapped[int] = mapped_column(Integer)
    # Population and drawn count per stratum ("s42/adult" ...), and the guide's figures.
    strata: Mapped[dict] = mapped_column(JSON, default=dict)
    size: Mapped[int]
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None]

    assignments: Mapped[list[Assignment]] = relationship(order_by="Assignment.id")



