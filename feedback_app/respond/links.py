"""Survey links and the respondent's session.

A link's token is exchanged for a session once, then the browser is sent to an address without
it. The same link works again (on any device) until the answers are sent, the link expires, or
the person stops being willing; every other state gets one page that gives no hint of which.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import session
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, defer, joinedload

from ..i18n import LANGUAGES
from ..models import (
    Enquiry, Invitation, InvitationStatus, Organisation, Participant, ParticipantRole, Response,
    ResponseStatus, utcnow,
)
from ..tokens import hash_token

SESSION_KEY = "respond"
USABLE = (InvitationStatus.SENT, InvitationStatus.OPENED)


@dataclass
class Respondent:
    """Everything a questionnaire page needs about whose answers these are."""

    invitation: Invitation
    participant: Participant
    enquiry: Enquiry
    council: Organisation
    response: Response | None

    @property
    def for_representative(self) -> bool:
        return self.participant.role == ParticipantRole.REPRESENTATIVE


def _usable(invitation: Invitation | None, response: Response | None) -> bool:
    if invitation is None or invitation.status not in USABLE or invitation.expires_at <= utcnow():
        return False
    return response is None or response.status == ResponseStatus.IN_PROGRESS


def usable_invitation(db_session: Session, invitation: Invitation | None) -> bool:
    if invitation is None:
        return False
    response = db_session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    return _usable(invitation, response)


def exchange_token(db_session: Session, token: str) -> Invitation | None:
    """The invitation a link's token opens, if it may still be used; the session now holds it."""
    invitation = db_session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if not usable_invitation(db_session, invitation):
        return None
    participant = db_session.get(Participant, invitation.participant_id)
    # Keep the chosen language across the new session; otherwise start in the person's own.
    language = session.get("lang")
    session.clear()
    session["lang"] = language or (participant.language if participant.language in LANGUAGES else "en")
    session[SESSION_KEY] = {"invitation": invitation.id}
    session.permanent = True
    return invitation


def _build_respondent_query():
    # Every questionnaire page needs all of these, so they come back in one round trip. The
    # statement is built once: constructing it afresh cost more than running it.
    return (
        select(Invitation, Participant, Enquiry, Organisation, Response)
        .join(Participant, Participant.id == Invitation.participant_id)
        .join(Enquiry, Enquiry.id == Participant.enquiry_id)
        .join(Organisation, Organisation.id == Invitation.organisation_id)
        .outerjoin(Response, Response.invitation_id == Invitation.id)
        .where(Invitation.id == bindparam("invitation_id"))
        .options(
            # Joined rather than a second query: one round trip to the database per page.
            joinedload(Response.answers),
            # Staff notes are never shown to the person, so they are not decrypted here.
            defer(Participant.communication_notes),
        )
    )


RESPONDENT_QUERY = _build_respondent_query()


def current_respondent(db_session: Session) -> Respondent | None:
    """The respondent this browser is answering for, or None if the link is no longer usable."""
    state = session.get(SESSION_KEY) or {}
    if not state.get("invitation"):
        return None
    return load_respondent(db_session, state["invitation"], only_usable=True)


def load_respondent(db_session: Session, invitation, only_usable: bool = False) -> Respondent | None:
    invitation_id = invitation if isinstance(invitation, int) else invitation.id
    row = db_session.execute(RESPONDENT_QUERY, {"invitation_id": invitation_id}).unique().first()
    if row is None:
        return None
    invitation, participant, enquiry, council, response = row
    if only_usable and not _usable(invitation, response):
        return None
    return Respondent(invitation=invitation, participant=participant, enquiry=enquiry, council=council,
                      response=response)
def remember_finished(invitation: Invitation, outcome: str) -> None:
    """Keep just enough in the session to show the closing page, and nothing to go back to."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    session["respond_finished"] = {"invitation": invitation.id, "outcome": outcome}


def forget() -> None:
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
