"""Translated labels for stored vocabularies, shared by templates, forms, reports and downloads.

Every word for a stored value lives here, once, so that one thing has one name (and one
translation) wherever staff see it: a duty alert, a case record and a report all say the same.
What a single area adds for display (tag colours, the set of names its templates are given)
stays with that area, built from these.

Only the enums and the language list are imported, so that any module can import this one.
"""
from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from .i18n import LANGUAGES
from .models.enums import (
    AlertKind, AlertStatus, AnswerMode, AskedBy, AssignmentStatus, Channel, ConsentKind, ConsentState, ContactKind,
    EnquiryKind, InvitationStatus, OrganisationKind, OutcomesAchieved, OutcomesAsked, ParticipantRole,
    RepresentativeKind, Respondent, RiskOutcome, Role, Timing,
)

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.PRACTITIONER: _l("Practitioner"),
    Role.ANALYST: _l("Analyst"),
    Role.DUTY: _l("Duty desk"),
    Role.ADVOCATE: _l("Advocate or volunteer"),
    Role.NATIONAL: _l("National benchmarking"),
}

ORGANISATION_KIND_LABELS = {
    OrganisationKind.COUNCIL: _l("Council"),
    OrganisationKind.ADVOCACY: _l("Advocacy service"),
    OrganisationKind.HEALTHWATCH: _l("Healthwatch"),
    OrganisationKind.NATIONAL: _l("National body"),
}

# The enquiry and the people in it.

ENQUIRY_KIND_LABELS = {
    EnquiryKind.S42: _l("Section 42 enquiry"),
    EnquiryKind.OTHER: _l("Other safeguarding enquiry"),
}

OUTCOMES_ASKED_LABELS = {
    OutcomesAsked.EXPRESSED: _l("Yes, they were asked and expressed outcomes"),
    OutcomesAsked.NOT_EXPRESSED: _l("Yes, they were asked but no outcomes were expressed"),
    OutcomesAsked.NOT_ASKED: _l("No, they were not asked"),
    OutcomesAsked.DONT_KNOW: _l("Don’t know"),
    OutcomesAsked.NOT_RECORDED: _l("Not recorded"),
}

OUTCOMES_ACHIEVED_LABELS = {
    OutcomesAchieved.FULLY: _l("Fully achieved"),
    OutcomesAchieved.PARTIALLY: _l("Partially achieved"),
    OutcomesAchieved.NOT_ACHIEVED: _l("Not achieved"),
}

RISK_OUTCOME_LABELS = {
    RiskOutcome.REMOVED: _l("Risk removed"),
    RiskOutcome.REDUCED: _l("Risk reduced"),
    RiskOutcome.REMAINED: _l("Risk remained"),
}

PARTICIPANT_ROLE_LABELS = {
    ParticipantRole.ADULT: _l("The adult the enquiry is about"),
    ParticipantRole.REPRESENTATIVE: _l("A representative of the adult"),
}

REPRESENTATIVE_KIND_LABELS = {
    RepresentativeKind.FAMILY: _l("Family member"),
    RepresentativeKind.FRIEND: _l("Friend"),
    RepresentativeKind.CARER: _l("Carer"),
    RepresentativeKind.CARE_ACT_ADVOCATE: _l("Care Act advocate"),
    RepresentativeKind.IMCA: _l("Independent Mental Capacity Advocate (IMCA)"),
    RepresentativeKind.ATTORNEY: _l("Attorney under a lasting power of attorney"),
    RepresentativeKind.DEPUTY: _l("Deputy appointed by the Court of Protection"),
}

# In the order the participant form offers them; records accepts exactly these keys.
FORMAT_NEED_LABELS = {
    "easy_read": _l("Easy read"),
    "large_print": _l("Large print"),
    "bsl": _l("British Sign Language"),
    "audio": _l("Audio"),
    "interpreter": _l("Spoken language interpreter"),
    "advocate_support": _l("Support from an advocate"),
}

CAPACITY_BASIS_LABELS = {
    "adult_consents": _l("The adult gives consent"),
    "representative_consents": _l("A representative gives consent, because the adult lacks capacity "
                                  "to make this decision"),
}

CONTACT_KIND_LABELS = {
    ContactKind.PHONE: _l("Phone"),
    ContactKind.POSTAL: _l("Postal address"),
}

# Asking for feedback: consent, invitations and answers.

CONSENT_STATE_LABELS = {
    ConsentState.UNKNOWN: _l("Not asked yet"),
    ConsentState.GIVEN: _l("Agreed to be asked"),
    ConsentState.DECLINED: _l("Declined"),
    ConsentState.LATER: _l("Asked us to ask again later"),
    ConsentState.WITHDRAWN: _l("Withdrew"),
}

CONSENT_KIND_LABELS = {
    ConsentKind.GIVEN: _l("Agreed to be asked"),
    ConsentKind.DECLINED: _l("Declined"),
    ConsentKind.LATER: _l("Asked us to ask again later"),
    ConsentKind.WITHDRAWN: _l("Withdrew"),
    ConsentKind.ERASE_REQUESTED: _l("Asked for their answers to be deleted"),
    ConsentKind.ERASED: _l("Answers deleted"),
    ConsentKind.STOP: _l("Replied STOP to a text"),
    ConsentKind.START: _l("Replied START to a text"),
}

# How a consent decision reached us, when staff recorded it.
HOW_OBTAINED_LABELS = {
    "in_person": _l("In person"),
    "phone": _l("By phone"),
    "letter": _l("By letter"),
    "advocate": _l("Through an advocate"),
}

TIMING_LABELS = {
    Timing.DURING: _l("During the enquiry"),
    Timing.AT_CLOSURE: _l("At closure"),
    Timing.AFTER: _l("After closure"),
}

ASKED_BY_LABELS = {
    AskedBy.INDEPENDENT: _l("An independent person"),
    AskedBy.ENQUIRY_LEAD: _l("The enquiry lead"),
}

INVITATION_STATUS_LABELS = {
    InvitationStatus.SCHEDULED: _l("Scheduled"),
    InvitationStatus.SENDING: _l("Sending"),
    InvitationStatus.SENT: _l("Sent"),
    InvitationStatus.OPENED: _l("Opened"),
    InvitationStatus.COMPLETED: _l("Answered"),
    InvitationStatus.EXPIRED: _l("Expired"),
    InvitationStatus.CANCELLED: _l("Cancelled"),
    InvitationStatus.FAILED: _l("Could not be sent"),
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

ANSWER_MODE_LABELS = {
    AnswerMode.SELF: _l("The person answered on their own"),
    AnswerMode.SUPPORTED: _l("The person answered, with support"),
    AnswerMode.OWN_WORDS_WRITTEN: _l("The person’s own words, written down for them"),
    AnswerMode.REPRESENTATIVE_VIEW: _l("A representative gave their own view"),
    AnswerMode.TELEPHONE: _l("Answers taken by telephone"),
}

# How a person was supported to answer, in the order the assisted form offers them.
SUPPORT_LABELS = {
    "interpreter": _l("A spoken language interpreter"),
    "bsl": _l("British Sign Language"),
    "easy_read": _l("Easy read"),
    "communication_aids": _l("Communication aids"),
    "pictures": _l("Pictures or symbols"),
}

ASSIGNMENT_STATUS_LABELS = {
    AssignmentStatus.ASSIGNED: _l("Assigned"),
    AssignmentStatus.CONTACTED: _l("Contacted"),
    AssignmentStatus.ANSWERED: _l("Answered"),
    AssignmentStatus.DECLINED: _l("Declined"),
    AssignmentStatus.UNREACHABLE: _l("Could not reach"),
    AssignmentStatus.WITHDRAWN: _l("Taken back"),
}

ALERT_KIND_LABELS = {
    AlertKind.SAFETY_REQUEST: _l("Asked to be contacted about their safety"),
    AlertKind.FLAGGED_TEXT: _l("Worrying words in an answer"),
}

ALERT_STATUS_LABELS = {
    AlertStatus.OPEN: _l("Open"),
    AlertStatus.ACKNOWLEDGED: _l("Acknowledged"),
    AlertStatus.CLOSED: _l("Closed"),
}


def format_need_label(key: str) -> str:
    """A stored format need in words; keys added later still show, if less politely."""
    label = FORMAT_NEED_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ").capitalize()


def format_need_names(keys) -> list[str]:
    """Each stored format need in words, for pages that list them one by one."""
    return [format_need_label(key) for key in keys or ()]


def format_needs(keys) -> str:
    """The stored format needs in words, on one line."""
    return ", ".join(format_need_names(keys))


def language_name(code: str | None) -> str:
    """The language's name in the reader's language, e.g. "Polish" for ``pl`` on an English page."""
    if not code:
        return ""
    try:
        name = Locale.parse(code).get_display_name(get_locale() or "en")
    except (ValueError, UnknownLocaleError):
        name = None
    return name or LANGUAGES.get(code, code)


def init_app(app):
    @app.context_processor
    def vocabularies():
        return {"role_labels": ROLE_LABELS, "roles": Role, "organisation_kind_labels": ORGANISATION_KIND_LABELS}
