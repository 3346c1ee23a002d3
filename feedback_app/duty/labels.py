"""Words for what the duty desk sees: alert kinds and states, and the facts about a response.

Kept beside the duty desk rather than in the shared labels because only these pages show most
of them; any of them can move to feedback_app/labels.py once another area needs it too.
"""
from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..i18n import LANGUAGES
from ..models.enums import (
    AlertKind, AlertStatus, Channel, ContactKind, EnquiryKind, ParticipantRole, RepresentativeKind,
    Respondent,
)

ALERT_KIND_LABELS = {
    AlertKind.SAFETY_REQUEST: _l("Asked to be contacted about their safety"),
    AlertKind.FLAGGED_TEXT: _l("Worrying words in an answer"),
}

ALERT_STATUS_LABELS = {
    AlertStatus.OPEN: _l("Open"),
    AlertStatus.ACKNOWLEDGED: _l("Acknowledged"),
    AlertStatus.CLOSED: _l("Closed"),
}

# Each tag also carries its word, so the colour is never the only sign of the state.
ALERT_STATUS_CLASSES = {
    AlertStatus.OPEN: "govuk-tag--red",
    AlertStatus.ACKNOWLEDGED: "govuk-tag--yellow",
    AlertStatus.CLOSED: "govuk-tag--grey",
}

CHANNEL_LABELS = {
    Channel.WEB: _l("Online"),
    Channel.SMS: _l("Text message"),
    Channel.PAPER: _l("Paper form"),
    Channel.ASSISTED: _l("With an advocate or volunteer"),
    Channel.STAFF: _l("Entered by council staff"),
}

RESPONDENT_LABELS = {
    Respondent.ADULT: _l("The person"),
    Respondent.ADULT_WITH_HELP: _l("The person, with help"),
    Respondent.REPRESENTATIVE: _l("A representative"),
}

PARTICIPANT_ROLE_LABELS = {
    ParticipantRole.ADULT: _l("The adult the enquiry was about"),
    ParticipantRole.REPRESENTATIVE: _l("A representative"),
}

REPRESENTATIVE_KIND_LABELS = {
    RepresentativeKind.FAMILY: _l("Family member"),
    RepresentativeKind.FRIEND: _l("Friend"),
    RepresentativeKind.CARER: _l("Carer"),
    RepresentativeKind.CARE_ACT_ADVOCATE: _l("Care Act advocate"),
    RepresentativeKind.IMCA: _l("Independent Mental Capacity Advocate (IMCA)"),
}

ENQUIRY_KIND_LABELS = {
    EnquiryKind.S42: _l("Section 42 enquiry"),
    EnquiryKind.OTHER: _l("Other safeguarding enquiry"),
}

CONTACT_KIND_LABELS = {
    ContactKind.PHONE: _l("Phone"),
    ContactKind.POSTAL: _l("Postal address"),
}

FORMAT_NEED_LABELS = {
    "easy_read": _l("Easy read"),
    "large_print": _l("Large print"),
    "braille": _l("Braille"),
    "audio": _l("Audio"),
    "bsl": _l("British Sign Language"),
    "interpreter": _l("Spoken language interpreter"),
    "text_only": _l("Text messages only"),
    "no_phone_calls": _l("No phone calls"),
}

HISTORY_LABELS = {
    "alert_raised": _l("Alert raised"),
    "alert_escalated": _l("Overdue: not acknowledged in time"),
    "alert_acknowledged": _l("Acknowledged"),
    "alert_closed": _l("Closed"),
}


def format_need_label(key: str) -> str:
    """A stored format need in words; keys added later still show, if less politely."""
    label = FORMAT_NEED_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ").capitalize()


def format_needs(keys) -> str:
    return ", ".join(format_need_label(key) for key in keys or ())


def language_name(code: str | None) -> str:
    """The language's name in the reader's language, e.g. "Polish" for ``pl`` on an English page."""
    if not code:
        return ""
    try:
        name = Locale.parse(code).get_display_name(get_locale() or "en")
    except (ValueError, UnknownLocaleError):
        name = None
    return name or LANGUAGES.get(code, code)


def template_labels() -> dict:
    return {
        "kind_labels": ALERT_KIND_LABELS, "status_labels": ALERT_STATUS_LABELS,
        "status_classes": ALERT_STATUS_CLASSES, "channel_labels": CHANNEL_LABELS,
        "respondent_labels": RESPONDENT_LABELS, "participant_role_labels": PARTICIPANT_ROLE_LABELS,
        "representative_kind_labels": REPRESENTATIVE_KIND_LABELS,
        "enquiry_kind_labels": ENQUIRY_KIND_LABELS, "contact_kind_labels": CONTACT_KIND_LABELS,
        "history_labels": HISTORY_LABELS, "format_needs": format_needs,
        "language_name": language_name, "AlertKind": AlertKind, "AlertStatus": AlertStatus,
        "ContactKind": ContactKind,
    }
