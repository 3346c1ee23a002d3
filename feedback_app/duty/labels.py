"""What the duty desk's pages are given to show: tag colours for an alert's state, the words
for the steps in its history, and the shared vocabulary labels from feedback_app/labels.py."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..labels import (
    ALERT_KIND_LABELS, ALERT_STATUS_LABELS, CHANNEL_LABELS, CONTACT_KIND_LABELS, ENQUIRY_KIND_LABELS,
    PARTICIPANT_ROLE_LABELS, REPRESENTATIVE_KIND_LABELS, RESPONDENT_LABELS, format_needs, language_name,
)
from ..models.enums import AlertKind, AlertStatus, ContactKind

# Each tag also carries its word, so the colour is never the only sign of the state.
ALERT_STATUS_CLASSES = {
    AlertStatus.OPEN: "govuk-tag--red",
    AlertStatus.ACKNOWLEDGED: "govuk-tag--yellow",
    AlertStatus.CLOSED: "govuk-tag--grey",
}

HISTORY_LABELS = {
    "alert_raised": _l("Alert raised"),
    "alert_escalated": _l("Overdue: not acknowledged in time"),
    "alert_acknowledged": _l("Acknowledged"),
    "alert_closed": _l("Closed"),
}


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
