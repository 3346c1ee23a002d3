"""Survey links and the respondent's session.

A link's token is exchanged for a session once, then the browser is sent to an address without
it. The same link works again (on any device) until the answers are sent, the link expires, or
the person stops being willing; every other state gets one page that gives no hint of which.

Every questionnaire page starts by loading the respondent, so that is one statement returning
plain rows rather than ORM objects. A page that only shows something reads without a
transaction (no BEGIN before the statement, no ROLLBACK after it); a page that saves reads inside
the transaction that saves, so that the check and the write commit together.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from flask import request, session
from sqlalchemy import Text, bindparam, cast, select, type_coerce
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..crypto import keyring
from ..db import db
from ..i18n import LANGUAGES
from ..models import (
    AskedBy, Answer, Enquiry, EnquiryKind, Invitation, InvitationStatus, Organisation, OutcomesAsked, Participant,
    ParticipantRole, RepresentativeKind, Response, ResponseStatus, Timing, utcnow,
)
from ..responses import LoadedResponse, StoredAnswer
from ..tokens import hash_token

SESSION_KEY = "respond"
USABLE = (InvitationStatus.SENT, InvitationStatus.OPENED)


@dataclass(frozen=True)
class InvitationFacts:
    id: int
    survey_id: str
    status: InvitationStatus
    expires_at: datetime
    participant_id: int
    organisation_id: int
    timing: Timing
    asked_by: AskedBy


@dataclass(frozen=True)
class ParticipantFacts:
    id: int
    role: ParticipantRole
    representative_kind: RepresentativeKind | None


@dataclass(frozen=True)
class CouncilFacts:
    id: int
    name: str
    settings: dict


class EnquiryFacts:
    """What the questionnaire reads from the enquiry: its kind, whether desired outcomes were
    recorded, and their words for the outcomes question, decrypted only when asked for."""

    def __init__(self, kind: EnquiryKind, outcomes_asked: OutcomesAsked | None, encrypted_outcomes: str | None):
        self.kind = kind
        self.outcomes_asked = outcomes_asked
        self._encrypted_outcomes = encrypted_outcomes

    @cached_property
    def desired_outcomes_text(self) -> str | None:
        return None if self._encrypted_outcomes is None else keyring.decrypt(self._encrypted_outcomes)


@dataclass
class Respondent:
    """Everything a questionnaire page needs about whose answers these are."""

    invitation: InvitationFacts
    participant: ParticipantFacts
    enquiry: EnquiryFacts
    council: CouncilFacts
    response: LoadedResponse | None

    @property
    def for_representative(self) -> bool:
        return self.participant.role == ParticipantRole.REPRESENTATIVE


def _usable(invitation, response) -> bool:
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
    # One row per answer (or one row with no answer), everything else repeated on each. Built
    # once: constructing the statement afresh cost more than running it.
    i, p, e, o = Invitation.__table__, Participant.__table__, Enquiry.__table__, Organisation.__table__
    r, a = Response.__table__, Answer.__table__
    return (
        select(
            i.c.id, i.c.survey_id, i.c.status, i.c.expires_at, i.c.participant_id, i.c.organisation_id,
            i.c.timing, i.c.asked_by,
            p.c.role, p.c.representative_kind,
            # The desired outcomes (encrypted) and the council's settings (JSON) repeat on every
            # row, so they come back raw and are decoded once, by EnquiryFacts and _respondent.
            e.c.kind, e.c.outcomes_asked, type_coerce(e.c.desired_outcomes_text, Text).label("encrypted_outcomes"),
            o.c.name, cast(o.c.settings, Text).label("settings_json"),
            r.c.id.label("response_id"), r.c.organisation_id.label("response_organisation_id"),
            r.c.participant_id.label("response_participant_id"), r.c.survey_id.label("response_survey_id"),
            r.c.survey_version, r.c.status.label("response_status"), r.c.current_question,
            a.c.question_key, a.c.choice_key, a.c.free_text,
        )
        .select_from(
            i.join(p, p.c.id == i.c.participant_id)
            .join(e, e.c.id == p.c.enquiry_id)
            .join(o, o.c.id == i.c.organisation_id)
            .outerjoin(r, r.c.invitation_id == i.c.id)
            .outerjoin(a, a.c.response_id == r.c.id)
        )
        .where(i.c.id == bindparam("invitation_id"))
        .order_by(a.c.id)
    )


RESPONDENT_QUERY = _build_respondent_query()


def current_respondent(db_session: Session) -> Respondent | None:
    """The respondent this browser is answering for, or None if the link is no longer usable."""
    state = session.get(SESSION_KEY) or {}
    if not state.get("invitation"):
        return None
    return load_respondent(db_session, state["invitation"], only_usable=True)


def load_respondent(db_session: Session, invitation, only_usable: bool = False) -> Respondent | None:
    """Read in the session's transaction on a POST (which may save), without one otherwise."""
    invitation_id = invitation if isinstance(invitation, int) else invitation.id
    rows = _read(db_session, invitation_id, in_transaction=request.method == "POST")
    if not rows:
        return None
    respondent = _respondent(rows)
    if only_usable and not _usable(respondent.invitation, respondent.response):
        return None
    return respondent


def _read(db_session: Session, invitation_id: int, in_transaction: bool):
    for attempt in (1, 2):
        try:
            if in_transaction:
                return db_session.connection().execute(RESPONDENT_QUERY, {"invitation_id": invitation_id}).all()
            # Straight from the engine: a page that only reads never opens an ORM session.
            with db.engine.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                return connection.execute(RESPONDENT_QUERY, {"invitation_id": invitation_id}).all()
        except DBAPIError as error:
            # The database dropped a pooled connection that had not been idle long enough to be
            # checked first (a restart, say). Nothing has been written yet, so read again on a
            # fresh connection: the pool has already replaced its connections.
            if attempt == 2 or not error.connection_invalidated:
                raise
            if in_transaction:
                db_session.rollback()


def _respondent(rows) -> Respondent:
    first = rows[0]
    response = None
    if first.response_id is not None:
        response = LoadedResponse(
            id=first.response_id, organisation_id=first.response_organisation_id,
            participant_id=first.response_participant_id, survey_id=first.response_survey_id,
            survey_version=first.survey_version, status=first.response_status,
            current_question=first.current_question,
            answers=[StoredAnswer(row.question_key, row.choice_key, row.free_text)
                     for row in rows if row.question_key is not None],
        )
    return Respondent(
        invitation=InvitationFacts(first.id, first.survey_id, first.status, first.expires_at, first.participant_id,
                                   first.organisation_id, first.timing, first.asked_by),
        participant=ParticipantFacts(first.participant_id, first.role, first.representative_kind),
        enquiry=EnquiryFacts(first.kind, first.outcomes_asked, first.encrypted_outcomes),
        council=CouncilFacts(first.organisation_id, first.name, json.loads(first.settings_json)),
        response=response,
    )


def remember_finished(invitation, outcome: str) -> None:
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
