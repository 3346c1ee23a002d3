"""Capacity and who may be contacted.

Capacity is about one decision, assessed by a practitioner and never inferred from a diagnosis;
the participant record keeps only its basis: the adult gives consent, or a representative does
because the adult lacks capacity to make this decision. An adult recorded as lacking capacity is
never contacted directly, by text, post or link. The request goes to a representative on record
(family, friend, carer, Care Act advocate, IMCA, attorney or deputy) or to an assisted visit by a
partner organisation; with neither, the adult is screened out for that reason.

The dispatcher and every page that opens a questionnaire ask ``direct_contact_allowed`` again
just before acting, as they do for consent and safe contact.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Assignment, Participant, ParticipantRole

ADULT_CONSENTS = "adult_consents"
REPRESENTATIVE_CONSENTS = "representative_consents"
# Why a participant is screened out by this rule (a key, worded in labels).
NOBODY_TO_ASK = "capacity_nobody_to_ask"


def lacks_capacity(participant) -> bool:
    """The adult the enquiry is about, recorded as lacking capacity to decide about being asked."""
    return participant.role == ParticipantRole.ADULT and participant.capacity_basis == REPRESENTATIVE_CONSENTS


def direct_contact_allowed(participant) -> bool:
    """Whether a text, a letter or a link may go to this participant themselves."""
    return not lacks_capacity(participant)


def representatives_on_record(session: Session, participant) -> list[Participant]:
    """The representatives recorded on the same enquiry."""
    return list(session.scalars(select(Participant).where(
        Participant.enquiry_id == participant.enquiry_id, Participant.role == ParticipantRole.REPRESENTATIVE,
        Participant.id != participant.id).order_by(Participant.id)))


def screened_out_for_capacity(session: Session, participant) -> bool:
    """An adult lacking capacity with no representative on record: nobody may be asked, unless an
    assisted visit has been arranged (an open assignment to a partner organisation)."""
    if not lacks_capacity(participant) or representatives_on_record(session, participant):
        return False
    return session.scalar(select(Assignment.id).where(
        Assignment.participant_id == participant.id, Assignment.ended_at.is_(None))) is None


NOBODY_RECORDED = "nobody_recorded"


def person_to_ask(adult, representatives: list) -> tuple:
    """Who to ask about an enquiry: the adult, or a representative where the adult lacks capacity
    or is not recorded; (None, why) when there is nobody."""
    if adult is not None and not lacks_capacity(adult):
        return adult, None
    if not representatives:
        return None, NOBODY_TO_ASK if adult is not None else NOBODY_RECORDED
    return representatives[0], None
