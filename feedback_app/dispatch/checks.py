"""What is checked again immediately before every text: consent, capacity, screening, a safe
phone number, and the time. Practitioners record these when they plan an invitation, but any of them
can change before it is due, and a text to a phone someone else can see may put a person at risk.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..capacity import direct_contact_allowed
from ..consent import may_contact
from ..models import ContactKind, ContactPoint, Invitation, Organisation, Participant
from ..screening import screening_clear
from . import settings
from .timing import Window, allowed_at, next_allowed, safe_window


@dataclass
class Recipient:
    """Everything a text to one participant needs, once the checks have passed."""

    invitation: Invitation
    participant: Participant
    council: Organisation
    contact: ContactPoint

    @property
    def council_name(self) -> str | None:
        """The council's name, only if the person said a text may show it."""
        return self.council.name if self.contact.may_name_council else None

    def timing(self) -> tuple[Window, Window | None]:
        quiet = Window(*settings.quiet_hours(self.council.settings))
        return quiet, safe_window(self.contact.safe_from, self.contact.safe_until)

    def allowed_at(self, moment: datetime) -> bool:
        return allowed_at(moment, *self.timing())

    def next_allowed(self, moment: datetime) -> datetime | None:
        return next_allowed(moment, *self.timing())


def safe_contact(session: Session, participant_id: int, kind: ContactKind) -> ContactPoint | None:
    """The phone number or postal address most recently checked as safe and private, if any is left."""
    contacts = session.scalars(
        select(ContactPoint)
        .where(ContactPoint.participant_id == participant_id, ContactPoint.kind == kind,
               ContactPoint.purged_at.is_(None), ContactPoint.value.is_not(None))
        .order_by(ContactPoint.safe_checked_at.desc(), ContactPoint.id.desc())
    ).all()
    return next((contact for contact in contacts if contact.safe_check_complete), None)


def safe_phone(session: Session, participant_id: int) -> ContactPoint | None:
    return safe_contact(session, participant_id, ContactKind.PHONE)


def check_recipient(session: Session, invitation: Invitation) -> tuple[Recipient | None, str | None]:
    """The recipient if the person may be texted at all (time aside), else the reason not to."""
    participant = session.get(Participant, invitation.participant_id)
    if not may_contact(session, participant.id):
        return None, "no_consent"
    if not direct_contact_allowed(participant):
        return None, "capacity"
    if not screening_clear(participant.screening):
        return None, "screening"
    contact = safe_phone(session, participant.id)
    if contact is None:
        return None, "no_safe_contact"
    council = session.get(Organisation, invitation.organisation_id)
    return Recipient(invitation, participant, council, contact), None
