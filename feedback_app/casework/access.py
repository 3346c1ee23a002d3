"""Whose casework a member of staff may see or change, and finding records within it.

The session's organisation scope already hides other organisations' records. Casework narrows
it further to the councils where the user holds a casework role, so that someone who is a
practitioner in one council and an analyst in another sees only the first council's cases.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ContactPoint, Enquiry, Invitation, Organisation, Participant, Role

VIEW_ROLES = (Role.PRACTITIONER, Role.ADMIN)
CHANGE_ROLES = (Role.PRACTITIONER,)


def organisation_ids(user, roles=VIEW_ROLES) -> set[int]:
    return {m.organisation_id for m in user.memberships
            if m.role in roles and m.organisation.is_council}


def practising_council(user) -> Organisation | None:
    """The council whose enquiries ``user`` registers (the first, should there be several)."""
    memberships = sorted((m for m in user.memberships
                          if m.role in CHANGE_ROLES and m.organisation.is_council),
                         key=lambda m: m.organisation_id)
    return memberships[0].organisation if memberships else None


def may_change(user, record) -> bool:
    return record.organisation_id in organisation_ids(user, CHANGE_ROLES)


def _find(session: Session, model, record_id: int, user, roles):
    return session.scalar(select(model).where(
        model.id == record_id, model.organisation_id.in_(organisation_ids(user, roles))))


def find_enquiry(session: Session, user, enquiry_id: int, *, change=False) -> Enquiry | None:
    return _find(session, Enquiry, enquiry_id, user, CHANGE_ROLES if change else VIEW_ROLES)


def find_participant(session: Session, user, participant_id: int, *, change=False) -> Participant | None:
    return _find(session, Participant, participant_id, user, CHANGE_ROLES if change else VIEW_ROLES)


def find_contact_point(session: Session, user, contact_id: int) -> ContactPoint | None:
    contact = _find(session, ContactPoint, contact_id, user, CHANGE_ROLES)
    return None if contact is None or contact.purged_at is not None else contact


def find_invitation(session: Session, user, invitation_id: int) -> Invitation | None:
    return _find(session, Invitation, invitation_id, user, CHANGE_ROLES)
