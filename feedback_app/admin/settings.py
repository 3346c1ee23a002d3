"""A council's own settings, as its administrators change them: help contacts for the people
answering, the phrases that raise an alert, and how long an alert may wait before escalation.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from .. import audit
from ..alerts import DEFAULT_PHRASES
from ..duty.escalation import SETTING as ESCALATION_SETTING
from ..duty.escalation import escalation_minutes
from ..i18n import LANGUAGES
from ..models import Organisation, User
from ..phones import InvalidPhoneNumber, normalise_phone

HELP_PHONE = "help_phone"
TEXT_RELAY = "text_relay"
ALERT_PHRASES = "alert_phrases"

MAX_TEXT_RELAY_LENGTH = 40
MAX_PHRASE_LENGTH = 100
MAX_PHRASES_PER_LANGUAGE = 200
MIN_ESCALATION_MINUTES = 5
MAX_ESCALATION_MINUTES = 24 * 60


def current_phrases(settings: dict | None) -> dict[str, list[str]]:
    """The phrases in force for each language.

    Mirrors ``alerts.phrases_for``: a council that has its own lists uses only those, so a
    language it left out has no phrases, rather than the defaults.
    """
    configured = (settings or {}).get(ALERT_PHRASES) or DEFAULT_PHRASES
    return {code: list(configured.get(code) or []) for code in LANGUAGES}


def current_values(settings: dict | None) -> dict:
    settings = settings or {}
    return {
        HELP_PHONE: settings.get(HELP_PHONE) or "",
        TEXT_RELAY: settings.get(TEXT_RELAY) or "",
        ALERT_PHRASES: current_phrases(settings),
        ESCALATION_SETTING: escalation_minutes(settings),
    }


def split_phrases(text: str | None) -> list[str]:
    """One phrase a line, trimmed, without blank lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def is_uk_phone(raw: str) -> bool:
    try:
        number = normalise_phone(raw)
    except InvalidPhoneNumber:
        return False
    # The help line is for people in England: a number abroad would cost them to call.
    return number.startswith("+44")


def save_settings(session: Session, organisation: Organisation, values: dict, actor: User) -> list[str]:
    """Store whichever of ``values`` differ from the council's settings; say which did.

    Other keys (languages, quiet hours and so on) are carried over as they are now in the
    database, so a change made elsewhere meanwhile is not undone.
    """
    session.refresh(organisation, with_for_update=True)
    before = current_values(organisation.settings)
    changed = [key for key, value in values.items() if value != before.get(key)]
    if not changed:
        session.rollback()
        return []
    # A new dict: changing the JSON in place would not be noticed by SQLAlchemy.
    settings = dict(organisation.settings or {})
    for key in changed:
        if values[key] in ("", None):
            settings.pop(key, None)
        else:
            settings[key] = values[key]
    organisation.settings = settings
    audit.record(session, "settings_changed", organisation, organisation_id=organisation.id,
                 user=actor, changed=changed)
    session.commit()
    return changed
