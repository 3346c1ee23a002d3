"""Words for what practitioners record and see. Vocabularies the duty desk already shows are
taken from there, so that one thing has one name (and one translation) across the service."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..duty.labels import (
    CHANNEL_LABELS, CONTACT_KIND_LABELS, ENQUIRY_KIND_LABELS, REPRESENTATIVE_KIND_LABELS, language_name,
)
from ..models import (
    AskedBy, ConsentKind, ConsentState, InvitationStatus, OutcomesAchieved, OutcomesAsked,
    ParticipantRole, RiskOutcome, Timing,
)

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
CONTACT_STATUS_LABELS = {
    "usable": _l("Can be used"),
    "not_checked": _l("Cannot be used: safe-contact check not done"),
    "not_private": _l("Cannot be used: not private to the person"),
}
CONSENT_STATE_LABELS = {
    ConsentState.UNKNOWN: _l("Not asked yet"),
    ConsentState.GIVEN: _l("Agreed to be asked"),
    ConsentState.DECLINED: _l("Declined"),
    ConsentState.LATER: _l("Asked us to ask again later"),
    ConsentState.WITHDRAWN: _l("Withdrew"),
}
CONSENT_STATE_CLASSES = {
    ConsentState.UNKNOWN: "govuk-tag--grey", ConsentState.GIVEN: "govuk-tag--green",
    ConsentState.DECLINED: "govuk-tag--red", ConsentState.LATER: "govuk-tag--yellow",
    ConsentState.WITHDRAWN: "govuk-tag--red",
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
INVITATION_STATUS_CLASSES = {
    InvitationStatus.SCHEDULED: "govuk-tag--blue", InvitationStatus.SENDING: "govuk-tag--blue",
    InvitationStatus.SENT: "govuk-tag--light-blue", InvitationStatus.OPENED: "govuk-tag--light-blue",
    InvitationStatus.COMPLETED: "govuk-tag--green", InvitationStatus.EXPIRED: "govuk-tag--grey",
    InvitationStatus.CANCELLED: "govuk-tag--grey", InvitationStatus.FAILED: "govuk-tag--red",
}


def format_need_names(keys) -> list[str]:
    return [str(FORMAT_NEED_LABELS.get(key, key)) for key in keys or ()]


def template_labels() -> dict:
    return {
        "enquiry_kind_labels": ENQUIRY_KIND_LABELS, "outcomes_asked_labels": OUTCOMES_ASKED_LABELS,
        "outcomes_achieved_labels": OUTCOMES_ACHIEVED_LABELS, "risk_outcome_labels": RISK_OUTCOME_LABELS,
        "participant_role_labels": PARTICIPANT_ROLE_LABELS,
        "representative_kind_labels": REPRESENTATIVE_KIND_LABELS, "capacity_basis_labels": CAPACITY_BASIS_LABELS,
        "contact_kind_labels": CONTACT_KIND_LABELS, "contact_status_labels": CONTACT_STATUS_LABELS,
        "consent_state_labels": CONSENT_STATE_LABELS, "consent_state_classes": CONSENT_STATE_CLASSES,
        "consent_kind_labels": CONSENT_KIND_LABELS, "how_obtained_labels": HOW_OBTAINED_LABELS,
        "timing_labels": TIMING_LABELS, "asked_by_labels": ASKED_BY_LABELS, "channel_labels": CHANNEL_LABELS,
        "invitation_status_labels": INVITATION_STATUS_LABELS,
        "invitation_status_classes": INVITATION_STATUS_CLASSES,
        "format_need_names": format_need_names, "language_name": language_name,
    }
