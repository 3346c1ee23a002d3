from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, OrgScoped, Timestamped
from .enums import ReturnStatus, str_enum


class QuarterlyReturn(OrgScoped, Timestamped, Base):
    """A council's return for a financial quarter; a final return is frozen, corrections are new versions."""

    __tablename__ = "quarterly_return"
    __table_args__ = (UniqueConstraint("organisation_id", "year_start", "quarter", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year_start: Mapped[int]  # 2025 for 2025-26
    quarter: Mapped[int]  # 1 = April-June ... 4 = January-March
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[ReturnStatus] = mapped_column(str_enum(ReturnStatus), default=ReturnStatus.DRAFT)
    enquiries_completed: Mapped[int | None]
    figures: Mapped[dict | None] = mapped_column(JSON)
    # The unrounded counts the comparison of councils reads, kept beside the figures when the
    # return is made final (reports.benchmark.extract), so that comparing 153 councils reads a
    # few kilobytes from each.
    benchmark: Mapped[dict | None] = mapped_column(JSON)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    finalised_at: Mapped[datetime | None]
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    notes: Mapped[str | None] = mapped_column(String(500))
