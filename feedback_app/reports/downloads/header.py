"""What heads every download of a council's figures (council, period, status, version), and
the file name made from it: ``<council>-<period>-draft.csv`` or ``<council>-<period>-final-v2.xlsx``."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

DRAFT, FINAL = "draft", "final"


@dataclass(frozen=True)
class ReportHeader:
    """Who and what a file is about, and where it stands: printed on it and used in its name."""

    organisation_name: str
    ons_code: str | None
    organisation_slug: str
    period_label: str  # as printed: "2025-26 Q2"
    period_slug: str  # as in a URL: "2025-26-q2"
    status: str  # DRAFT or FINAL
    version: int | None
    finalised_at: datetime | None
    correction_reason: str | None
    generated_at: datetime

    @property
    def is_draft(self) -> bool:
        return self.status != FINAL


def _slug(text: str) -> str:
    """Lower-case ASCII letters, digits and single hyphens: safe in a header and on any disk."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def filename(header: ReportHeader, extension: str) -> str:
    """``northshire-2025-26-q2-draft.csv``; a final return carries its version: ``-final-v2``."""
    parts = [_slug(header.organisation_slug) or "council", _slug(header.period_slug) or "period"]
    if header.is_draft:
        parts.append(DRAFT)
    else:
        parts.append(FINAL)
        if header.version:
            parts.append(f"v{int(header.version)}")
    return f"{'-'.join(parts)}.{_slug(extension) or 'txt'}"
