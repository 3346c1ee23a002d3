"""What practitioners' pages are given to show: tag colours for consent and invitations, the
words for whether a contact can be used, and the shared vocabulary labels from
feedback_app/labels.py, so that one thing has one name (and one translation) across the service."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..labels import (
    ANSWER_MODE_LABELS, ASSIGNMENT_STATUS_LABELS, RESPONDENT_LABELS, SUPPORT_LABELS,
    ASKED_BY_LABELS, CAPACITY_BASIS_LABELS, CHANNEL_LABELS, CONSENT_KIND_LABELS, CONSENT_STATE_LABELS,
    CONTACT_KIND_LABELS, ENQUIRY_KIND_LABELS, HOW_OBTAINED_LABELS, INVITATION_STATUS_LABELS,
    OUTCOMES_ACHIEVED_LABELS, OUTCOMES_ASKED_LABELS, PARTICIPANT_ROLE_LABELS, REPRESENTATIVE_KIND_LABELS,
    RISK_OUTCOME_LABELS, TIMING_LABELS, format_need_names, language_name,
)
from ..models.enums import ConsentState, InvitationStatus, ResponseStatus

# Worked out from the contact's checks each time it is shown (see records.contact_status), so
# not a stored value.
CONTACT_STATUS_LABELS = {
    "usable": _l("Can be used"),
    "not_checked": _l("Cannot be used: safe-contact check not done"),
    "not_private": _l("Cannot be used: not private to the person"),
}
RESPONSE_STATUS_LABELS = {
    ResponseStatus.IN_PROGRESS: _l("Started, not sent yet"),
    ResponseStatus.SUBMITTED: _l("Sent"),
    ResponseStatus.PARTIAL: _l("Not finished: the answers given count"),
    ResponseStatus.ERASED: _l("Deleted at the person’s request"),
}
CONSENT_STATE_CLASSES = {
    ConsentState.UNKNOWN: "govuk-tag--grey", ConsentState.GIVEN: "govuk-tag--green",
    ConsentState.DECLINED: "govuk-tag--red", ConsentState.LATER: "govuk-tag--yellow",
    ConsentState.WITHDRAWN: "govuk-tag--red",
}
INVITATION_STATUS_CLASSES = {
    InvitationStatus.SCHEDULED: "govuk-tag--blue", InvitationStatus.SENDING: "govuk-tag--blue",
    InvitationStatus.SENT: "govuk-tag--light-blue", InvitationStatus.OPENED: "govuk-tag--light-blue",
    InvitationStatus.COMPLETED: "govuk-tag--green", InvitationStatus.EXPIRED: "govuk-tag--grey",
    InvitationStatus.CANCELLED: "govuk-tag--grey", InvitationStatus.FAILED: "govuk-tag--red",
}


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
        "answer_mode_labels": ANSWER_MODE_LABELS, "respondent_labels": RESPONDENT_LABELS,
        "support_labels": SUPPORT_LABELS, "assignment_status_labels": ASSIGNMENT_STATUS_LABELS,
        "response_status_labels": RESPONSE_STATUS_LABELS,
    }
