"""Vocabularies stored in the database. Values are stable keys; labels live in the interface."""
from __future__ import annotations

import enum

from sqlalchemy import Enum


def str_enum(enum_class: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class OrganisationKind(str, enum.Enum):
    COUNCIL = "council"
    ADVOCACY = "advocacy"
    HEALTHWATCH = "healthwatch"
    NATIONAL = "national"


class Role(str, enum.Enum):
    ADMIN = "admin"
    PRACTITIONER = "practitioner"
    ANALYST = "analyst"
    DUTY = "duty"
    ADVOCATE = "advocate"
    NATIONAL = "national"


class EnquiryKind(str, enum.Enum):
    S42 = "s42"
    OTHER = "other"


class OutcomesAsked(str, enum.Enum):
    """MSP framework Q1 and Safeguarding Adults Collection table SG4a."""

    EXPRESSED = "asked_expressed"
    NOT_EXPRESSED = "asked_not_expressed"
    NOT_ASKED = "not_asked"
    DONT_KNOW = "dont_know"
    NOT_RECORDED = "not_recorded"


class OutcomesAchieved(str, enum.Enum):
    """MSP framework Q2."""

    FULLY = "fully"
    PARTIALLY = "partially"
    NOT_ACHIEVED = "not_achieved"


class RiskOutcome(str, enum.Enum):
    REMOVED = "removed"
    REDUCED = "reduced"
    REMAINED = "remained"


class ParticipantRole(str, enum.Enum):
    ADULT = "adult"
    REPRESENTATIVE = "representative"


class RepresentativeKind(str, enum.Enum):
    FAMILY = "family"
    FRIEND = "friend"
    CARER = "carer"
    CARE_ACT_ADVOCATE = "care_act_advocate"
    IMCA = "imca"
    ATTORNEY = "attorney"      # lasting power of attorney for health and welfare
    DEPUTY = "deputy"          # a deputy appointed by the Court of Protection


class ContactKind(str, enum.Enum):
    PHONE = "phone"
    POSTAL = "postal"


class Channel(str, enum.Enum):
    WEB = "web"
    SMS = "sms"
    PAPER = "paper"
    ASSISTED = "assisted"
    STAFF = "staff"


class Timing(str, enum.Enum):
    DURING = "during"
    AT_CLOSURE = "at_closure"
    AFTER = "after"


class FeedbackWindow(str, enum.Enum):
    """When feedback was given, measured from the day the enquiry closed: the framework counts
    feedback from closure to eight weeks after; earlier and later feedback is reported apart."""
    DURING = "during"  # before the enquiry closed
    AFTER = "after"  # from the day it closed to eight weeks after
    LATE = "late"  # more than eight weeks after it closed


class AskedBy(str, enum.Enum):
    INDEPENDENT = "independent"
    ENQUIRY_LEAD = "enquiry_lead"


class InvitationStatus(str, enum.Enum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    SENT = "sent"
    OPENED = "opened"
    COMPLETED = "completed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    FAILED = "failed"


class ConsentKind(str, enum.Enum):
    GIVEN = "given"
    DECLINED = "declined"
    LATER = "later"
    WITHDRAWN = "withdrawn"
    ERASE_REQUESTED = "erase_requested"
    ERASED = "erased"
    STOP = "stop"
    START = "start"


class ConsentState(str, enum.Enum):
    UNKNOWN = "unknown"
    GIVEN = "given"
    DECLINED = "declined"
    LATER = "later"
    WITHDRAWN = "withdrawn"


class Respondent(str, enum.Enum):
    ADULT = "adult"
    ADULT_WITH_HELP = "adult_with_help"
    REPRESENTATIVE = "representative"


class AnswerMode(str, enum.Enum):
    """How the answers reached us: the person alone, with support, written down for them, a
    representative's own view, or taken by telephone."""

    SELF = "self"
    SUPPORTED = "supported"
    OWN_WORDS_WRITTEN = "own_words_written"
    REPRESENTATIVE_VIEW = "representative_view"
    TELEPHONE = "telephone"


class ResponseStatus(str, enum.Enum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    # Stopped before sending, and the person can no longer add to it (their link ran out, or
    # eight weeks passed since the enquiry closed): its answers count, as far as they go.
    PARTIAL = "partial"
    ERASED = "erased"


# The responses whose answers are in the figures.
COUNTED_RESPONSES = (ResponseStatus.SUBMITTED, ResponseStatus.PARTIAL)


class AlertKind(str, enum.Enum):
    SAFETY_REQUEST = "safety_request"
    FLAGGED_TEXT = "flagged_text"


class AlertStatus(str, enum.Enum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


class ConversationStatus(str, enum.Enum):
    """Where a questionnaire by text stands."""

    WAITING = "waiting"      # another conversation is open on the same phone
    OPEN = "open"            # a question has been asked and a reply is awaited
    PAUSED = "paused"        # the person replied LATER; a reminder resumes it
    FINISHED = "finished"    # the answers were sent
    CLOSED = "closed"        # declined, withdrawn, stopped or expired


class BatchStatus(str, enum.Enum):
    """Where a day's batch of paper forms stands."""

    WAITING = "waiting"        # forms added; the dispatcher has yet to make the PDF
    RENDERING = "rendering"    # the PDF is being made
    READY = "ready"            # the PDF can be downloaded and printed
    POSTED = "posted"          # staff said the letters went in the post


class KeyingStatus(str, enum.Enum):
    """Where a keyed paper form stands."""

    WAITING = "waiting"        # keyed once; a second person is to key it
    DIFFERENT = "different"    # keyed twice with differences to settle
    RECORDED = "recorded"      # the answers are recorded as the form's response
    SET_ASIDE = "set_aside"    # not recorded (the form could not be used, or consent was withdrawn)


class AssignmentStatus(str, enum.Enum):
    """Where a partner organisation's work with one person stands."""

    ASSIGNED = "assigned"        # with the partner (and perhaps one of its people)
    CONTACTED = "contacted"      # the advocate has been in touch
    ANSWERED = "answered"        # the answers were sent
    DECLINED = "declined"        # the person (or representative) said no
    UNREACHABLE = "unreachable"  # the advocate could not reach them
    WITHDRAWN = "withdrawn"      # the council took it back, or consent was withdrawn elsewhere


class ReturnStatus(str, enum.Enum):
    DRAFT = "draft"
    FINAL = "final"
