"""Casework records: validating and saving what practitioners record about an enquiry.

Every entry point (these pages, a CSV import, a JSON API) goes through the same two steps:

1. ``validate_*(data)`` turns loose values into clean ones and returns ``(clean, errors)``,
   where ``errors`` maps each field to a translated message naming it. Nothing is written.
2. A writer (``register_enquiry``, ``add_participant`` ...) takes the clean values, makes the
   checks that need the database (raising ``RecordRejected`` with the same kind of errors),
   writes the change and its audit event, and commits: all of it or none of it.
"""
from .checks import DateMessages, RecordRejected, parse_date, today
from .consent import (
    DECISIONS, HOW_OBTAINED, record_consent_decision, record_erasure_request, record_withdrawal, validate_consent,
    validate_withdrawal,
)
from .contacts import (
    add_contact_point, can_receive_texts, contact_status, record_safe_check,
    postable_contacts, textable_contacts, validate_phone, validate_postal, validate_safe_check,
)
from .enquiries import (
    find_by_reference, possible_leads, register_enquiry, update_enquiry, validate_closure,
    validate_enquiry,
)
from .outcomes import record_msp_items, validate_msp_record
from .participants import (
    CAPACITY_BASES, FORMAT_NEEDS, add_participant, note_participant_viewed, update_participant,
    validate_participant,
)
from .scheduling import (
    DEFAULT_DAYS_AFTER_CLOSURE, DEFAULT_LINK_DAYS, FRAMEWORK_WINDOW_DAYS, LATE_WARNING, cancel_invitation,
    council_setting, days_after_closure, due_moment, is_awaiting_closure, pending_invitations,
    schedule_blockers, schedule_feedback, validate_schedule,
)
from .screening import reason_field, record_screening, validate_screening

__all__ = [
    "DateMessages", "RecordRejected", "parse_date", "today", "DECISIONS", "HOW_OBTAINED",
    "record_consent_decision", "record_erasure_request", "record_withdrawal", "validate_consent", "validate_withdrawal",
    "add_contact_point", "can_receive_texts", "contact_status", "record_safe_check",
    "postable_contacts", "textable_contacts", "validate_phone", "validate_postal", "validate_safe_check",
    "find_by_reference", "possible_leads", "register_enquiry", "update_enquiry",
    "validate_closure", "validate_enquiry", "record_msp_items", "validate_msp_record",
    "CAPACITY_BASES", "FORMAT_NEEDS", "add_participant", "note_participant_viewed",
    "update_participant", "validate_participant", "DEFAULT_DAYS_AFTER_CLOSURE",
    "DEFAULT_LINK_DAYS", "FRAMEWORK_WINDOW_DAYS", "LATE_WARNING", "cancel_invitation",
    "council_setting", "days_after_closure", "due_moment", "is_awaiting_closure",
    "pending_invitations", "schedule_blockers", "schedule_feedback", "validate_schedule",
    "reason_field", "record_screening", "validate_screening",
]
