"""Survey links and the respondent's session.

A link's token is exchanged for a session once, then the browser is sent to an address without
it. The same link works again (on any device) until the answers are sent, the link expires, or
the person stops being willing (or is recorded as lacking capacity to decide, when only their
representative may be asked); every other state gets one page that gives no hint of which.

Every questionnaire page starts by reading the response's state (``answers.load_state``): one
statement returning plain rows. A page that only shows something reads without a transaction;
a page that saves reads inside the transaction that saves, so that the check and the write
commit together.
"""
from __future__ import annotations

from flask import request, session
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..answers import ANSWERABLE, ResponseState, load_state
from ..capacity import direct_contact_allowed
from ..i18n import PEOPLE_LANGUAGES_KEY
from ..models import Invitation, Organisation, Participant, Response, ResponseStatus, utcnow
from ..people_languages import languages_for
from ..tokens import hash_token

SESSION_KEY = "respond"
FINISHED_KEY = "respond_finished"
# What this browser holds about the person answering. Only these are cleared when a link is opened
# or the person leaves: a member of staff signed in on the same browser stays signed in.
RESPONDENT_KEYS = (SESSION_KEY, FINISHED_KEY, PEOPLE_LANGUAGES_KEY)


def usable_invitation(db_session: Session, invitation: Invitation | None) -> bool:
    """Whether a link to ``invitation`` may still be used to answer."""
    if invitation is None or invitation.status not in ANSWERABLE or invitation.expires_at <= utcnow():
        return False
    status = db_session.scalar(select(Response.status).where(Response.invitation_id == invitation.id))
    return status is None or status == ResponseStatus.IN_PROGRESS


def exchange_token(db_session: Session, token: str) -> Invitation | None:
    """The invitation a link's token opens, if it may still be used; the session now holds it."""
    hashed = hash_token(token)
    # The link in the first text or the one in the reminder: both open the same questionnaire.
    invitation = db_session.scalar(select(Invitation).where(
        or_(Invitation.token_hash == hashed, Invitation.previous_token_hash == hashed)))
    if not usable_invitation(db_session, invitation) or not direct_contact_allowed(invitation.participant):
        return None
    return begin_answering(db_session, invitation)


def begin_answering(db_session: Session, invitation: Invitation) -> Invitation:
    """This browser now answers ``invitation``'s questionnaire (a link, or a paper form's code)."""
    participant = db_session.get(Participant, invitation.participant_id)
    allowed = languages_for(db_session.get(Organisation, participant.organisation_id).settings, participant.language)
    # Keep the chosen language across the new session, if the council offers it; otherwise start
    # in the person's own.
    language = session.get("lang")
    forget()
    session["lang"] = language if language in allowed else (participant.language if participant.language in allowed
                                                             else "en")
    session[PEOPLE_LANGUAGES_KEY] = allowed
    session[SESSION_KEY] = {"invitation": invitation.id}
    session.permanent = True
    return invitation


def current_respondent(db_session: Session) -> ResponseState | None:
    """The respondent this browser is answering for, or None if the link is no longer usable."""
    state = session.get(SESSION_KEY) or {}
    if not state.get("invitation"):
        return None
    return load_respondent(db_session, state["invitation"], only_usable=True)


def load_respondent(db_session: Session, invitation, only_usable: bool = False) -> ResponseState | None:
    """Read in the session's transaction on a POST (which may save), without one otherwise."""
    invitation_id = invitation if isinstance(invitation, int) else invitation.id
    respondent = load_state(db_session, invitation_id, in_transaction=request.method == "POST")
    if respondent is None or (only_usable and not respondent.answerable):
        return None
    return respondent


def remember_finished(invitation, outcome: str) -> None:
    """Keep just enough in the session to show the closing page, and nothing to go back to."""
    allowed = session.get(PEOPLE_LANGUAGES_KEY)
    forget()
    session[FINISHED_KEY] = {"invitation": invitation.id, "outcome": outcome}
    if allowed:
        session[PEOPLE_LANGUAGES_KEY] = allowed


def forget() -> None:
    """Forget the person's questionnaire in this browser; the language and any staff sign-in stay."""
    for key in RESPONDENT_KEYS:
        session.pop(key, None)
