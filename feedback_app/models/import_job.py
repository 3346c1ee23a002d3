from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, EncryptedText, OrgScoped, Timestamped


class ImportJob(OrgScoped, Timestamped, Base):
    """A CSV file of enquiries being imported beside the web request (see casework/import_jobs.py):
    the file itself until it is done, how far the import has gone, and what each line did."""

    __tablename__ = "import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16))  # waiting, running or done
    # The file's text, encrypted; emptied once the import is done.
    content: Mapped[str | None] = mapped_column(EncryptedText)
    total_lines: Mapped[int]
    done_lines: Mapped[int]
    # One entry per line done: {"line", "outcome", "changed", "final_quarters", "problems"}.
    results: Mapped[list] = mapped_column(JSON, default=list)
    # When the job last moved on: one that stops moving is resumed by the jobs runner.
    moved_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
