"""Alerts for the duty desk: a request to be contacted about safety, or free text that may
disclose harm. Raised by the shared answer-saving code, so every channel raises them.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy.orm import Session

from . import audit
from .models import Alert, AlertKind, AlertStatus

# Starting lists; each council edits its own in settings ("alert_phrases": {"en": [...], ...}).
# The Welsh and Urdu lists were written without a native speaker and need review.
DEFAULT_PHRASES = {
    "en": [
        "hurt me", "hurts me", "hits me", "hit me", "hitting me", "scared", "afraid", "frightened",
        "not safe", "unsafe", "abuse", "abusing", "threaten", "threatens", "takes my money",
        "took my money", "kill myself", "end my life", "suicide", "help me", "still happening",
    ],
    "cy": [
        "ofn", "ofnus", "brifo", "taro", "ddim yn ddiogel", "cam-drin", "bygwth", "lladd fy hun",
        "helpwch fi", "dal i ddigwydd",
    ],
    "ur": ["ڈر", "مارتا", "مارتی", "محفوظ نہیں", "تشدد", "دھمکی", "خودکشی", "میری مدد کریں"],
}


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def phrases_for(settings: dict | None) -> list[str]:
    """Every phrase for the council, in all its languages: a person may write in any of them."""
    configured = (settings or {}).get("alert_phrases") or DEFAULT_PHRASES
    return [phrase for phrases in configured.values() for phrase in phrases if phrase.strip()]


def find_flagged_phrase(text: str | None, phrases: list[str]) -> str | None:
    """The first phrase found in ``text`` as whole words, ignoring case and spacing."""
    if not text:
        return None
    haystack = _normalise(text)
    for phrase in phrases:
        needle = _normalise(phrase)
        if re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack):
            return phrase
    return None


def raise_alert(session: Session, *, organisation_id: int, kind: AlertKind, response=None,
                participant_id: int | None = None, question_key: str | None = None,
                matched_phrase: str | None = None) -> Alert:
    """Open an alert for the council's duty desk, in the caller's transaction."""
    alert = Alert(
        organisation_id=organisation_id, kind=kind, status=AlertStatus.OPEN,
        response_id=getattr(response, "id", None), participant_id=participant_id,
        question_key=question_key, matched_phrase=matched_phrase,
    )
    session.add(alert)
    session.flush()
    audit.record(session, "alert_raised", alert, kind=kind.value, question=question_key)
    return alert
