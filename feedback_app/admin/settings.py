"""A council's own settings, as its administrators change them: help contacts for the people
answering, the phrases that raise an alert, how long an alert may wait before escalation, and
when people are asked for feedback (the defaults for scheduling, the reminder and quiet hours).
"""
from __future__ import annotations

from datetime import time

from sqlalchemy.orm import Session

from .. import audit
from ..alerts import DEFAULT_PHRASES
from ..casework.records.scheduling import DEFAULT_DAYS_AFTER_CLOSURE, DEFAULT_LINK_DAYS
from ..dispatch.settings import contact_retention_days, quiet_hours, reminder_after_days, response_retention_days
from ..duty.escalation import SETTING as ESCALATION_SETTING
from ..duty.escalation import escalation_minutes
from ..i18n import LANGUAGES
from ..models import Organisation, User
from ..paper.keying import SECOND_KEYING, second_keying_on  # noqa: F401 (the form reads the key here)
from ..phones import InvalidPhoneNumber, normalise_phone
from ..reports.disclosure import FLOORS, DisclosureRules

HELP_PHONE = "help_phone"
TEXT_RELAY = "text_relay"
# More ways to reach the council for help: a mobile number to text, an email address, and a
# British Sign Language video relay service's page.
HELP_TEXT = "help_text"
HELP_EMAIL = "help_email"
BSL_RELAY = "bsl_relay"
MAX_BSL_RELAY_LENGTH = 300
# Whether the person's first page reminds them when their enquiry ended and who their worker was
# (where the safe-contact check lets a message name the council): orientation for people with
# dementia or memory difficulties, off unless a council chooses it.
ORIENTATION = "orientation"
# Within how many hours the duty desk gets in touch with someone who asked about their safety:
# what the person is told when they send their answers.
CALLBACK_HOURS = "safety_callback_hours"
DEFAULT_CALLBACK_HOURS = 24
MIN_CALLBACK_HOURS, MAX_CALLBACK_HOURS = 1, 72
ALERT_PHRASES = "alert_phrases"
# The keys the casework scheduling page and the dispatcher read.
DAYS_AFTER_CLOSURE = "days_after_closure"
LINK_DAYS = "link_days"
REMINDER_AFTER_DAYS = "reminder_after_days"
REMINDERS_SWITCH = "reminders"
QUIET_HOURS = "quiet_hours"
DISCLOSURE = "disclosure"
# The keys the retention jobs read (dispatch/retention.py and dispatch/response_retention.py).
CONTACT_RETENTION = "contact_retention_days"
RESPONSE_RETENTION = "response_retention_days"

MAX_TEXT_RELAY_LENGTH = 40
MAX_PHRASE_LENGTH = 100
MAX_PHRASES_PER_LANGUAGE = 200
MIN_ESCALATION_MINUTES = 5
MAX_ESCALATION_MINUTES = 24 * 60
MIN_DAYS_AFTER_CLOSURE, MAX_DAYS_AFTER_CLOSURE = 1, 56
MIN_LINK_DAYS, MAX_LINK_DAYS = 7, 90
MIN_REMINDER_AFTER_DAYS, MAX_REMINDER_AFTER_DAYS = 0, 28
MIN_CONTACT_RETENTION_DAYS, MAX_CONTACT_RETENTION_DAYS = 1, 365
# At least long enough for a quarter's return and its corrections; at most ten years.
MIN_RESPONSE_RETENTION_DAYS, MAX_RESPONSE_RETENTION_DAYS = 90, 3650
# Disclosure control: the national rules are the floor; the ceilings only catch typing slips.
DISCLOSURE_LIMITS = {"min_count": (FLOORS["min_count"], 50), "rounding_base": (FLOORS["rounding_base"], 100),
                     "min_percentage_base": (FLOORS["min_percentage_base"], 200)}


def current_phrases(settings: dict | None) -> dict[str, list[str]]:
    """The phrases in force for each language.

    Mirrors ``alerts.phrases_for``: a council that has its own lists uses only those, so a
    language it left out has no phrases, rather than the defaults.
    """
    configured = (settings or {}).get(ALERT_PHRASES) or DEFAULT_PHRASES
    return {code: list(configured.get(code) or []) for code in LANGUAGES}


def _scheduling_default(settings: dict, key: str, fallback: int) -> int:
    # As ``casework.records.council_setting`` reads it.
    value = settings.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else fallback


def callback_hours(settings: dict | None) -> int:
    value = (settings or {}).get(CALLBACK_HOURS)
    if isinstance(value, int) and not isinstance(value, bool) and MIN_CALLBACK_HOURS <= value <= MAX_CALLBACK_HOURS:
        return value
    return DEFAULT_CALLBACK_HOURS


def clock_text(moment: time) -> str:
    return moment.strftime("%H:%M")


def current_values(settings: dict | None) -> dict:
    """The settings in force, read as the pages and the dispatcher that use them read them."""
    settings = settings or {}
    start, end = quiet_hours(settings)
    return {
        HELP_PHONE: settings.get(HELP_PHONE) or "",
        TEXT_RELAY: settings.get(TEXT_RELAY) or "",
        HELP_TEXT: settings.get(HELP_TEXT) or "",
        HELP_EMAIL: settings.get(HELP_EMAIL) or "",
        BSL_RELAY: settings.get(BSL_RELAY) or "",
        ALERT_PHRASES: current_phrases(settings),
        ESCALATION_SETTING: escalation_minutes(settings),
        CALLBACK_HOURS: callback_hours(settings),
        DAYS_AFTER_CLOSURE: _scheduling_default(settings, DAYS_AFTER_CLOSURE, DEFAULT_DAYS_AFTER_CLOSURE),
        LINK_DAYS: _scheduling_default(settings, LINK_DAYS, DEFAULT_LINK_DAYS),
        # 0 stands for no reminder, however the council switched it off.
        REMINDER_AFTER_DAYS: reminder_after_days(settings) or 0,
        QUIET_HOURS: {"start": clock_text(start), "end": clock_text(end)},
        DISCLOSURE: _disclosure(settings),
        CONTACT_RETENTION: contact_retention_days(settings),
        RESPONSE_RETENTION: response_retention_days(settings),
        SECOND_KEYING: second_keying_on(settings),
        ORIENTATION: bool(settings.get(ORIENTATION)),
    }


def _disclosure(settings: dict) -> dict:
    rules = DisclosureRules.for_council(settings)
    return {"min_count": rules.min_count, "rounding_base": rules.rounding_base,
            "min_percentage_base": rules.min_percentage_base}


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


def is_uk_mobile(raw: str) -> bool:
    """A UK mobile number, one that can receive texts."""
    try:
        return normalise_phone(raw, mobile_only=True).startswith("+44")
    except InvalidPhoneNumber:
        return False


def is_https_address(value: str) -> bool:
    """A whole web address on HTTPS: never another scheme such as javascript:."""
    return value.startswith("https://") and not any(ch.isspace() for ch in value) and "." in value[8:]


def save_settings(session: Session, organisation: Organisation, values: dict, actor: User) -> list[str]:
    """Store whichever of ``values`` differ from the council's settings; say which did.

    Other keys (languages, contact retention and so on) are carried over as they are now in the
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
    if REMINDER_AFTER_DAYS in changed and REMINDERS_SWITCH in settings:
        # The number of days now says whether there is a reminder (0 for none); an old
        # "reminders": false left behind would keep a newly chosen reminder switched off.
        settings.pop(REMINDERS_SWITCH)
        changed.append(REMINDERS_SWITCH)
    organisation.settings = settings
    audit.record(session, "settings_changed", organisation, organisation_id=organisation.id,
                 user=actor, changed=changed)
    session.commit()
    return changed
